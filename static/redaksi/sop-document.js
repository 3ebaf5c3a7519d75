// The SOP document page: "Print" opens the browser's print dialog (no inline script: the CSP forbids it).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
