/* Redaksi public site: counts a read and shows the live count; enables the copy-link button. Nothing blocks rendering. */
(function () {
  "use strict";
  var article = document.querySelector("[data-item]");
  // A staff preview is not a read: the item may not even be public yet.
  if (article && window.fetch && !document.querySelector("[data-preview]")) {
    fetch("/api/dibaca/" + encodeURIComponent(article.getAttribute("data-item")) + "/", {
      method: "POST", credentials: "omit", keepalive: true, headers: { "Accept": "application/json" }
    }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      var el = document.querySelector("[data-count]");
      if (data && el && typeof data.views === "number") { el.textContent = data.views.toLocaleString("id-ID"); }
    }).catch(function () {});
  }
  var copy = document.querySelector("[data-copy]");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(copy.getAttribute("data-copy")).then(function () {
        copy.textContent = copy.getAttribute("data-done");
      });
    });
  }
})();
