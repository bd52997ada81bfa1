// Behaviour shared by every page, wired to data- attributes: the Content-Security-Policy allows no
// inline script or event handler, so pages say what they need in markup and this file acts on it.
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el instanceof HTMLElement && el.matches("[data-autosubmit]") && el.form) el.form.requestSubmit();
});
