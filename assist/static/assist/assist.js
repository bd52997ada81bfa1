// Smart assistance (assist/): the draft panel while a deputy writes, and one-click 采用 of recommended units.
(function () {
  "use strict";
  var timer = null;

  function refreshDraftPanel() {
    var panel = document.getElementById("assist-panel");
    if (!panel || !window.htmx) return;
    var title = document.getElementById("id_title");
    var body = document.getElementById("id_body");
    var draft = document.getElementById("draft-id");
    var params = new URLSearchParams({
      title: title ? title.value : "",
      body: body ? body.value : "",
      draft: draft ? draft.value : "",
    });
    window.htmx.ajax("GET", panel.dataset.url + "?" + params.toString(), { target: panel, swap: "innerHTML" });
  }

  document.addEventListener("input", function (e) {
    if (!e.target || (e.target.id !== "id_title" && e.target.id !== "id_body")) return;
    if (!document.getElementById("assist-panel")) return;
    clearTimeout(timer);
    timer = setTimeout(refreshDraftPanel, 800); // debounced: once the deputy pauses
  });

  document.addEventListener("DOMContentLoaded", function () {
    var title = document.getElementById("id_title");
    if (title && title.value && document.getElementById("assist-panel")) refreshDraftPanel();
  });

  document.addEventListener("click", function (e) {
    var btn = e.target.closest && e.target.closest("[data-assist-accept]");
    if (!btn) return;
    var form = btn.closest("form") || document;
    var lead = form.querySelector("select[name=lead_unit]");
    if (lead) lead.value = btn.dataset.lead;
    var co = form.querySelector("select[name=co_units]");
    if (co) {
      var wanted = (btn.dataset.co || "").split(",").filter(Boolean);
      Array.prototype.forEach.call(co.options, function (o) {
        o.selected = wanted.indexOf(o.value) >= 0 && o.value !== btn.dataset.lead;
      });
    }
    btn.textContent = "已采用推荐，可再调整后提交";
  });
})();
