"""Tests: a client that keeps its posts in `POSTS` and fails on request, for any network.

memory.fail(Failure.RETRY, times=2, retry_after=30)   # the next two publishes fail
memory.fail(Failure.UNKNOWN, times=1, posted=True)    # the post is made, but its answer is lost
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from ..base import Failure, Metrics, Post, Published, ShareError


@dataclass
class Kept:
    account: str
    post: Post
    published: Published
    deleted: bool = False
    edits: int = 0


@dataclass
class _Planned:
    kind: Failure
    retry_after: float | None
    posted: bool


POSTS: list[Kept] = []
_plans: list[_Planned] = []
_expiry: dict[str, datetime | None] = {}
_ids = itertools.count(1)
_lock = threading.Lock()
CALLS: list[tuple[str, str]] = []  # (method, idempotency key or account)
REPLIES: list[tuple[str, str, Published]] = []  # (post answered, text, the reply)


def reset() -> None:
    global _ids
    with _lock:
        _ids = itertools.count(1)
        POSTS.clear()
        _plans.clear()
        _expiry.clear()
        CALLS.clear()
        REPLIES.clear()


def fail(kind: Failure, *, times: int = 1, retry_after: float | None = None, posted: bool = False) -> None:
    """The next `times` publishes fail with `kind` (with `posted`, the post is made all the same)."""
    with _lock:
        _plans.extend(_Planned(kind, retry_after, posted) for _n in range(times))


def set_expiry(account: str, when: datetime | None) -> None:
    _expiry[account] = when


class Client:
    network: ClassVar[str] = ""  # any network
    OPTIONS: ClassVar[frozenset[str]] = frozenset({"account", "handle"})

    def __init__(self, *, base_url: str, token: str, options: Mapping[str, str], session) -> None:
        self.account = str(options.get("account") or options.get("handle") or "memory")
        self.handle = str(options.get("handle") or self.account)

    def publish(self, post: Post) -> Published:
        with _lock:
            CALLS.append(("publish", post.key))
            plan = _plans.pop(0) if _plans else None
            if plan is None or plan.posted:
                post_id = f"m{next(_ids)}"
                published = Published(post_id=post_id, url=f"https://memory.example/{self.handle}/{post_id}")
                POSTS.append(Kept(self.account, post, published))
                if plan is None:
                    return published
        raise ShareError(plan.kind, f"memory: {plan.kind.value}", retry_after=plan.retry_after)

    def find(self, post: Post) -> Published | None:
        CALLS.append(("find", post.key))
        for kept in POSTS:
            if kept.account == self.account and kept.post.key == post.key and not kept.deleted:
                return kept.published
        return None

    def metrics(self, published: Published) -> Metrics:
        CALLS.append(("metrics", published.post_id))
        number = int(published.post_id.lstrip("m") or 0)
        return Metrics(reach=100 * number, views=150 * number, likes=7, comments=2, shares=1)

    def delete(self, published: Published) -> None:
        plan = self._plan("delete", published.post_id)
        for kept in POSTS:
            if kept.published.post_id == published.post_id:
                kept.deleted = True
        self._lost(plan)

    def update(self, published: Published, post: Post) -> None:
        plan = self._plan("update", published.post_id)
        for kept in POSTS:
            if kept.published.post_id == published.post_id:
                kept.post, kept.edits = post, kept.edits + 1
        self._lost(plan)

    def reply(self, published: Published, text: str) -> Published:
        plan = self._plan("reply", published.post_id)
        with _lock:
            post_id = f"m{next(_ids)}"
            answer = Published(post_id=post_id, url=f"https://memory.example/{self.handle}/{post_id}")
            REPLIES.append((published.post_id, text, answer))
        self._lost(plan)
        return answer

    def _plan(self, method: str, post_id: str) -> _Planned | None:
        """Follow-ups fail as planned too (memory.fail); with `posted`, the change is made and its answer lost."""
        with _lock:
            CALLS.append((method, post_id))
            plan = _plans.pop(0) if _plans else None
        if plan is not None and not plan.posted:
            raise ShareError(plan.kind, f"memory: {plan.kind.value}", retry_after=plan.retry_after)
        return plan

    def _lost(self, plan: _Planned | None) -> None:
        if plan is not None:
            raise ShareError(plan.kind, f"memory: {plan.kind.value}", retry_after=plan.retry_after)

    def token_expiry(self) -> datetime | None:
        CALLS.append(("token_expiry", self.account))
        return _expiry.get(self.account)
