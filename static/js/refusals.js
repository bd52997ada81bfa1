// Refused steps show their reason where the user clicked, in every htmx panel.
//
// htmx drops 4xx/5xx answers by default, so a refused step (409: "尚有1项承诺未落实，不能销号";
// 400: a form with its field errors) looked like a button doing nothing. The server answers a panel's
// request with a fragment (web/partials/refused.html, or the form with its errors): swap it in like a
// success. A whole error page (a 404, a 500) or no answer at all becomes a short alert next to the
// element that was used. Kept in a static file so a strict Content-Security-Policy needs no 'unsafe-inline'.
(function () {
  "use strict";

  var NETWORK = "网络连接失败，操作未完成，请检查网络后重试。";
  var GENERIC = "操作未能完成，请刷新页面后重试。";

  function isFragment(text) {
    return Boolean(text && text.trim()) && !/<html[\s>]/i.test(text);
  }

  function messageOf(text) {
    // The reason our error pages give (templates/403.html, 404.html, 409.html), else a generic one.
    try {
      var doc = new DOMParser().parseFromString(text || "", "text/html");
      var node = doc.querySelector(".error-page p, [role=alert]");
      var said = node && node.textContent.trim();
      return said || GENERIC;
    } catch (err) {
      return GENERIC;
    }
  }

  function alertNear(elt, message) {
    var anchor = (elt && elt.closest && elt.closest("form")) || elt;
    if (!anchor || !anchor.parentNode) return;
    var next = anchor.nextElementSibling;
    var box = next && next.classList.contains("refused") && next.dataset.refusalNear ? next : null;
    if (!box) {
      box = document.createElement("p");
      box.className = "refused";
      box.setAttribute("role", "alert");
      box.dataset.refusalNear = "1";
      anchor.parentNode.insertBefore(box, anchor.nextSibling);
    }
    box.textContent = message;
  }

  document.addEventListener("htmx:beforeSwap", function (e) {
    var xhr = e.detail.xhr;
    if (xhr.status < 400) return;
    if (xhr.status < 500 && isFragment(xhr.responseText)) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    } else {
      e.detail.shouldSwap = false;
      alertNear(e.detail.elt, messageOf(xhr.responseText));
    }
  });

  document.addEventListener("htmx:sendError", function (e) {
    alertNear(e.detail.elt, NETWORK);
  });
})();
