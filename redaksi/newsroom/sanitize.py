"""The body's HTML allowlist. Everything else, scripts and event handlers first, is removed."""

import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "a", "ul", "ol", "li",
    "h2", "h3", "h4", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "caption",
    "figure", "figcaption", "img", "hr", "div", "del", "pre",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# The page's own title is the one h1, so a pasted or imported document's headings move down a
# level instead of losing their heading (h1 becomes h2), and the smallest ones stop at h4.
_RENAMED_HEADINGS = re.compile(r"<(/?)h([156])\b", re.IGNORECASE)


def _rename_heading(match: re.Match) -> str:
    return f"<{match.group(1)}h{'2' if match.group(2) == '1' else '4'}"


def clean_html(html: str) -> str:
    return nh3.clean(
        _RENAMED_HEADINGS.sub(_rename_heading, html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
