"""What the site scanner looks for in a rendered page, and in the public folder (issue 13: judi online).

Pure functions of the page's text and a few rules; `scanning.py` reads the files and keeps the findings.
A finding never stops a page: an article about a ban on gambling must still publish. It is flagged for a
person (gambling words), or raised to the administrators at once (what our templates never write: a
hidden link, a foreign script or frame, a file the renderer did not make).
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

# Words of online gambling spam (judi online) as it is injected into Indonesian government sites.
GAMBLING_WORDS = (
    "judi online",
    "judi slot",
    "judol",
    "slot gacor",
    "slot online",
    "slot88",
    "situs slot",
    "link slot",
    "gacor",
    "maxwin",
    "scatter hitam",
    "rtp live",
    "rtp slot",
    "togel",
    "toto macau",
    "sbobet",
    "pragmatic play",
    "deposit pulsa",
    "bandar bola",
    "casino online",
    "kasino online",
    "poker online",
    "sabung ayam online",
)
GAMBLING_RE = re.compile(r"(?<![\w])(" + "|".join(re.escape(w) for w in GAMBLING_WORDS) + r")(?![\w])", re.I)

# Inline styles that hide what they hold (the trick of link spam: links for search engines, not readers).
HIDING_STYLE_RE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d]*[1-9])|opacity\s*:\s*0(?![.\d]*[1-9])"
    r"|(?:left|top|text-indent)\s*:\s*-\d{3,}|(?:height|width)\s*:\s*[01]px|clip\s*:\s*rect\(\s*0",
    re.I,
)
# Where our templates send readers without a finding: the office's own hosts come from the caller.
DEFAULT_LINK_HOSTS = (
    "go.id",
    "youtube.com",
    "youtu.be",
    "youtube-nocookie.com",
    "facebook.com",
    "instagram.com",
    "x.com",
    "twitter.com",
    "t.me",
    "wa.me",
    "whatsapp.com",
    "tiktok.com",
    "google.com",
)
FRAME_HOSTS = ("www.youtube-nocookie.com",)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

SEVERE = {"hidden_link", "script", "iframe", "unexpected_file"}


@dataclass(frozen=True)
class Finding:
    kind: str  # gambling, hidden_link, external_link, script, iframe, unexpected_file
    detail: str

    @property
    def severe(self) -> bool:
        return self.kind in SEVERE


def host_allowed(host: str, allowed: tuple[str, ...]) -> bool:
    host = host.lower().rstrip(".")
    return any(host == a or host.endswith("." + a) for a in allowed)


class _Reader(HTMLParser):
    def __init__(self, own_hosts: tuple[str, ...], link_hosts: tuple[str, ...], asset_prefix: str) -> None:
        super().__init__(convert_charrefs=True)
        self.own = own_hosts
        self.links = own_hosts + link_hosts
        self.asset_prefix = asset_prefix
        self.stack: list[tuple[str, bool]] = []  # (tag, hides what it holds)
        self.in_script: str | None = None  # the script's type while inside one
        self.text: list[str] = []
        self.found: list[Finding] = []

    def _hidden(self) -> bool:
        return any(hides for _tag, hides in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        hides = "hidden" in a or bool(HIDING_STYLE_RE.search(a.get("style", "")))
        if tag == "a" and a.get("href"):
            self._link(a["href"], hidden=hides or self._hidden())
        elif tag == "script":
            self._script(a)
        elif tag in ("iframe", "frame", "embed", "object"):
            src = a.get("src") or a.get("data") or ""
            if tag != "iframe" or urlsplit(src).hostname not in FRAME_HOSTS:
                self.found.append(Finding("iframe", f"<{tag}> {src[:200]}"))
        for key in ("title", "alt"):
            if a.get(key):
                self.text.append(a[key])
        if tag not in VOID:
            self.stack.append((tag, hides))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = None
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self.in_script is None:
            self.text.append(data)

    def _link(self, href: str, *, hidden: bool) -> None:
        parts = urlsplit(href.strip())
        host = parts.hostname or ""
        if hidden and (host or parts.path):
            self.found.append(Finding("hidden_link", href[:200]))
        elif parts.scheme in ("http", "https") and host and not host_allowed(host, self.links):
            self.found.append(Finding("external_link", host))

    def _script(self, a: dict[str, str]) -> None:
        kind = a.get("type", "").lower()
        self.in_script = kind or "text/javascript"
        src = a.get("src", "")
        if src:
            parts = urlsplit(src)
            ours = not parts.hostname or host_allowed(parts.hostname, self.own)
            if not (ours and parts.path.startswith(self.asset_prefix)):
                self.found.append(Finding("script", src[:200]))
        elif kind != "application/ld+json":
            self.found.append(Finding("script", "inline"))


def scan_html(
    html: str, *, own_hosts: tuple[str, ...], link_hosts: tuple[str, ...] = DEFAULT_LINK_HOSTS, asset_prefix="/aset/"
) -> list[Finding]:
    """Every finding of one page, each once."""
    reader = _Reader(tuple(h.lower() for h in own_hosts), link_hosts, asset_prefix)
    reader.feed(html)
    reader.close()
    words = {m.group(1).lower() for m in GAMBLING_RE.finditer(" ".join(reader.text))}
    found = reader.found + [Finding("gambling", w) for w in sorted(words)]
    return list(dict.fromkeys(found))


# What the renderer writes into the public folder (by suffix), and its own hidden files.
RENDERED_SUFFIXES = {
    ".html",
    ".xml",
    ".txt",
    ".json",
    ".css",
    ".js",
    ".ico",
    ".png",
    ".jpg",
    ".jpeg",
    ".webp",
    ".avif",
    ".gif",
    ".svg",
    ".mp4",
    ".webm",
    ".vtt",
}
RENDERER_DOTFILES = {".fingerprints.json", ".months.json", ".render.lock", ".gone", ".moved"}


def unexpected_file(rel: str) -> Finding | None:
    """A file of a kind the renderer never writes (a web shell, a planted page, an .htaccess)."""
    name = rel.rsplit("/", 1)[-1]
    if name.startswith("."):
        return None if name in RENDERER_DOTFILES or name.startswith(".tmp") else Finding("unexpected_file", rel)
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return None if suffix in RENDERED_SUFFIXES else Finding("unexpected_file", rel)
