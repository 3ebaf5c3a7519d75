"""X (API v2): POST /2/tweets with an OAuth 2.0 user token; photos by one-shot upload, a video by chunks.

Paths and bodies follow ../shared/specs/social/x/openapi.json (2.167); rate limits follow the x-rate-limit-*
headers of the docs.x.com "Rate limits" page. Refreshing the token is the pipeline's business: this client reads
its expiry only from the `expires_at` option.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import datetime
from typing import ClassVar

from redaksi.social.base import Failure, Media, Metrics, Post, Published, ShareError
from redaksi.social.networks._http import (
    DEFAULT_TIMEOUT,
    check_options,
    expiry_option,
    json_of,
    number_option,
    pick,
    read_all,
    send,
    server_error,
    too_big,
    until,
)

DEFAULT_BASE_URL = "https://api.x.com"
MAX_PHOTOS = 4
PHOTO_MAX_MB = 5
VIDEO_MAX_MB = 512
VIDEO_MAX_SECONDS = 140
CHUNK = 4 * 1024 * 1024


class Client:
    network: ClassVar[str] = "x"
    OPTIONS: ClassVar[frozenset[str]] = frozenset(
        {"timeout", "expires_at", "poll_interval", "poll_attempts", "chunk_size"}
    )

    def __init__(self, *, base_url: str = DEFAULT_BASE_URL, token: str, options: Mapping[str, str], session) -> None:
        opts = check_options(self.network, self.OPTIONS, options)
        self.root, self.session, self.token = (base_url or DEFAULT_BASE_URL).rstrip("/"), session, token
        self.timeout = number_option(opts, "timeout", DEFAULT_TIMEOUT, self.network)
        self.poll_interval = opts.get("poll_interval", "")  # empty: wait what X says (check_after_secs)
        number_option(opts, "poll_interval", 0, self.network)
        self.poll_attempts = int(number_option(opts, "poll_attempts", 30, self.network))
        self.chunk = int(number_option(opts, "chunk_size", CHUNK, self.network)) or CHUNK
        self.expires = expiry_option(opts, self.network)

    def call(self, method: str, path: str, *, creates=False, **kwargs) -> dict:
        headers = {"Authorization": f"Bearer {self.token}"}
        url = f"{self.root}{path}"
        response = send(
            self.session, "X", method, url, timeout=self.timeout, creates=creates, headers=headers, **kwargs
        )
        answer = json_of(response)
        if response.status_code < 400:
            return answer
        raise _error(response, answer)

    def publish(self, post: Post) -> Published:
        media_ids = [self._photo(m) for m in post.photos[:MAX_PHOTOS]]
        if not media_ids and post.video is not None:
            media_ids = [self._video(post.video)]
        body: dict = {"text": post.text}
        if media_ids:
            body["media"] = {"media_ids": media_ids}
        answer = self.call("POST", "/2/tweets", json=body, creates=True)
        post_id = pick(answer, "data", "id", network="X", creates=True)
        return Published(post_id=post_id, url=f"https://x.com/i/web/status/{post_id}")

    def _photo(self, media: Media) -> str:
        if media.size > PHOTO_MAX_MB * 1024 * 1024:
            raise too_big("X", "Foto", PHOTO_MAX_MB)
        files = {"media": (media.name, read_all(media), media.content_type)}
        answer = self.call("POST", "/2/media/upload", data={"media_category": "tweet_image"}, files=files)
        return pick(answer, "data", "id", network="X")

    def _video(self, media: Media) -> str:
        if media.size > VIDEO_MAX_MB * 1024 * 1024:
            raise too_big("X", "Video", VIDEO_MAX_MB)
        if media.duration > VIDEO_MAX_SECONDS:
            # "The video is longer than X allows (140 seconds). Shorten it or leave it out of the X post."
            raise ShareError(
                Failure.PERSON,
                f"Video lebih panjang dari batas X ({VIDEO_MAX_SECONDS} detik). Perpendek videonya atau kirim ke X "
                "tanpa video.",
                code="video-too-long",
            )
        init = {"media_type": media.content_type, "total_bytes": media.size, "media_category": "tweet_video"}
        media_id = pick(self.call("POST", "/2/media/upload/initialize", json=init), "data", "id", network="X")
        with media.open() as handle:
            for index, chunk in enumerate(iter(lambda: handle.read(self.chunk), b"")):
                files = {"media": ("chunk", chunk, "application/octet-stream")}
                self.call("POST", f"/2/media/upload/{media_id}/append", data={"segment_index": str(index)}, files=files)
        info = (self.call("POST", f"/2/media/upload/{media_id}/finalize").get("data") or {}).get("processing_info")
        self._wait(media_id, info)
        return media_id

    def _wait(self, media_id: str, info: dict | None) -> None:
        for _ in range(self.poll_attempts):
            state = (info or {}).get("state", "succeeded")
            if state == "succeeded":
                return
            if state == "failed":
                said = ((info or {}).get("error") or {}).get("message", "")
                # "X could not process the video (…). Check the video's format."
                raise ShareError(
                    Failure.PERSON, f"X gagal memproses video ({said}). Periksa format videonya.", code="media-failed"
                )
            wait = float(self.poll_interval) if self.poll_interval else float(info.get("check_after_secs") or 1)
            time.sleep(wait)
            params = {"media_id": media_id, "command": "STATUS"}
            info = (self.call("GET", "/2/media/upload", params=params).get("data") or {}).get("processing_info")
        # "X is still processing the video. It will be tried again automatically."
        raise ShareError(Failure.RETRY, "X masih memproses video. Akan dicoba lagi otomatis.", code="media-pending")

    def find(self, post: Post) -> Published | None:
        """The account's last 20 posts; ours is the one that links the item (or has our very text)."""
        me = pick(self.call("GET", "/2/users/me"), "data", "id", network="X")
        params = {"max_results": "20", "tweet.fields": "entities"}
        for tweet in self.call("GET", f"/2/users/{me}/tweets", params=params).get("data") or []:
            urls = ((tweet.get("entities") or {}).get("urls")) or []
            mine = any(post.link and u.get("expanded_url") == post.link for u in urls) or tweet.get("text") == post.text
            if mine and tweet.get("id"):
                return Published(post_id=str(tweet["id"]), url=f"https://x.com/i/web/status/{tweet['id']}")
        return None

    def metrics(self, published: Published) -> Metrics:
        answer = self.call("GET", f"/2/tweets/{published.post_id}", params={"tweet.fields": "public_metrics"})
        counts = dict((answer.get("data") or {}).get("public_metrics") or {})
        shares = None
        if "retweet_count" in counts or "quote_count" in counts:
            shares = int(counts.pop("retweet_count", 0)) + int(counts.pop("quote_count", 0))
        return Metrics(
            views=counts.pop("impression_count", None),
            likes=counts.pop("like_count", None),
            comments=counts.pop("reply_count", None),
            shares=shares,
            extra={name: int(value) for name, value in counts.items()},
        )

    def delete(self, published: Published) -> None:
        try:
            self.call("DELETE", f"/2/tweets/{published.post_id}")
        except ShareError as exc:
            if exc.code != "x-404":  # already gone: deleted by an earlier try or by hand
                raise

    def reply(self, published: Published, text: str) -> Published:
        """X API v2 cannot edit a post: the correction goes out as a reply to it."""
        body = {"text": text, "reply": {"in_reply_to_tweet_id": published.post_id}}
        answer = self.call("POST", "/2/tweets", json=body, creates=True)
        post_id = pick(answer, "data", "id", network="X", creates=True)
        return Published(post_id=post_id, url=f"https://x.com/i/web/status/{post_id}")

    def token_expiry(self) -> datetime | None:
        """The `expires_at` option; asking who the token is first, so a dead one shows before a post needs it."""
        self.call("GET", "/2/users/me")
        return self.expires


def _error(response, answer: dict) -> ShareError:
    status = response.status_code
    said = str(answer.get("detail") or answer.get("title") or answer.get("message") or "").strip()[:300]
    code = f"x-{status}"
    if status == 429:
        # "X's sending limit has been reached. It will be tried again after the limit resets."
        return ShareError(
            Failure.RETRY,
            "Batas pengiriman X tercapai. Akan dicoba lagi setelah batasnya pulih.",
            retry_after=_reset(response.headers),
            code=code,
        )
    if status >= 500:
        return server_error("X", status)
    if status == 401:
        # "The X token is invalid or expired. An administrator must reconnect the X account."
        return ShareError(
            Failure.TOKEN,
            "Token X tidak berlaku atau kedaluwarsa. Administrator perlu menghubungkan ulang akun X.",
            code=code,
        )
    if status == 403 and "duplicate" in said.lower():
        # "X refuses a post identical to an earlier one. Change the text, then send again."
        return ShareError(
            Failure.REFUSED,
            "X menolak kiriman yang sama persis dengan sebelumnya. Ubah teksnya, lalu kirim lagi.",
            code=code,
        )
    if status == 403 and any(w in str(answer.get("type", "")) for w in ("forbidden", "authentication", "not-author")):
        # "The X account may not post (…). An administrator must reconnect it with permission to post."
        return ShareError(
            Failure.TOKEN,
            f"Akun X tidak diizinkan mengirim ({said}). Administrator perlu menghubungkan ulang akun dengan izin "
            "menulis.",
            code=code,
        )
    if status == 403:
        # "X refused this post (…). Change it, then send again."
        return ShareError(
            Failure.REFUSED, f"X menolak kiriman ini ({said}). Ubah kirimannya, lalu kirim lagi.", code=code
        )
    # "X refused the request (…). Check the text and the media."
    return ShareError(Failure.PERSON, f"X menolak permintaan ({said or status}). Periksa teks dan medianya.", code=code)


def _reset(headers) -> float | None:
    """Seconds until the limit that is used up resets: the 15-minute window, or a 24-hour cap at zero."""
    resets = []
    for prefix in ("x-rate-limit", "x-user-limit-24hour", "x-app-limit-24hour"):
        reset = headers.get(f"{prefix}-reset")
        if reset and (prefix == "x-rate-limit" or headers.get(f"{prefix}-remaining") == "0"):
            try:
                resets.append(until(float(reset)))
            except ValueError:
                continue
    return max(resets) if resets else None
