// Behaviour shared by every page, wired to data- attributes: the Content-Security-Policy allows no
// inline script or event handler, so pages say what they need in markup and this file acts on it.
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el instanceof HTMLElement && el.matches("[data-autosubmit]") && el.form) el.form.requestSubmit();
});

// “全选本页”: tick every row box of its group (the rows still post without this script).
document.querySelectorAll("[data-select-all]").forEach((all) => {
  all.addEventListener("change", () => {
    document.querySelectorAll(`[data-group="${all.dataset.selectAll}"]`).forEach((box) => { box.checked = all.checked; });
  });
});

// The print view's 打印 button.
document.querySelectorAll("[data-print]").forEach((button) => button.addEventListener("click", () => window.print()));
