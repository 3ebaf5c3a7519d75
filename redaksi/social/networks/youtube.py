"""YouTube Data API v3: the item's video by resumable upload (videos.insert), with title, description, tags, privacy.

The protocol is Google's resumable upload (summarised in ../shared/specs/social/README.md): a session is opened with
the Video JSON, the bytes go in chunks that are multiples of 256 KiB (308 answers say how much arrived), a break is
resumed by asking with `Content-Range: bytes */total`, and 201 carries the Video. An item without a video cannot go
to YouTube: that is a PERSON failure the pipeline may turn into a skip.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import ClassVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from redaksi.social.base import Failure, Media, Metrics, Post, Published, ShareError
from redaksi.social.networks._http import (
    DEFAULT_TIMEOUT,
    check_options,
    expiry_option,
    json_of,
    number_option,
    pick,
    send,
    server_error,
    too_big,
)

DEFAULT_BASE_URL = "https://www.googleapis.com"
UNIT = 262144  # 256 KiB: every chunk but the last is a multiple of it
PRIVACY = ("public", "unlisted", "private")
TITLE_LIMIT, DESCRIPTION_BYTES, TAGS_CHARS = 100, 5000, 500
MAX_GB = 256
QUOTA_REASONS = {"quotaExceeded", "dailyLimitExceeded", "uploadLimitExceeded"}
RATE_REASONS = {"rateLimitExceeded", "userRateLimitExceeded", "backendError"}
TOKEN_REASONS = {"authError", "insufficientPermissions", "forbidden", "youtubeSignupRequired"}


class Client:
    network: ClassVar[str] = "youtube"
    OPTIONS: ClassVar[frozenset[str]] = frozenset(
        {"privacy_status", "category_id", "chunk_size", "timeout", "expires_at", "resume_attempts", "backoff"}
    )

    def __init__(self, *, base_url: str = DEFAULT_BASE_URL, token: str, options: Mapping[str, str], session) -> None:
        opts = check_options(self.network, self.OPTIONS, options)
        self.root, self.session, self.token = (base_url or DEFAULT_BASE_URL).rstrip("/"), session, token
        self.timeout = number_option(opts, "timeout", DEFAULT_TIMEOUT, self.network)
        self.privacy = opts.get("privacy_status") or "public"
        self.category = opts.get("category_id", "25")  # 25: News & Politics
        self.chunk = int(number_option(opts, "chunk_size", 32 * UNIT, self.network))
        if self.privacy not in PRIVACY or not self.chunk or self.chunk % UNIT:
            # "privacy_status must be public, unlisted or private and chunk_size a multiple of 262144."
            raise ShareError(
                Failure.PERSON,
                "Opsi akun youtube salah: privacy_status harus public, unlisted atau private, dan chunk_size "
                f"kelipatan {UNIT}.",
                code="options",
            )
        self.resume_attempts = int(number_option(opts, "resume_attempts", 5, self.network))
        self.backoff = number_option(opts, "backoff", 1.0, self.network)
        self.expires = expiry_option(opts, self.network)

    def call(self, method: str, url: str, *, creates=False, ok=(200, 201), headers=None, **kwargs):
        # The token goes only to the API's own host, never to a session URI elsewhere (its upload_id suffices).
        same_host = urlsplit(url).netloc == urlsplit(self.root).netloc
        headers = {**({"Authorization": f"Bearer {self.token}"} if same_host else {}), **(headers or {})}
        response = send(
            self.session, "YouTube", method, url, timeout=self.timeout, creates=creates, headers=headers, **kwargs
        )
        if response.status_code in ok or response.status_code == 204:
            return response
        raise _error(response)

    def publish(self, post: Post) -> Published:
        if post.video is None:
            # "This item has no video; YouTube takes videos only. Add a video, or skip YouTube for this item."
            raise ShareError(
                Failure.PERSON,
                "Berita ini tidak punya video, sedangkan YouTube hanya menerima video. Tambahkan video, atau lewati "
                "YouTube untuk berita ini.",
                code="no-video",
            )
        if post.video.size > MAX_GB * 1024**3:
            raise too_big("YouTube", "Video", MAX_GB * 1024)
        session_uri = self._start(post, post.video)
        video_id = self._upload(session_uri, post.video)
        return Published(post_id=video_id, url=f"https://www.youtube.com/watch?v={video_id}")

    def _start(self, post: Post, media: Media) -> str:
        body = {"snippet": self.snippet(post), "status": {"privacyStatus": self.privacy}}
        headers = {"X-Upload-Content-Length": str(media.size), "X-Upload-Content-Type": media.content_type}
        params = {"uploadType": "resumable", "part": "snippet,status"}
        response = self.call("POST", f"{self.root}/upload/youtube/v3/videos", params=params, json=body, headers=headers)
        location = response.headers.get("Location", "")
        if not location:
            raise server_error("YouTube", response.status_code)
        return location

    def snippet(self, post: Post) -> dict:
        title = _clean(post.title or post.text)[:TITLE_LIMIT].strip()
        description = _clean(post.text).encode()[:DESCRIPTION_BYTES].decode("utf-8", "ignore")
        tags, used = [], 0
        for tag in (_clean(t).strip() for t in post.tags):
            if tag and used + len(tag) <= TAGS_CHARS:
                tags.append(tag)
                used += len(tag) + 1
        snippet = {"title": title, "description": description, "tags": tags}
        return {**snippet, "categoryId": self.category} if self.category else snippet

    def _upload(self, session_uri: str, media: Media) -> str:
        """PUT the bytes chunk by chunk from wherever the server says it stands; resume after breaks and 5xx."""
        total, offset, stalled = media.size, 0, 0
        with media.open() as handle:
            while True:
                handle.seek(offset)
                chunk = handle.read(self.chunk)
                if not chunk or stalled > self.resume_attempts:
                    raise _broken(bool(chunk))
                last = offset + len(chunk) - 1
                headers = {"Content-Type": media.content_type, "Content-Range": f"bytes {offset}-{last}/{total}"}
                try:
                    response = self.call(
                        "PUT", session_uri, data=chunk, headers=headers, creates=True, ok=(200, 201, 308)
                    )
                except ShareError as error:
                    response = self._resume(session_uri, total, error, sent_last=last + 1 >= total)
                if response.status_code in (200, 201):
                    return pick(json_of(response), "id", network="YouTube", creates=True)
                stalled = stalled + 1 if _received(response) <= offset else 0
                offset = _received(response)

    def _resume(self, session_uri: str, total: int, error: ShareError, *, sent_last: bool):
        """Ask the server how much it has, with back-off; give up as UNKNOWN once the last byte may have arrived."""
        for attempt in range(self.resume_attempts):
            if error.kind not in (Failure.RETRY, Failure.UNKNOWN):
                raise error
            time.sleep(self.backoff * 2**attempt)
            try:
                return self._status(session_uri, total)
            except ShareError as again:
                error = again
        if sent_last and error.kind == Failure.RETRY:
            raise ShareError(Failure.UNKNOWN, error.message, code=error.code) from None
        raise error

    def _status(self, session_uri: str, total: int):
        headers = {"Content-Range": f"bytes */{total}", "Content-Length": "0"}
        return self.call("PUT", session_uri, headers=headers, creates=True, ok=(200, 201, 308))

    def find(self, post: Post) -> Published | None:
        """The channel's latest uploads; ours is the one with our title and description."""
        channels = self.call(
            "GET", f"{self.root}/youtube/v3/channels", params={"part": "contentDetails", "mine": "true"}
        )
        items = json_of(channels).get("items") or [{}]
        uploads = ((items[0].get("contentDetails") or {}).get("relatedPlaylists") or {}).get("uploads")
        if not uploads:
            return None
        params = {"part": "snippet", "playlistId": uploads, "maxResults": "25"}
        listing = json_of(self.call("GET", f"{self.root}/youtube/v3/playlistItems", params=params))
        wanted = self.snippet(post)
        for item in listing.get("items") or []:
            snippet = item.get("snippet") or {}
            if snippet.get("title") == wanted["title"] and snippet.get("description") == wanted["description"]:
                video_id = str((snippet.get("resourceId") or {}).get("videoId"))
                return Published(post_id=video_id, url=f"https://www.youtube.com/watch?v={video_id}")
        return None

    def metrics(self, published: Published) -> Metrics:
        params = {"part": "statistics", "id": published.post_id}
        items = json_of(self.call("GET", f"{self.root}/youtube/v3/videos", params=params)).get("items") or [{}]
        stats = items[0].get("statistics") or {}

        def count(name):
            return int(stats[name]) if name in stats else None

        return Metrics(views=count("viewCount"), likes=count("likeCount"), comments=count("commentCount"))

    def delete(self, published: Published) -> None:
        try:
            self.call("DELETE", f"{self.root}/youtube/v3/videos", params={"id": published.post_id})
        except ShareError as exc:
            if not exc.code.startswith("youtube-404"):  # videoNotFound: deleted by an earlier try or by hand
                raise

    def update(self, published: Published, post: Post) -> None:
        """videos.update with part=snippet: the whole snippet is replaced, so its category (required) is read first."""
        params = {"part": "snippet", "id": published.post_id}
        items = json_of(self.call("GET", f"{self.root}/youtube/v3/videos", params=params)).get("items") or []
        if not items:
            # "The video is no longer on YouTube; there is nothing to update."
            raise ShareError(
                Failure.PERSON, "Video sudah tidak ada di YouTube; tidak ada yang bisa diperbarui.", code="no-video"
            )
        old = items[0].get("snippet") or {}
        snippet = {**self.snippet(post), "categoryId": self.category or str(old.get("categoryId") or "25")}
        snippet = {**snippet, "tags": snippet.get("tags") or old.get("tags") or []}
        body = {"id": published.post_id, "snippet": snippet}
        self.call("PUT", f"{self.root}/youtube/v3/videos", params={"part": "snippet"}, json=body)

    def token_expiry(self) -> datetime | None:
        """The `expires_at` option; asking for the token's channel first (1 quota unit), so a dead token shows
        before a post needs it."""
        self.call("GET", f"{self.root}/youtube/v3/channels", params={"part": "id", "mine": "true"})
        return self.expires


def _broken(stalled: bool) -> ShareError:
    if stalled:
        # "YouTube stopped taking the video's bytes. It will be tried again automatically."
        return ShareError(
            Failure.RETRY, "YouTube berhenti menerima isi video. Akan dicoba lagi otomatis.", code="stalled"
        )
    # "The video file is shorter than its recorded size (damaged?). Upload the video to the item again."
    return ShareError(
        Failure.PERSON,
        "Berkas video lebih pendek dari ukuran yang tercatat (mungkin rusak). Unggah ulang video pada berita ini.",
        code="video-broken",
    )


def _clean(text: str) -> str:
    return text.replace("<", "‹").replace(">", "›")  # YouTube refuses < and > in titles and descriptions


def _received(response) -> int:
    """308: `Range: bytes=0-N` means N+1 bytes are stored; no Range header, nothing yet."""
    stored = response.headers.get("Range", "")
    return int(stored.rsplit("-", 1)[1]) + 1 if stored else 0


def _until_pacific_midnight() -> float:
    now = datetime.now(ZoneInfo("America/Los_Angeles"))
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=5, second=0, microsecond=0)
    return (midnight.astimezone(UTC) - now.astimezone(UTC)).total_seconds()


def _error(response) -> ShareError:
    status = response.status_code
    error = json_of(response).get("error") or {}
    reasons = {str(e.get("reason")) for e in error.get("errors") or [] if isinstance(e, dict)}
    said = str(error.get("message") or "").strip()[:300]
    code = f"youtube-{status}" + (f"-{sorted(reasons)[0]}" if reasons else "")
    if reasons & QUOTA_REASONS:
        # "YouTube's daily quota is used up. It will be tried again after it resets (midnight Pacific time)."
        return ShareError(
            Failure.RETRY,
            "Kuota harian YouTube sudah habis. Akan dicoba lagi setelah kuota pulih (tengah malam waktu Pasifik).",
            retry_after=_until_pacific_midnight(),
            code=code,
        )
    if reasons & RATE_REASONS or status == 429 or status >= 500:
        return server_error("YouTube", status)
    if status == 401 or reasons & TOKEN_REASONS:
        # "The YouTube token is invalid, expired or lacks permission. An administrator must reconnect the account."
        return ShareError(
            Failure.TOKEN,
            "Token YouTube tidak berlaku, kedaluwarsa, atau tidak punya izin. Administrator perlu menghubungkan ulang "
            "akun YouTube.",
            code=code,
        )
    if status in (404, 410):
        # "The upload session expired. It will start again automatically."
        return ShareError(Failure.RETRY, "Sesi unggah YouTube berakhir. Akan diulang otomatis.", code=code)
    # "YouTube refused the video (…). Check the title, description and the video file."
    return ShareError(
        Failure.PERSON,
        f"YouTube menolak video ({said or status}). Periksa judul, deskripsi, dan berkas videonya.",
        code=code,
    )
