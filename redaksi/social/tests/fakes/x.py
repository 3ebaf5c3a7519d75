"""X API v2 on 127.0.0.1: posts, media upload (one-shot and chunked), users, with request bodies validated against
the schemas of ../shared/specs/social/x/openapi.json."""

from __future__ import annotations

import itertools
import re
import time

from redaksi.social.tests.fakes import spec
from redaksi.social.tests.fakes.oauth import OAuthFake
from redaksi.social.tests.fakes.server import FakeServer, Reply

URL = re.compile(r"https?://\S+")


def problem(status: int, title: str, detail: str = "", kind: str = "about:blank", headers=None) -> Reply:
    body = {"title": title, "type": kind, "status": status, "detail": detail or title}
    return Reply(status, body, {"Content-Type": "application/problem+json", **(headers or {})})


class XFake(OAuthFake, FakeServer):
    network = "x"
    # OAuth 2.0 (openapi.json securitySchemes OAuth2UserToken; docs.x.com "OAuth 2.0 Authorization Code Flow with
    # PKCE"): a confidential client authenticates with HTTP Basic; refresh tokens rotate.
    authorize_path, token_path = "/i/oauth2/authorize", "/2/oauth2/token"
    client_id, client_secret = "x-client-id", "x-client-secret"
    scopes = ("tweet.read", "tweet.write", "users.read", "offline.access", "media.write")
    expires_in = 7200
    token = "x-user-token"  # noqa: S105 - the fake's own test token
    user = {"id": "2244994945", "name": "Diskominfo", "username": "diskominfo"}
    video_polls = 1  # STATUS polls a video stays in_progress

    def __init__(self):
        super().__init__()
        self.oauth_init()
        self.ids = itertools.count(1_860_000_000_000_000_001)
        self.tweets: dict[str, dict] = {}
        self.media: dict[str, dict] = {}
        self.reset_at = int(time.time()) + 90

    def error_reply(self, kind, request):
        if kind == "429":
            limits = {
                "x-rate-limit-limit": "100",
                "x-rate-limit-remaining": "0",
                "x-rate-limit-reset": str(self.reset_at),
            }
            return problem(429, "Too Many Requests", headers=limits)
        if kind == "token":
            return problem(401, "Unauthorized")
        if kind == "duplicate":
            return problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.")
        if kind == "500":
            return problem(503, "Service Unavailable")
        return problem(
            400,
            "Invalid Request",
            "One or more parameters to your request was invalid.",
            "https://api.x.com/2/problems/invalid-request",
        )

    def route(self, request):
        signing_in = self.oauth_route(request)
        if signing_in is not None:
            return signing_in
        if request.headers.get("authorization") != f"Bearer {self.token}":
            return problem(401, "Unauthorized")
        method, path = request.method, request.path
        if method == "POST" and path == "/2/tweets":
            return self.create(request)
        if path.startswith("/2/media/upload"):
            return self.upload(request, path[len("/2/media/upload") :].strip("/").split("/"))
        if method == "GET" and path == "/2/users/me":
            spec.check_openapi_query(self, request, "/2/users/me")
            return Reply(200, {"data": self.user})
        if method == "GET" and path == f"/2/users/{self.user['id']}/tweets":
            spec.check_openapi_query(self, request, "/2/users/{id}/tweets")
            return self.timeline(request)
        match = re.fullmatch(r"/2/tweets/(\d+)", path)
        if match and match.group(1) in self.tweets:
            spec.check_openapi_query(self, request, "/2/tweets/{id}")
            tweet = self.tweets[match.group(1)]
            if method == "DELETE":
                del self.tweets[tweet["id"]]
                return Reply(200, {"data": {"deleted": True}})
            data = {"id": tweet["id"], "text": tweet["text"], "edit_history_tweet_ids": [tweet["id"]]}
            if "public_metrics" in request.query.get("tweet.fields", ""):
                data["public_metrics"] = tweet["public_metrics"]
            return Reply(200, {"data": data})
        return problem(404, "Not Found Error", kind="https://api.x.com/2/problems/resource-not-found")

    def create(self, request):
        if not request.headers.get("content-type", "").startswith("application/json"):
            self.violation("POST /2/tweets without a JSON body")
        body = request.json or {}
        spec.check_openapi(self, request, "CreatePostsRequest", body)
        for media_id in (body.get("media") or {}).get("media_ids", []):
            if self.media.get(media_id, {}).get("state") != "succeeded":
                return problem(400, "Invalid Request", f"Your media IDs are invalid: {media_id}")
        if any(t["text"] == body.get("text") for t in self.tweets.values()):
            return self.error_reply("duplicate", request)
        tweet_id = str(next(self.ids))
        urls = [
            {"url": "https://t.co/abc", "expanded_url": u, "display_url": u[:20]} for u in URL.findall(body["text"])
        ]
        self.tweets[tweet_id] = {
            "id": tweet_id,
            "text": body["text"],
            "media": body.get("media"),
            "entities": {"urls": urls},
            "public_metrics": {
                "retweet_count": 0,
                "reply_count": 0,
                "like_count": 0,
                "quote_count": 0,
                "bookmark_count": 0,
                "impression_count": 0,
            },
        }
        return Reply(201, {"data": {"id": tweet_id, "text": body["text"], "edit_history_tweet_ids": [tweet_id]}})

    def timeline(self, request):
        max_results = int(request.query.get("max_results", 10))
        if not 5 <= max_results <= 100:
            self.violation(f"max_results {max_results} outside 5-100")
        fields = request.query.get("tweet.fields", "").split(",")
        tweets = []
        for tweet in reversed(self.tweets.values()):
            data = {"id": tweet["id"], "text": tweet["text"], "edit_history_tweet_ids": [tweet["id"]]}
            if "entities" in fields and tweet["entities"]["urls"]:
                data["entities"] = tweet["entities"]
            tweets.append(data)
        return Reply(200, {"data": tweets[:max_results], "meta": {"result_count": len(tweets[:max_results])}})

    def upload(self, request, rest):
        if request.method == "GET" and rest == [""]:
            spec.check_openapi_query(self, request, "/2/media/upload")
            media = self.media.get(request.query.get("media_id", ""))
            if media is None or request.query.get("command") != "STATUS":
                return problem(400, "Invalid Request")
            media["polls"] += 1
            if media["polls"] > self.video_polls:
                media["state"] = "succeeded"
            return Reply(200, {"data": self.info(media)})
        if request.method == "POST" and rest == [""]:
            return self.one_shot(request)
        if request.method == "POST" and rest == ["initialize"]:
            spec.check_openapi(self, request, "InitializeMediaUploadRequest", request.json or {})
            media_id = str(next(self.ids))
            self.media[media_id] = {
                "id": media_id,
                "total": request.json["total_bytes"],
                "chunks": [],
                "state": "init",
                "polls": 0,
            }
            return Reply(200, {"data": {"id": media_id, "media_key": f"7_{media_id}", "expires_after_secs": 86400}})
        if len(rest) == 2 and rest[0] in self.media and request.method == "POST":
            media = self.media[rest[0]]
            if rest[1] == "append":
                return self.append(request, media)
            if rest[1] == "finalize":
                if sum(len(c) for c in media["chunks"]) != media["total"]:
                    return problem(400, "Invalid Request", "Segments do not add up to provided total file size.")
                media["state"] = "pending" if self.video_polls else "succeeded"
                return Reply(200, {"data": self.info(media)})
        return problem(404, "Not Found Error")

    def one_shot(self, request):
        body = {**request.form, **{name: "<binary>" for name in request.files}}
        spec.check_openapi(self, request, "MediaUploadRequest", body)
        data = request.files.get("media", ("", "", b""))[2]
        if data[:2] != b"\xff\xd8":
            return problem(400, "Invalid Request", "media type unrecognized.")
        media_id = str(next(self.ids))
        self.media[media_id] = {"id": media_id, "state": "succeeded", "bytes": data}
        reply = {
            "id": media_id,
            "media_key": f"3_{media_id}",
            "size": len(data),
            "expires_after_secs": 86400,
            "image": {"image_type": "image/jpeg", "w": 1080, "h": 1080},
        }
        return Reply(200, {"data": reply})

    def append(self, request, media):
        form = dict(request.form)
        if "segment_index" in form:
            form["segment_index"] = int(form["segment_index"])
        spec.check_openapi(self, request, "AppendMediaUploadRequest", {**form, "media": "<binary>"})
        if form.get("segment_index") != len(media["chunks"]):
            self.violation(f"segment_index {form.get('segment_index')} out of order")
        media["chunks"].append(request.files["media"][2])
        return Reply(200, {"data": {"expires_at": int(time.time()) + 86400}})

    def info(self, media):
        data = {"id": media["id"], "media_key": f"7_{media['id']}", "size": media["total"]}
        if media["state"] != "succeeded" or media["polls"]:
            state = "in_progress" if media["state"] != "succeeded" and media["polls"] else media["state"]
            data["processing_info"] = {"state": state, "check_after_secs": 1, "progress_percent": 50}
        return data
