"""Development: prints each post instead of sending it, and calls it posted."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Mapping
from datetime import datetime
from typing import ClassVar

from ..base import Metrics, Post, Published

_ids = itertools.count(1)


class Client:
    network: ClassVar[str] = ""  # any network
    OPTIONS: ClassVar[frozenset[str]] = frozenset({"handle", "stream"})

    def __init__(self, *, base_url: str, token: str, options: Mapping[str, str], session) -> None:
        self.handle = str(options.get("handle") or "console")
        self.stream = sys.stderr if options.get("stream") == "stderr" else sys.stdout

    def publish(self, post: Post) -> Published:
        post_id = f"c{next(_ids)}"
        photos = ", ".join(p.name for p in post.photos) or "-"
        self.stream.write(
            f"--- {self.handle} {post_id} ({post.key}) ---\n{post.text}\n[link] {post.link}\n[photos] {photos}\n"
        )
        self.stream.flush()
        return Published(post_id=post_id, url=f"https://console.invalid/{self.handle}/{post_id}")

    def find(self, post: Post) -> Published | None:
        return None

    def metrics(self, published: Published) -> Metrics:
        return Metrics()

    def delete(self, published: Published) -> None:
        self.stream.write(f"--- {self.handle}: delete {published.post_id} ---\n")

    def update(self, published: Published, post: Post) -> None:
        self.stream.write(f"--- {self.handle}: update {published.post_id} ---\n{post.text}\n")

    def reply(self, published: Published, text: str) -> Published:
        post_id = f"c{next(_ids)}"
        self.stream.write(f"--- {self.handle}: reply {post_id} to {published.post_id} ---\n{text}\n")
        return Published(post_id=post_id, url=published.url)

    def token_expiry(self) -> datetime | None:
        return None
