"""The text of a post, per network, from the item's title, lead, link and tags: pure functions.

`compose()` writes a first text within the network's rules (RULES in base.py); a person may edit it on
the step's screen, and `problems()` says what is wrong with the edited text before it is sent.
The X count is twitter-text's weighted length (links 23, CJK and emoji 2), exactly as X counts.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from twitter_text import parse_tweet

from .base import RULES, Rules

HASHTAG = re.compile(r"(?:^|(?<=\s))#\w+", re.UNICODE)
ELLIPSIS = "…"


@dataclass(frozen=True)
class Draft:
    text: str
    title: str = ""  # YouTube only: the video's title


def measure(network: str, text: str) -> int:
    """The length of `text` as `network` counts it against its limit."""
    counting = RULES[network].counting
    if counting == "x-weighted":
        return parse_tweet(text).weightedLength if text else 0
    if counting == "utf8-bytes":
        return len(text.encode("utf-8"))
    return len(text)


def hashtag(tag: str) -> str:
    """ "Jembatan Desa" -> "#JembatanDesa"; "" when nothing of it can be a hashtag."""
    words = re.findall(r"\w+", unicodedata.normalize("NFC", tag))
    joined = "".join(w[:1].upper() + w[1:] for w in words)
    return f"#{joined}" if joined and not joined.isdigit() else ""


def hashtags(tags: Iterable[str], limit: int | None = None) -> list[str]:
    seen: dict[str, str] = {}
    for tag in tags:
        made = hashtag(tag)
        if made and made.lower() not in seen:
            seen[made.lower()] = made
    found = list(seen.values())
    return found if limit is None else found[:limit]


def clean(network: str, text: str) -> str:
    """Without the characters the network refuses, line ends made plain, no trailing spaces."""
    for char in RULES[network].forbidden:
        text = text.replace(char, "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def shorten(text: str, fits) -> str:
    """The longest start of `text`, cut at a word and ended with an ellipsis, for which `fits()` holds."""
    if fits(text):
        return text
    words = text.split(" ")
    while words:
        words.pop()
        candidate = " ".join(words).rstrip(" ,.;:-") + ELLIPSIS
        if words and fits(candidate):
            return candidate
    return ""


def compose(network: str, *, title: str, lead: str, link: str, tags: Iterable[str] = ()) -> Draft:
    rules = RULES[network]
    title, lead = clean(network, " ".join(title.split())), clean(network, " ".join(lead.split()))
    tags_made = hashtags(tags, rules.max_hashtags)
    link_line = link if rules.clickable_links else _("Link in bio")
    video_title = ""
    if rules.title_limit:
        video_title = shorten(title, lambda t: len(t) <= rules.title_limit) or title[: rules.title_limit]

    def assemble(head: str, body: str, tags_now: list[str]) -> str:
        blocks = [head if not rules.title_limit else "", body, link_line, " ".join(tags_now)]
        return clean(network, "\n\n".join(b for b in blocks if b))

    def fits(text: str) -> bool:
        return measure(network, text) <= rules.limit

    for tags_now in [tags_made[:n] for n in range(len(tags_made), -1, -1)]:
        text = assemble(title, lead, tags_now)
        if fits(text):
            return Draft(text, video_title)
        short_lead = shorten(lead, lambda candidate, t=tags_now: fits(assemble(title, candidate, t)))
        if short_lead and len(short_lead) > 40:
            return Draft(assemble(title, short_lead, tags_now), video_title)
    head = shorten(title, lambda candidate: fits(assemble(candidate, "", [])))
    return Draft(assemble(head, "", []), video_title)


def problems(network: str, text: str, title: str = "") -> list[str]:
    """What stops `text` (and a YouTube title) from being posted as it is, in the user's language."""
    rules: Rules = RULES[network]
    found = []
    if not text.strip():
        found.append(_("The text is empty."))
    length = measure(network, text)
    if length > rules.limit:
        found.append(
            _("The text is %(n)s long; %(network)s takes at most %(limit)s. Shorten it.")
            % {"n": length, "network": network_label(network), "limit": rules.limit}
        )
    if rules.max_hashtags is not None:
        count = len(HASHTAG.findall(text))
        if count > rules.max_hashtags:
            found.append(
                _("%(n)s hashtags; %(network)s takes at most %(limit)s.")
                % {"n": count, "network": network_label(network), "limit": rules.max_hashtags}
            )
    bad = sorted({char for char in rules.forbidden if char in text + title})
    if bad:
        found.append(_("Remove these characters, which the network refuses: %(chars)s") % {"chars": " ".join(bad)})
    if rules.title_limit is not None:
        if not title.strip():
            found.append(_("The video needs a title."))
        elif len(title) > rules.title_limit:
            found.append(
                _("The title is %(n)s characters; at most %(limit)s.") % {"n": len(title), "limit": rules.title_limit}
            )
    return found


def network_label(network: str) -> str:
    return {"x": "X", "youtube": "YouTube", "tiktok": "TikTok", "whatsapp": "WhatsApp"}.get(network, network.title())
