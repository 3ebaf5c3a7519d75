"""The seam between the share pipeline and the networks (step 8, "Bagi berita ke sosial media").

The pipeline (accounts, shares, the worker, the step's screen) speaks to a network only through a `Client`;
a client speaks HTTP to one network's API at `base_url` and knows nothing of Django, the item or the SOP.
Every failure leaves a client as a `ShareError` of one of a few kinds, so the pipeline decides what happens next
(retry later, wait for a person, warn the administrator) the same way for every network.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO, ClassVar, Protocol


class Failure(enum.StrEnum):
    RETRY = "retry"  # down, 5xx, 429, flood control: try again later (after retry_after when the network says)
    UNKNOWN = "unknown"  # sent, but the answer was lost (a timeout): look for the post before sending again
    TOKEN = "token"  # noqa: S105 - a kind, not a secret. The token is invalid, expired or lacks a permission: an administrator must reconnect
    REFUSED = "refused"  # the network refused this content (a duplicate, a policy): a person must change it
    PERSON = "person"  # anything else a person must fix (a video too long, a photo too small, a wrong page id)


# The code of the ShareError `find` raises when the network gives no way to look for a post (Telegram):
# a person looks instead, then pastes the post's address or sends again.
CANNOT_FIND = "cannot-find"


class ShareError(Exception):
    def __init__(self, kind: Failure, message: str, *, retry_after: float | None = None, code: str = ""):
        super().__init__(message)
        self.kind, self.message, self.retry_after, self.code = kind, message, retry_after, code


@dataclass(frozen=True)
class Media:
    """A photo or video of the item, as the network will get it (a rendition, never the camera original)."""

    name: str
    content_type: str
    size: int
    open: Callable[[], BinaryIO]  # the bytes, for networks that take an upload
    url: str = ""  # its public address, for networks that fetch it themselves (Instagram, Facebook by url)
    width: int = 0
    height: int = 0
    duration: float = 0.0  # seconds, videos only
    alt: str = ""


@dataclass(frozen=True)
class Post:
    key: str  # idempotency key of this share: the same on every retry, unique per item and account
    text: str  # the final text for this network, already fitted to its rules and approved by a person
    link: str  # the item's public address
    title: str
    tags: tuple[str, ...] = ()
    photos: tuple[Media, ...] = ()
    video: Media | None = None


@dataclass(frozen=True)
class Published:
    post_id: str
    url: str


@dataclass(frozen=True)
class Rules:
    """How a network counts and limits a post's text (the step's counter and the composer use these)."""

    limit: int  # characters (X: weighted length; YouTube: description bytes)
    counting: str = "chars"  # "chars", "x-weighted" (twitter-text v3: links 23, CJK and emoji 2) or "utf8-bytes"
    clickable_links: bool = True  # False: Instagram (the link goes in the bio; the text says so)
    max_hashtags: int | None = None
    title_limit: int | None = None  # YouTube's video title
    forbidden: str = ""  # characters the network refuses (YouTube: < and >)


# From ../shared/specs/social/README.md and the files it names.
RULES: Mapping[str, Rules] = {
    "facebook": Rules(limit=63206),
    "instagram": Rules(limit=2200, clickable_links=False, max_hashtags=30),
    "x": Rules(limit=280, counting="x-weighted"),
    "youtube": Rules(limit=5000, counting="utf8-bytes", title_limit=100, forbidden="<>"),
    "telegram": Rules(limit=1024),  # a caption; a text-only message may be 4096
    "whatsapp": Rules(limit=2000),  # manual network: the text is copied by a person
    "tiktok": Rules(limit=2200),  # manual network
}
MANUAL_NETWORKS = frozenset({"whatsapp", "tiktok"})


@dataclass
class Metrics:
    """Reach and engagement of one post, as far as the network tells (None: it does not say)."""

    reach: int | None = None
    views: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    extra: dict[str, int] = field(default_factory=dict)


class Client(Protocol):
    """One network's API. Constructed per account with its options and its decrypted token."""

    network: ClassVar[str]
    OPTIONS: ClassVar[frozenset[str]]  # option names an account may give it (besides base_url); others stop start-up

    def __init__(self, *, base_url: str, token: str, options: Mapping[str, str], session) -> None: ...

    def publish(self, post: Post) -> Published:
        """Post it. Raises ShareError; Failure.UNKNOWN when the request went out and no answer came back."""

    def find(self, post: Post) -> Published | None:
        """The post already made for `post` (after an UNKNOWN outcome), or None; raises ShareError if it cannot tell."""

    def metrics(self, published: Published) -> Metrics: ...

    def delete(self, published: Published) -> None:
        """Take the post down; a post that is already gone counts as deleted (a retry never fails on it)."""

    def update(self, published: Published, post: Post) -> None:
        """Change the post's text (and title) to `post`'s, where the network lets a post be edited (Facebook,
        YouTube, Telegram). Editing to the same text twice changes nothing, so a retry is harmless."""

    def reply(self, published: Published, text: str) -> Published:
        """Answer the post with `text` (X reply, Instagram comment) where its text cannot be changed."""

    def token_expiry(self) -> datetime | None:
        """When the token stops working, where the network tells (None: it does not expire or does not say)."""
