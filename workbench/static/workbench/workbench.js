// Workbench helpers: selection counts in the batch-assignment table, candidate buttons that fill a select.
(function () {
  "use strict";

  function updateCount() {
    var all = document.getElementById("all-matching");
    var out = document.getElementById("selected-count");
    if (!out) return;
    var n = all && all.checked ? Number(all.dataset.total) : document.querySelectorAll(".row-check:checked").length;
    out.textContent = "已选 " + n + " 件";
  }

  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t.id === "check-page") {
      document.querySelectorAll(".row-check").forEach(function (box) { box.checked = t.checked; });
    }
    if (t.id === "all-matching" && t.checked) {
      document.querySelectorAll(".row-check").forEach(function (box) { box.checked = true; });
      var page = document.getElementById("check-page");
      if (page) page.checked = true;
    }
    if (t.classList && t.classList.contains("row-check") && !t.checked) {
      var allBox = document.getElementById("all-matching");
      if (allBox) allBox.checked = false;
    }
    updateCount();
  });

  document.addEventListener("click", function (e) {
    var btn = e.target.closest && e.target.closest("[data-set-select]");
    if (!btn) return;
    var select = document.querySelector(btn.dataset.setSelect);
    if (select) {
      select.value = btn.dataset.value;
      select.focus();
    }
  });

  document.addEventListener("submit", function (e) {
    if (e.target.id !== "assign-form") return;
    var all = document.getElementById("all-matching");
    var n = all && all.checked ? Number(all.dataset.total) : document.querySelectorAll(".row-check:checked").length;
    if (n > 0 && !window.confirm("确定交办所选的 " + n + " 件建议吗？")) e.preventDefault();
  });
})();
