// The staff header's two menus: the whole menu on a narrow screen, and the account menu (name,
// language, log out). Loaded in <head> without defer so the "js" class is set before the first
// paint: the CSS collapses the menus only when this script runs, so without JavaScript every
// link stays on the page.
(() => {
  "use strict";
  document.documentElement.classList.add("js");

  function setOpen(button, open) {
    button.setAttribute("aria-expanded", String(open));
    document.getElementById(button.getAttribute("aria-controls"))?.classList.toggle("is-open", open);
  }

  function openButtons() {
    return [...document.querySelectorAll("[data-menu-toggle][aria-expanded='true']")];
  }

  document.addEventListener("click", (event) => {
    const toggle = event.target.closest("[data-menu-toggle]");
    // Close every open menu the click was not in; a click on a toggle then opens or closes its own.
    for (const button of openButtons()) {
      const panel = document.getElementById(button.getAttribute("aria-controls"));
      if (button !== toggle && !panel?.contains(event.target)) setOpen(button, false);
    }
    if (toggle) setOpen(toggle, toggle.getAttribute("aria-expanded") !== "true");
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const open = openButtons().pop();
    if (open) {
      setOpen(open, false);
      open.focus();
    }
  });
})();
