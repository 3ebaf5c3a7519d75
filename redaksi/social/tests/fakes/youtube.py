"""YouTube Data API v3 on 127.0.0.1: videos.insert by the resumable protocol (308 answers with Range), channels,
playlistItems, videos.list and delete; the Video body is validated against youtube.v3.json."""

from __future__ import annotations

import itertools
import re

from redaksi.social.tests.fakes import spec
from redaksi.social.tests.fakes.oauth import OAuthFake
from redaksi.social.tests.fakes.server import FakeServer, Reply

UNIT = 262144


def google_error(status: int, reason: str, message: str, domain: str = "global") -> Reply:
    errors = [{"message": message, "domain": domain, "reason": reason}]
    return Reply(status, {"error": {"code": status, "message": message, "errors": errors}})


class YouTubeFake(OAuthFake, FakeServer):
    network = "youtube"
    # Google's OAuth 2.0 for web server apps (accounts.google.com/o/oauth2/v2/auth, oauth2.googleapis.com/token):
    # the secret goes in the body; a refresh answers no new refresh token (Google does not rotate them).
    authorize_path, token_path = "/o/oauth2/v2/auth", "/token"
    client_id = "123-abc.apps.googleusercontent.com"
    client_secret = "GOCSPX-youtube-secret"  # noqa: S105 - the fake's own test secret
    secret_in_basic, rotate = False, False
    authorize_needs = {"access_type": "offline"}  # else Google gives no refresh token
    scopes = ("https://www.googleapis.com/auth/youtube.upload", "https://www.googleapis.com/auth/youtube.readonly")
    expires_in = 3599
    token = "ya29.youtube-token"  # noqa: S105 - the fake's own test token
    uploads = "UUdiskominfo0000000000"
    session_host = "127.0.0.1"  # the host the session URI names ("localhost": another host than the API's)

    def __init__(self):
        super().__init__()
        self.oauth_init()
        self.ids = (f"vid{n:08d}" for n in itertools.count(1))
        self.sessions: dict[str, dict] = {}
        self.videos: dict[str, dict] = {}  # newest last

    def error_reply(self, kind, request):
        if kind == "token":
            return google_error(401, "authError", "Invalid Credentials")
        if kind == "quota":
            return google_error(
                403,
                "quotaExceeded",
                "The request cannot be completed because you have exceeded your quota.",
                "youtube.quota",
            )
        if kind == "429":
            return google_error(429, "rateLimitExceeded", "Rate limit exceeded")
        if kind == "500":
            return google_error(503, "backendError", "Backend Error")
        return google_error(400, "invalid", "Invalid request")

    def route(self, request):
        signing_in = self.oauth_route(request)
        if signing_in is not None:
            return signing_in
        path, method = request.path, request.method
        session_put = method == "PUT" and request.query.get("upload_id") in self.sessions
        if request.headers.get("authorization") != f"Bearer {self.token}" and not session_put:
            return google_error(401, "authError", "Invalid Credentials")  # a session URI needs only its upload_id
        if path == "/upload/youtube/v3/videos" and method == "POST":
            return self.start(request)
        if path == "/upload/youtube/v3/videos" and method == "PUT":
            return self.put(request)
        if path == "/youtube/v3/channels" and method == "GET" and request.query.get("mine") == "true":
            details = {"relatedPlaylists": {"uploads": self.uploads}}
            return Reply(
                200, {"kind": "youtube#channelListResponse", "items": [{"id": "UC1", "contentDetails": details}]}
            )
        if path == "/youtube/v3/playlistItems" and method == "GET":
            return self.playlist(request)
        if path == "/youtube/v3/videos" and method == "GET":
            self.check_query(request, "list")
            parts = request.query.get("part", "").split(",")
            items = [
                {"id": v["id"], **{part: v[part] for part in ("statistics", "snippet") if part in parts}}
                for v in self.videos.values()
                if v["id"] in request.query.get("id", "").split(",")
            ]
            return Reply(200, {"kind": "youtube#videoListResponse", "items": items})
        if path == "/youtube/v3/videos" and method == "PUT":
            return self.update(request)
        if path == "/youtube/v3/videos" and method == "DELETE":
            self.check_query(request, "delete")
            if self.videos.pop(request.query.get("id", ""), None) is None:
                return google_error(404, "videoNotFound", "Video not found")
            return Reply(204, b"")
        return google_error(404, "notFound", "Not Found")

    def check_query(self, request, method_name, extra=()):
        method = spec.load("youtube/youtube.v3.json")["resources"]["videos"]["methods"][method_name]
        params = method["parameters"]
        for name in set(request.query) - set(params) - set(extra):
            self.violation(f"videos.{method_name}: {name} is not a parameter")
        for name, param in params.items():
            if param.get("required") and name not in request.query:
                self.violation(f"videos.{method_name}: required {name} missing")

    def start(self, request):
        self.check_query(request, "insert", extra=("uploadType",))
        if request.query.get("uploadType") != "resumable":
            self.violation("videos.insert without uploadType=resumable")
        total = request.headers.get("x-upload-content-length", "")
        kind = request.headers.get("x-upload-content-type", "")
        if not total.isdigit() or not kind.startswith("video/"):
            self.violation(f"X-Upload-Content-Length {total!r} / X-Upload-Content-Type {kind!r}")
        body = request.json or {}
        spec.check_discovery(self, request, "Video", body)
        snippet = body.get("snippet") or {}
        title, description = snippet.get("title", ""), snippet.get("description", "")
        if not title or len(title) > 100 or set("<>") & set(title):
            return google_error(400, "invalidTitle", "The request metadata specifies an invalid video title.")
        if len(description.encode()) > 5000 or set("<>") & set(description):
            return google_error(400, "invalidDescription", "The request metadata specifies an invalid description.")
        upload_id = f"up{len(self.sessions) + 1}"
        self.sessions[upload_id] = {"total": int(total or 0), "data": b"", "body": body, "video": None}
        host = self.url.replace("127.0.0.1", self.session_host)
        location = f"{host}/upload/youtube/v3/videos?uploadType=resumable&upload_id={upload_id}"
        return Reply(200, b"", {"Location": location})

    def put(self, request):
        upload = self.sessions.get(request.query.get("upload_id", ""))
        if upload is None:
            return google_error(404, "notFound", "Upload session not found")
        if upload["video"]:
            return Reply(200, upload["video"])
        asked = request.headers.get("content-range", "")
        match = re.fullmatch(r"bytes (\d+)-(\d+)/(\d+)", asked)
        if asked == f"bytes */{upload['total']}" and not request.body:
            return self.progress(upload)
        if not match or int(match.group(3)) != upload["total"]:
            self.violation(f"PUT Content-Range {asked!r}")
            return google_error(400, "badContent", "Bad Content-Range")
        first, last = int(match.group(1)), int(match.group(2))
        if first != len(upload["data"]) or last - first + 1 != len(request.body):
            self.violation(f"PUT {asked} does not follow the {len(upload['data'])} bytes stored")
        if last + 1 < upload["total"] and len(request.body) % UNIT:
            self.violation(f"chunk of {len(request.body)} bytes is not a multiple of {UNIT}")
        upload["data"] = upload["data"][:first] + request.body
        return self.progress(upload)

    def progress(self, upload):
        if len(upload["data"]) < upload["total"]:
            stored = {"Range": f"bytes=0-{len(upload['data']) - 1}"} if upload["data"] else {}
            return Reply(308, b"", stored)
        video_id = next(self.ids)
        video = {"kind": "youtube#video", "id": video_id, **upload["body"]}
        video["status"] = {**video.get("status", {}), "uploadStatus": "uploaded"}
        upload["video"] = video
        self.videos[video_id] = {
            **video,
            "data": upload["data"],
            "statistics": {"viewCount": "0", "likeCount": "0", "commentCount": "0"},
        }
        return Reply(201, video)

    def update(self, request):
        """videos.update: the parts named in `part` are replaced whole; snippet needs title and categoryId."""
        self.check_query(request, "update")
        body = request.json or {}
        spec.check_discovery(self, request, "Video", body)
        video = self.videos.get(str(body.get("id", "")))
        if video is None:
            return google_error(404, "videoNotFound", "Video not found")
        if request.query.get("part") != "snippet":
            self.violation(f"videos.update part={request.query.get('part')!r}: only snippet is sent")
        snippet = body.get("snippet") or {}
        title, description = snippet.get("title", ""), snippet.get("description", "")
        if not title or len(title) > 100 or set("<>") & set(title):
            return google_error(400, "invalidTitle", "The request metadata specifies an invalid video title.")
        if len(description.encode()) > 5000 or set("<>") & set(description):
            return google_error(400, "invalidDescription", "The request metadata specifies an invalid description.")
        if not snippet.get("categoryId"):
            return google_error(400, "invalidCategoryId", "The request metadata does not specify a category.")
        video["snippet"] = snippet
        video["edits"] = video.get("edits", 0) + 1
        return Reply(200, {"kind": "youtube#video", "id": video["id"], "snippet": snippet})

    def playlist(self, request):
        if request.query.get("playlistId") != self.uploads:
            return google_error(404, "playlistNotFound", "Playlist not found")
        items = [
            {
                "kind": "youtube#playlistItem",
                "id": f"PI{v['id']}",
                "snippet": {
                    "title": v["snippet"]["title"],
                    "description": v["snippet"].get("description", ""),
                    "resourceId": {"kind": "youtube#video", "videoId": v["id"]},
                },
            }
            for v in reversed(self.videos.values())
        ]
        return Reply(
            200, {"kind": "youtube#playlistItemListResponse", "items": items[: int(request.query.get("maxResults", 5))]}
        )
