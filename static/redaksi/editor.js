// The body editor: Jodit (MIT, vendored under static/vendor, no build step) on the body's
// textarea. Without JavaScript the textarea stays, and the body is edited as HTML.
//
// What the editor lets in mirrors the server's allowlist (redaksi/newsroom/sanitize.py), so
// what a person sees while editing is what is saved: paragraphs, headings h2 to h4, lists,
// bold, italics, links and tables. Pictures go through the media panel, where they get
// captions and alt text, so the editor inserts none.
(() => {
  "use strict";

  const TAGS = new Set([
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "a", "ul", "ol", "li",
    "h2", "h3", "h4", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "caption",
    "hr", "del", "pre",
  ]);
  const ATTRIBUTES = {
    a: ["href", "title"],
    td: ["colspan", "rowspan"],
    th: ["colspan", "rowspan", "scope"],
    ol: ["start"],
  };
  // Removed with everything inside: they carry no text a reader should see.
  const DROP = new Set([
    "script", "style", "meta", "link", "title", "head", "xml", "template", "iframe", "object", "embed",
    "img", "svg", "math", "video", "audio", "canvas", "noscript", "button", "input", "select", "textarea",
  ]);
  const RENAME = { h1: "h2", h5: "h4", h6: "h4", b: "strong", i: "em", strike: "s", tfoot: "tbody" };
  const SAFE_HREF = /^(https?:|mailto:|#|\/)/i;

  const styleOf = (el) => (el.getAttribute("style") || "").toLowerCase();

  // Word marks a list paragraph with "mso-list:l0 level2 lfo1" and writes its bullet or number
  // as text inside a span marked "mso-list:Ignore": turn such runs of paragraphs into real lists.
  function wordLists(doc) {
    const paragraphs = [...doc.body.querySelectorAll("p")].filter((p) => /mso-list:\s*l\d/.test(styleOf(p)));
    let stack = [];
    for (const p of paragraphs) {
      const level = Number((styleOf(p).match(/level(\d+)/) || [0, 1])[1]);
      const marker = [...p.querySelectorAll("span")].find((span) => /mso-list:\s*ignore/.test(styleOf(span)));
      const ordered = marker ? /^\(?[0-9a-z]{1,4}[.)]$/i.test(marker.textContent.trim()) : false;
      if (marker) marker.remove();
      // A paragraph right after the list being built continues it; any other starts a new one.
      if (stack.length === 0 || p.previousElementSibling !== stack[0]) stack = [];
      while (stack.length > level) stack.pop();
      while (stack.length < level) {
        const list = doc.createElement(ordered ? "ol" : "ul");
        if (stack.length === 0) p.before(list);
        else {
          const parent = stack[stack.length - 1];
          (parent.lastElementChild || parent.appendChild(doc.createElement("li"))).append(list);
        }
        stack.push(list);
      }
      const item = doc.createElement("li");
      item.append(...p.childNodes);
      stack[stack.length - 1].append(item);
      p.remove();
    }
  }

  function cleanNode(node, doc) {
    for (const child of [...node.childNodes]) {
      if (child.nodeType === Node.COMMENT_NODE || child.nodeType === Node.PROCESSING_INSTRUCTION_NODE) {
        child.remove();
        continue;
      }
      if (child.nodeType !== Node.ELEMENT_NODE) continue;
      let tag = child.localName.toLowerCase();
      if (DROP.has(tag) || /^(v|w|m):/.test(tag)) {
        child.remove();
        continue;
      }
      const style = styleOf(child);
      if (/display:\s*none|mso-hide:\s*all/.test(style)) {
        child.remove();
        continue;
      }
      cleanNode(child, doc);
      // Google Docs wraps a whole paste in <b style="font-weight:normal">: not bold at all.
      if ((tag === "b" || tag === "strong") && /font-weight:\s*(normal|[1-4]00)/.test(style)) {
        child.replaceWith(...child.childNodes);
        continue;
      }
      // A span styled bold or italic (Google Docs, Word's "font-weight:bold") keeps its meaning.
      if (tag === "span" && /font-weight:\s*(bold|[6-9]00)/.test(style)) tag = "strong";
      else if (tag === "span" && /font-style:\s*italic/.test(style)) tag = "em";
      else if (tag === "p" && /^mso(title|subtitle)/i.test(child.getAttribute("class") || "")) tag = "h2";
      tag = RENAME[tag] || tag;
      if (!TAGS.has(tag)) {
        // o:p, span, font, div, section...: keep the text, lose the wrapper.
        child.replaceWith(...child.childNodes);
        continue;
      }
      const clean = tag === child.localName ? child : doc.createElement(tag);
      if (clean !== child) {
        clean.append(...child.childNodes);
        for (const attribute of child.attributes) clean.setAttribute(attribute.name, attribute.value);
        child.replaceWith(clean);
      }
      const allowed = ATTRIBUTES[tag] || [];
      for (const attribute of [...clean.attributes]) {
        if (!allowed.includes(attribute.name)) clean.removeAttribute(attribute.name);
      }
      if (tag === "a" && !SAFE_HREF.test(clean.getAttribute("href") || "")) clean.removeAttribute("href");
      if (tag === "a" && !clean.hasAttribute("href")) clean.replaceWith(...clean.childNodes);
      for (const name of ["colspan", "rowspan"]) {
        if (clean.hasAttribute(name) && clean.getAttribute(name) === "1") clean.removeAttribute(name);
      }
    }
  }

  // Word's empty paragraphs (<p><o:p>&nbsp;</o:p></p>) and empty inline wrappers.
  function dropEmpty(doc) {
    for (const el of [...doc.body.querySelectorAll("p, h2, h3, h4, strong, em, u, s, sub, sup")].reverse()) {
      if (!el.textContent.replace(/[\s\u00a0]/g, "") && !el.querySelector("br, table")) el.remove();
    }
  }

  function cleanPastedHtml(html) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    wordLists(doc);
    cleanNode(doc.body, doc);
    dropEmpty(doc);
    return doc.body.innerHTML.replace(/\u00a0/g, " ").replace(/ {2,}/g, " ").trim();
  }
  window.redaksiCleanPastedHtml = cleanPastedHtml;

  function start(textarea) {
    const lang = (document.documentElement.lang || "id").slice(0, 2);
    const nonce = document.querySelector("meta[name='csp-nonce']")?.content || "";
    const buttons = [
      "paragraph", "bold", "italic", "underline", "|", "ul", "ol", "|", "table", "link", "hr", "|",
      "undo", "redo", "|", "fullsize",
    ];
    const editor = window.Jodit.make(textarea, {
      language: lang === "id" ? "id" : "en",
      nonce,
      minHeight: 420,
      height: "auto",
      maxHeight: 900,
      toolbarSticky: true,
      toolbarAdaptive: true,
      buttons,
      buttonsMD: buttons,
      buttonsSM: ["paragraph", "bold", "italic", "|", "ul", "ol", "|", "table", "link", "|", "undo", "redo", "dots"],
      buttonsXS: ["paragraph", "bold", "italic", "|", "ul", "ol", "table", "link", "dots"],
      controls: {
        paragraph: {
          // The names come translated from Django (data-block-h2="…" on the textarea); Jodit.atom
          // makes this list replace Jodit's own instead of being merged into it.
          list: window.Jodit.atom(
            Object.fromEntries(
              ["p", "h2", "h3", "h4", "blockquote"].map((tag) => {
                const key = `block${tag[0].toUpperCase()}${tag.slice(1)}`;
                return [tag, textarea.dataset[key] || tag];
              }),
            ),
          ),
        },
        // Plain lists only: the list-style menus would write style attributes the server drops.
        ul: window.Jodit.atom({ command: "insertUnorderedList", tags: ["ul"], tooltip: "Insert Unordered List" }),
        ol: window.Jodit.atom({ command: "insertOrderedList", tags: ["ol"], tooltip: "Insert Ordered List" }),
      },
      enter: "p",
      disablePlugins: [
        "about", "ai-assistant", "class-span", "color", "copy-format", "drag-and-drop", "drag-and-drop-element",
        "file", "font", "iframe", "image", "image-processor", "image-properties", "line-height", "media",
        "paste-from-word", "paste-storage", "powered-by-jodit", "print", "preview", "resize-handler", "search",
        "size", "source", "speech-recognize", "spellcheck", "symbols", "video", "xpath",
      ],
      showCharsCounter: false,
      showWordsCounter: true,
      showXPathInStatusbar: false,
      beautifyHTML: false,
      beautifyHTMLCDNUrlsJS: [],
      sourceEditorCDNUrlsJS: [],
      askBeforePasteHTML: false,
      askBeforePasteFromWord: false,
      defaultActionOnPaste: "insert_as_html",
      link: { noFollowCheckbox: false, openInNewTabCheckbox: false, modeClassName: false },
      uploader: { insertImageAsBase64URI: false, url: "" },
      table: { selectionCellStyle: "" },
      cleanHTML: { denyTags: "script,style,img,iframe", fillEmptyParagraph: false },
      events: {
        processPaste(event, text, types) {
          if (typeof text === "string" && /text\/html/.test(types || "")) return cleanPastedHtml(text);
          return undefined;
        },
      },
    });
    // The label points at the hidden textarea; make it focus the editing area instead.
    const label = document.querySelector(`label[for="${textarea.id}"]`);
    editor.editor.setAttribute("aria-label", label ? label.textContent.trim() : textarea.name);
    if (label) {
      label.addEventListener("click", (event) => {
        event.preventDefault();
        editor.s.focus();
      });
    }
    // Jodit copies its text to the textarea on a timer; a quick save must not outrun it.
    textarea.closest("form")?.addEventListener("submit", () => editor.updateElementValue());
    return editor;
  }

  function startAll() {
    if (!window.Jodit) return;
    for (const textarea of document.querySelectorAll("textarea[data-rich-editor]")) start(textarea);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startAll);
  else startAll();
})();
