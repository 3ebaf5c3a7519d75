// The warning before an idle session ends (redaksi/accounts/sessions.py). A minute before, a dialog
// counts down with a "Stay logged in" button; at zero the page reloads and the server sends the user to
// the login page. Another tab's activity counts too: the server is asked before the dialog opens.
(() => {
  const dialog = document.getElementById("session-timeout");
  if (!dialog || typeof dialog.showModal !== "function") return;
  const form = dialog.querySelector("form");
  const button = dialog.querySelector("[data-extend]");
  const idleLimit = Number(dialog.dataset.idle) || 1800;
  const warn = Number(dialog.dataset.warn) || 60;
  let timer = null;
  let ticker = null;
  let deadline = 0;

  function schedule(remaining, warn) {
    clearTimeout(timer);
    timer = setTimeout(check, Math.max(0, remaining - warn) * 1000);
  }

  function ended() {
    window.location.assign(window.location.href);
  }

  async function ask(url, options) {
    try {
      const answer = await fetch(url, { credentials: "same-origin", cache: "no-store", ...options,
        headers: { Accept: "application/json", ...(options && options.headers) } });
      // 401: the session ended here; a redirect to the login page: it was already gone (logged out elsewhere).
      if (answer.status === 401 || answer.redirected) { ended(); return null; }
      return answer.ok ? answer.json() : null;
    } catch (error) {
      return null; // offline for a moment: try again shortly
    }
  }

  async function check() {
    const state = await ask(dialog.dataset.statusUrl);
    if (!state) { timer = setTimeout(check, 10000); return; }
    if (state.remaining > state.warn) { hide(); schedule(state.remaining, state.warn); return; }
    show(state);
  }

  function countdown() {
    const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    for (const place of dialog.querySelectorAll("[data-countdown]")) place.textContent = String(left);
    if (left <= 0) { clearInterval(ticker); check(); }
  }

  function show(state) {
    deadline = Date.now() + state.remaining * 1000;
    dialog.querySelector('[data-when="idle"]').hidden = !state.extendable;
    dialog.querySelector('[data-when="absolute"]').hidden = state.extendable;
    button.hidden = !state.extendable;
    countdown();
    clearInterval(ticker);
    ticker = setInterval(countdown, 1000);
    if (!dialog.open) dialog.showModal();
    if (state.extendable) button.focus();
  }

  function hide() {
    clearInterval(ticker);
    if (dialog.open) dialog.close();
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    const state = await ask(form.action, { method: "POST", body: new FormData(form),
      headers: { "X-CSRFToken": form.elements.csrfmiddlewaretoken.value } });
    button.disabled = false;
    if (state) { hide(); schedule(state.remaining, state.warn); }
  });
  // Escape would close the dialog without telling the server: keep it open until an answer.
  dialog.addEventListener("cancel", (event) => event.preventDefault());
  // A request of htmx (a saved draft, a reloaded list) is activity: start counting again.
  document.addEventListener("htmx:afterRequest", () => { if (!dialog.open) schedule(idleLimit, warn); });

  schedule(Number(dialog.dataset.remaining) || idleLimit, warn);
})();
