// What the save will do, said again as the person types. The server's rule (policy.save_effect)
// is stated above the Save button; under the "title-or-lead" rule the answer depends on the
// fields changed, so this compares the title and the lead with the text the form opened with.
(() => {
  "use strict";
  const live = document.getElementById("save-effect-live");
  const form = document.getElementById("item-form");
  if (!live || !form || live.dataset.rule !== "title-or-lead") return;
  const fields = ["title", "lead"].map((name) => form.elements.namedItem(name)).filter(Boolean);
  const opened = fields.map((field) => field.value);
  // The server compares after tidying: the title's spaces collapsed, the lead trimmed.
  const tidy = (field, value) => (field.name === "title" ? value.split(/\s+/).join(" ").trim() : value.trim());
  const update = () => {
    const changed = fields.some((field, i) => tidy(field, field.value) !== tidy(field, opened[i]));
    live.textContent = changed ? live.dataset.changed : live.dataset.unchanged;
    live.classList.toggle("save-effect--warn", changed);
    live.classList.toggle("save-effect--ok", !changed);
    live.hidden = false;
  };
  fields.forEach((field) => field.addEventListener("input", update));
  update();
})();
