// The body editor (Trix, vendored; no build step). Paragraphs as <p>, headings as <h2>, and no
// file attachments: pictures go through the media panel, where they get captions and alt text.
document.addEventListener("trix-before-initialize", () => {
  const blocks = window.Trix.config.blockAttributes;
  blocks.default.tagName = "p";
  blocks.default.breakOnReturn = true;
  blocks.heading1.tagName = "h2";
});
document.addEventListener("trix-file-accept", (event) => event.preventDefault());
document.addEventListener("trix-initialize", (event) => {
  const toolbar = event.target.toolbarElement;
  for (const name of ["attachFiles", "code"]) {
    const button = toolbar.querySelector(`[data-trix-action="${name}"], [data-trix-attribute="${name}"]`);
    if (button) button.remove();
  }
});
