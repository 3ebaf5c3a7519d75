"""An Instagram professional account through Graph API content publishing: a container, then media_publish.

One photo makes an image post, two to ten a carousel, a video without photos a reel. Instagram fetches the media
itself from their public addresses (Media.url), so media without an address cannot go. Parameters are those of
IGUser.json in ../shared/specs/social/instagram/.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import datetime
from typing import ClassVar

from redaksi.social.base import Failure, Media, Metrics, Post, Published, ShareError
from redaksi.social.networks._graph import DEFAULT_BASE_URL as GRAPH_URL
from redaksi.social.networks._graph import Graph
from redaksi.social.networks._http import check_options, number_option, pick

DEFAULT_BASE_URL = GRAPH_URL
MIN_WIDTH = 320  # narrower photos are refused (Instagram scales anything narrower up from 320 px, but not below)
MAX_CAROUSEL = 10
MAX_REEL_SECONDS = 15 * 60
METRICS = ("reach", "likes", "comments", "shares", "saved", "views")


class Client:
    network: ClassVar[str] = "instagram"
    OPTIONS: ClassVar[frozenset[str]] = frozenset(
        {"ig_user_id", "api_version", "app_secret", "timeout", "poll_interval", "poll_attempts"}
    )

    def __init__(self, *, base_url: str = DEFAULT_BASE_URL, token: str, options: Mapping[str, str], session) -> None:
        opts = check_options(self.network, self.OPTIONS, options, required=("ig_user_id",))
        self.user = opts["ig_user_id"].strip()
        self.poll_interval = number_option(opts, "poll_interval", 10.0, self.network)
        self.poll_attempts = int(number_option(opts, "poll_attempts", 30, self.network))
        self.graph = Graph.of_account(self.network, session, base_url, token, opts)

    def publish(self, post: Post) -> Published:
        container = self._container(post)
        self._wait(container)
        answer = self.graph.call("POST", f"{self.user}/media_publish", data={"creation_id": container}, creates=True)
        media_id = pick(answer, "id", network=self.network, creates=True)
        return Published(post_id=media_id, url=self._permalink(media_id))

    def _container(self, post: Post) -> str:
        photos = list(post.photos[:MAX_CAROUSEL])
        for media in photos:
            _check_photo(media)
        if len(photos) == 1:
            return self._create({"image_url": photos[0].url, "caption": post.text, **_alt(photos[0])})
        if photos:
            children = [self._create({"image_url": m.url, "is_carousel_item": "true", **_alt(m)}) for m in photos]
            return self._create({"media_type": "CAROUSEL", "children": ",".join(children), "caption": post.text})
        if post.video is not None:
            _check_video(post.video)
            return self._create({"media_type": "REELS", "video_url": post.video.url, "caption": post.text})
        # "Instagram needs a photo or a video. Add a photo to the item (or skip Instagram for it)."
        raise ShareError(
            Failure.PERSON,
            "Instagram memerlukan foto atau video. Tambahkan foto pada berita ini, atau lewati Instagram untuknya.",
            code="no-media",
        )

    def _create(self, data: dict[str, str]) -> str:
        return pick(self.graph.call("POST", f"{self.user}/media", data=data), "id", network=self.network)

    def _wait(self, container: str) -> None:
        """Poll the container's status_code until FINISHED, a bounded number of times."""
        for attempt in range(max(1, self.poll_attempts)):
            answer = self.graph.call("GET", container, params={"fields": "status_code,status"})
            status = answer.get("status_code")
            if status in ("FINISHED", None):
                return
            if status in ("ERROR", "EXPIRED"):
                # "Instagram could not process the media (…). Check the photo/video (format, size) and send again."
                raise ShareError(
                    Failure.PERSON,
                    f"Instagram gagal memproses media ({answer.get('status') or status}). Periksa format dan ukuran "
                    "foto atau video, lalu kirim lagi.",
                    code=f"container-{status.lower()}",
                )
            if attempt + 1 < self.poll_attempts:
                time.sleep(self.poll_interval)
        # "Instagram is still processing the media. It will be tried again automatically."
        raise ShareError(
            Failure.RETRY, "Instagram masih memproses media. Akan dicoba lagi otomatis.", code="container-in-progress"
        )

    def _permalink(self, media_id: str) -> str:
        try:
            return str(self.graph.call("GET", media_id, params={"fields": "permalink"}).get("permalink") or "")
        except ShareError:  # published: a failing look-up of its address must not make the pipeline post it again
            return ""

    def find(self, post: Post) -> Published | None:
        """The account's recent media; ours is the one whose caption is our text."""
        answer = self.graph.call("GET", f"{self.user}/media", params={"fields": "id,caption,permalink", "limit": "25"})
        for entry in answer.get("data") or []:
            if entry.get("id") and str(entry.get("caption") or "").strip() == post.text.strip():
                return Published(post_id=str(entry["id"]), url=str(entry.get("permalink") or ""))
        return None

    def metrics(self, published: Published) -> Metrics:
        answer = self.graph.call("GET", f"{published.post_id}/insights", params={"metric": ",".join(METRICS)})
        values: dict[str, int] = {}
        for row in answer.get("data") or []:
            points = row.get("values") or []
            value = points[-1].get("value") if points else (row.get("total_value") or {}).get("value")
            if isinstance(value, int | float):
                values[str(row.get("name"))] = int(value)
        return Metrics(
            reach=values.pop("reach", None),
            views=values.pop("views", None),
            likes=values.pop("likes", None),
            comments=values.pop("comments", None),
            shares=values.pop("shares", None),
            extra=values,
        )

    def delete(self, published: Published) -> None:
        """IGMedia #delete (in the spec); a media already gone counts as deleted."""
        try:
            self.graph.call("DELETE", published.post_id)
        except ShareError as exc:
            if exc.code != "graph-100-33":
                raise

    def reply(self, published: Published, text: str) -> Published:
        """A comment on the media (POST /{ig-media-id}/comments): its caption cannot be changed (IGMedia #update
        takes only comment_enabled)."""
        answer = self.graph.call("POST", f"{published.post_id}/comments", data={"message": text}, creates=True)
        return Published(post_id=pick(answer, "id", network=self.network, creates=True), url=published.url)

    def token_expiry(self) -> datetime | None:
        return self.graph.token_expiry()


def _alt(media: Media) -> dict[str, str]:
    return {"alt_text": media.alt} if media.alt else {}


def _check_photo(media: Media) -> None:
    if not media.url:
        # "Instagram fetches the photo from its public address, and this photo has none. Publish the photo first."
        raise ShareError(
            Failure.PERSON,
            f"Instagram mengambil foto dari alamat publiknya, dan foto {media.name} belum punya alamat publik. "
            "Terbitkan fotonya terlebih dahulu.",
            code="no-url",
        )
    if media.width and media.width < MIN_WIDTH:
        # "The photo is N px wide; Instagram needs at least 320 px. Use a larger photo."
        raise ShareError(
            Failure.PERSON,
            f"Foto {media.name} hanya {media.width} px lebarnya; Instagram memerlukan paling sedikit {MIN_WIDTH} px. "
            "Gunakan foto yang lebih besar.",
            code="photo-too-small",
        )


def _check_video(media: Media) -> None:
    if not media.url:
        # "Instagram fetches the video from its public address, and this video has none."
        raise ShareError(
            Failure.PERSON,
            "Instagram mengambil video dari alamat publiknya, dan video ini belum punya alamat publik.",
            code="no-url",
        )
    if media.duration > MAX_REEL_SECONDS:
        # "The video is longer than Instagram allows (15 minutes). Shorten it."
        raise ShareError(
            Failure.PERSON,
            "Video lebih panjang dari batas Instagram (15 menit). Perpendek videonya.",
            code="video-too-long",
        )
