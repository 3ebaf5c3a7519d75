"""Plain text from HTML: for the text part of our mails and for HTML-only replies."""

import re
from html.parser import HTMLParser


class _TextFromHtml(HTMLParser):
    """Visible text of an HTML-only reply, without quoted parts (blockquote, Gmail's quote block)."""

    BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "table"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.stack: list[bool] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        quoted = tag == "blockquote" or "quote" in (attrs.get("class") or "") or tag in {"style", "script", "head"}
        if tag in self.BLOCK:
            self.parts.append("\n")
        if tag in {"br", "img", "hr", "meta", "link", "input"}:
            return
        self.stack.append(quoted)
        self.skip += quoted

    def handle_endtag(self, tag):
        if tag in self.BLOCK:
            self.parts.append("\n")
        if tag in {"br", "img", "hr", "meta", "link", "input"} or not self.stack:
            return
        self.skip -= self.stack.pop()

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _TextFromHtml()
    parser.feed(html[:200_000])
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
