"""A Facebook Page through the Graph API: a link post (POST /{page-id}/feed) or a photo post (POST /{page-id}/photos).

Parameters are those of Page.json in ../shared/specs/social/facebook/. Several photos are uploaded unpublished
(`published=false`) and attached to one feed post (`attached_media`); the item's link is then in the text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import ClassVar

from redaksi.social.base import Media, Metrics, Post, Published, ShareError
from redaksi.social.networks._graph import DEFAULT_BASE_URL as GRAPH_URL
from redaksi.social.networks._graph import Graph
from redaksi.social.networks._http import check_options, pick, read_all, too_big

DEFAULT_BASE_URL = GRAPH_URL
PHOTO_MAX_MB = 10  # Graph API photo uploads: at most 10 MB
MAX_PHOTOS = 10  # photos attached to one multi-photo post
FIND_LIMIT = "25"  # recent Page posts looked through after an unknown outcome
GONE = "graph-100-33"  # the object does not exist (any more)


class Client:
    network: ClassVar[str] = "facebook"
    OPTIONS: ClassVar[frozenset[str]] = frozenset({"page_id", "api_version", "app_secret", "timeout"})

    def __init__(self, *, base_url: str = DEFAULT_BASE_URL, token: str, options: Mapping[str, str], session) -> None:
        opts = check_options(self.network, self.OPTIONS, options, required=("page_id",))
        self.page_id = opts["page_id"].strip()
        self.graph = Graph.of_account(self.network, session, base_url, token, opts)

    def publish(self, post: Post) -> Published:
        if len(post.photos) > 1:  # unpublished photos first (nothing shows), then one post that carries them all
            ids = [
                pick(self._photo({"published": "false"}, photo, creates=False), "id", network=self.network)
                for photo in post.photos[:MAX_PHOTOS]
            ]
            attached = json.dumps([{"media_fbid": str(photo_id)} for photo_id in ids])
            data = {"message": post.text, "attached_media": attached}
            answer = self.graph.call("POST", f"{self.page_id}/feed", data=data, creates=True)
            post_id = pick(answer, "id", network=self.network, creates=True)
        elif post.photos:
            answer = self._photo({"caption": post.text}, post.photos[0], creates=True)
            post_id = str(answer.get("post_id") or pick(answer, "id", network=self.network, creates=True))
        else:
            data = {"message": post.text, "link": post.link}
            answer = self.graph.call("POST", f"{self.page_id}/feed", data=data, creates=True)
            post_id = pick(answer, "id", network=self.network, creates=True)
        try:
            url = self._permalink(post_id)
        except ShareError:  # posted: a failing look-up of its address must not make the pipeline post it again
            url = f"https://www.facebook.com/{post_id}"
        return Published(post_id=post_id, url=url)

    def _photo(self, data: dict[str, str], photo: Media, *, creates: bool) -> dict:
        if photo.alt:
            data = {**data, "alt_text_custom": photo.alt}
        if photo.url:
            return self.graph.call("POST", f"{self.page_id}/photos", data={**data, "url": photo.url}, creates=creates)
        if photo.size > PHOTO_MAX_MB * 1024 * 1024:
            raise too_big(self.network, "Foto", PHOTO_MAX_MB)  # "The photo is too large for facebook"
        files = {"source": (photo.name, read_all(photo), photo.content_type)}
        return self.graph.call("POST", f"{self.page_id}/photos", data=data, files=files, creates=creates)

    def _permalink(self, post_id: str) -> str:
        answer = self.graph.call("GET", post_id, params={"fields": "permalink_url"})
        return str(answer.get("permalink_url") or f"https://www.facebook.com/{post_id}")

    def find(self, post: Post) -> Published | None:
        """The Page's recent posts; ours is the one whose message is our text (or carries our link)."""
        answer = self.graph.call(
            "GET", f"{self.page_id}/feed", params={"fields": "id,permalink_url,message", "limit": FIND_LIMIT}
        )
        for entry in answer.get("data") or []:
            message = str(entry.get("message") or "")
            if entry.get("id") and (message.strip() == post.text.strip() or (post.link and post.link in message)):
                post_id = str(entry["id"])
                return Published(post_id=post_id, url=str(entry.get("permalink_url") or self._permalink(post_id)))
        return None

    def metrics(self, published: Published) -> Metrics:
        counts = self.graph.call(
            "GET",
            published.post_id,
            params={"fields": "shares,reactions.summary(true),comments.summary(true)"},
        )
        insights = self.graph.call(
            "GET",
            f"{published.post_id}/insights",
            params={"metric": "post_impressions_unique,post_impressions,post_clicks"},
        )
        values = {str(row.get("name")): _value(row) for row in insights.get("data") or [] if _value(row) is not None}
        return Metrics(
            reach=values.pop("post_impressions_unique", None),
            views=values.pop("post_impressions", None),
            likes=_summary(counts.get("reactions")),
            comments=_summary(counts.get("comments")),
            shares=int((counts.get("shares") or {}).get("count", 0)),
            extra={name: value for name, value in values.items() if value is not None},
        )

    def delete(self, published: Published) -> None:
        try:
            self.graph.call("DELETE", published.post_id)
        except ShareError as exc:
            if exc.code != GONE:  # (#100) subcode 33: no such object, i.e. deleted by an earlier try or by hand
                raise

    def update(self, published: Published, post: Post) -> None:
        """POST /{post-id} with `message` (PagePost #update)."""
        self.graph.call("POST", published.post_id, data={"message": post.text})

    def reply(self, published: Published, text: str) -> Published:
        answer = self.graph.call("POST", f"{published.post_id}/comments", data={"message": text}, creates=True)
        return Published(post_id=pick(answer, "id", network=self.network, creates=True), url=published.url)

    def token_expiry(self) -> datetime | None:
        return self.graph.token_expiry()


def _summary(edge) -> int | None:
    total = ((edge or {}).get("summary") or {}).get("total_count")
    return int(total) if total is not None else None


def _value(row: dict) -> int | None:
    values = row.get("values") or []
    value = values[-1].get("value") if values and isinstance(values[-1], dict) else None
    return int(value) if isinstance(value, int | float) else None
