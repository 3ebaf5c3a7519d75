"""Facebook Page and Instagram content publishing, as the Graph API speaks them (../shared/specs/social/)."""

from __future__ import annotations

import hashlib
import hmac
import io
import itertools
import json

import requests
from PIL import Image

from redaksi.social.tests.fakes import spec
from redaksi.social.tests.fakes.server import FakeServer, Reply

VERSION = "v25.0"


def graph_error(code: int, message: str, *, subcode: int = 0, kind: str = "OAuthException", status: int = 400):
    error = {"message": message, "type": kind, "code": code, "fbtrace_id": "AbCdEf123"}
    if subcode:
        error["error_subcode"] = subcode
    return Reply(status, {"error": error})


class GraphFake(FakeServer):
    token = "graph-token"  # noqa: S105 - the fake's own test token
    app_secret = ""
    expires_at = 0  # debug_token: 0 = never
    data_expires_at = 0

    def __init__(self):
        super().__init__()
        self.ids = itertools.count(17_900_000_000_000_001)

    def error_reply(self, kind, request):
        if kind == "token":
            return graph_error(190, "Error validating access token: Session has expired.", subcode=463)
        if kind == "duplicate":
            return graph_error(506, "(#506) Duplicate status message", subcode=1390008)
        if kind == "policy":
            return graph_error(368, "The action attempted has been deemed abusive or is otherwise disallowed")
        if kind == "429":
            usage = {"1001": [{"type": "pages", "call_count": 100, "estimated_time_to_regain_access": 7}]}
            reply = graph_error(32, "Page request limit reached")
            reply.headers["X-Business-Use-Case-Usage"] = json.dumps(usage)
            return reply
        if kind == "500":
            return graph_error(2, "Service temporarily unavailable", status=500)
        return graph_error(100, "(#100) Invalid parameter", kind="GraphMethodException")

    def route(self, request):
        parts = request.path.strip("/").split("/")
        if not parts or parts[0] != VERSION:
            self.violation(f"{request.path}: not under /{VERSION}/")
            return graph_error(2500, "Unknown path components")
        params = request.params
        if params.get("access_token") != self.token:
            return graph_error(190, "Invalid OAuth access token - Cannot parse access token")
        if self.app_secret:
            proof = hmac.new(self.app_secret.encode(), self.token.encode(), hashlib.sha256).hexdigest()
            if params.get("appsecret_proof") != proof:
                return graph_error(
                    100, "Invalid appsecret_proof provided in the API argument", kind="GraphMethodException"
                )
        if parts[1:] == ["debug_token"]:
            data = {
                "is_valid": True,
                "expires_at": self.expires_at,
                "data_access_expires_at": self.data_expires_at,
                "type": "PAGE",
                "scopes": ["pages_manage_posts"],
            }
            return Reply(200, {"data": data})
        return self.node(request, parts[1:])

    def node(self, request, parts):
        raise NotImplementedError

    def new_id(self) -> str:
        return str(next(self.ids))

    def comment(self, node: dict, request) -> Reply:
        """POST /{object}/comments with `message`: kept under the object, answered with the comment's id."""
        message = request.params.get("message", "")
        if not message:
            return graph_error(100, "(#100) Missing message or attachment", kind="GraphMethodException")
        comment_id = f"{node['id']}_{self.new_id()}"
        node.setdefault("comment_list", []).append({"id": comment_id, "message": message})
        return Reply(200, {"id": comment_id})


class FacebookFake(GraphFake):
    network = "facebook"
    page_id = "1001"

    def __init__(self):
        super().__init__()
        self.posts: dict[str, dict] = {}  # post id -> what was posted (newest last)
        self.unpublished: dict[str, object] = {}  # photo id -> url or uploaded file, waiting for attached_media

    def node(self, request, parts):
        method, first = request.method, parts[0]
        if first == self.page_id and len(parts) == 2:
            if parts[1] == "feed" and method == "POST":
                spec.check_graph(self, request, "facebook/Page.json", "feed")
                if "attached_media" in request.params:
                    return self.multi(request)
                return self.create(
                    request, {"message": request.params.get("message", ""), "link": request.params.get("link", "")}
                )
            if parts[1] == "photos" and method == "POST":
                spec.check_graph(self, request, "facebook/Page.json", "photos")
                return self.photo(request)
            if parts[1] == "feed" and method == "GET":
                spec.check_graph(self, request, "facebook/Page.json", "feed")
                spec.check_fields(self, request, "facebook/PagePost.json")
                limit = int(request.params.get("limit", 25))
                posts = [self.fields(post, request) for post in reversed(self.posts.values())][:limit]
                return Reply(200, {"data": posts, "paging": {}})
        if first in self.posts:
            return self.post_node(request, self.posts[first], parts[1:])
        return graph_error(
            100,
            f"(#100) Unsupported {method} request. Object with ID '{first}' does not exist",
            subcode=33,
            kind="GraphMethodException",
        )

    def photo(self, request):
        params = request.params
        if bool(params.get("url")) == bool(request.files.get("source")):
            self.violation("POST photos: exactly one of url or a multipart source file")
            return graph_error(324, "(#324) Requires upload file")
        if params.get("published") == "false":
            photo_id = self.new_id()
            self.unpublished[photo_id] = params.get("url") or request.files["source"]
            return Reply(200, {"id": photo_id})
        post = self.create(request, {"message": params.get("caption", ""), "link": ""}, photo=True)
        self.posts[post.body["post_id"]]["photo"] = params.get("url") or request.files["source"]
        return post

    def multi(self, request):
        attached = json.loads(request.params["attached_media"])
        ids = [item.get("media_fbid") for item in attached]
        if not ids or any(i not in self.unpublished for i in ids) or "link" in request.params:
            self.violation(f"attached_media {ids} must name unpublished photos of this Page, without a link")
            return graph_error(100, "(#100) Invalid attached_media")
        reply = self.create(request, {"message": request.params.get("message", ""), "link": ""})
        if reply.status == 200:
            self.posts[reply.body["id"]]["photos"] = [self.unpublished.pop(i) for i in ids]
        return reply

    def create(self, request, content, photo=False):
        if any(p["message"] == content["message"] and p["link"] == content["link"] for p in self.posts.values()):
            return graph_error(506, "(#506) Duplicate status message", subcode=1390008)
        post_id = f"{self.page_id}_{self.new_id()}"
        permalink = f"https://www.facebook.com/{self.page_id}/posts/{post_id.split('_')[1]}"
        self.posts[post_id] = {**content, "id": post_id, "permalink_url": permalink, "reactions": 0, "comments": 0}
        return Reply(200, {"id": self.new_id(), "post_id": post_id} if photo else {"id": post_id})

    def fields(self, post, request):
        wanted = [name for name in request.params.get("fields", "id").split(",") if name]
        out = {"id": post["id"]}
        for name in wanted:
            base = name.split(".")[0]
            if base in ("message", "permalink_url"):
                out[base] = post[base]
            elif base == "shares":
                out["shares"] = {"count": post.get("shares", 0)}
            elif base in ("reactions", "comments"):
                out[base] = {"data": [], "summary": {"total_count": post[base]}}
        return out

    def post_node(self, request, post, rest):
        if not rest and request.method == "GET":
            spec.check_graph(self, request, "facebook/PagePost.json", "#get")
            spec.check_fields(self, request, "facebook/PagePost.json")
            return Reply(200, self.fields(post, request))
        if not rest and request.method == "DELETE":
            spec.check_graph(self, request, "facebook/PagePost.json", "#delete")
            del self.posts[post["id"]]
            return Reply(200, {"success": True})
        if not rest and request.method == "POST":  # PagePost #update: the message is edited in place
            spec.check_graph(self, request, "facebook/PagePost.json", "#update")
            if "message" in request.params:
                post["message"] = request.params["message"]
                post["edits"] = post.get("edits", 0) + 1
            return Reply(200, {"success": True})
        if rest == ["comments"] and request.method == "POST":
            spec.check_graph(self, request, "facebook/PagePost.json", "comments")
            return self.comment(post, request)
        if rest == ["insights"] and request.method == "GET":
            spec.check_graph(self, request, "facebook/PagePost.json", "insights")
            data = [
                {
                    "name": name,
                    "period": "lifetime",
                    "values": [{"value": post.get(name, 0)}],
                    "id": f"{post['id']}/insights/{name}/lifetime",
                }
                for name in request.params.get("metric", "").split(",")
            ]
            return Reply(200, {"data": data})
        return graph_error(100, "(#100) Unknown edge", kind="GraphMethodException")


class InstagramFake(GraphFake):
    network = "instagram"
    user_id = "17841400000000001"
    processing_polls = 2  # a reel stays IN_PROGRESS for this many status polls
    reel_status = "FINISHED"  # what a reel ends in ("ERROR" to fail it)
    fetch_media = False  # True: fetch each image_url as Instagram does, and refuse what is not a usable JPEG

    def __init__(self):
        super().__init__()
        self.containers: dict[str, dict] = {}
        self.media: dict[str, dict] = {}  # published media, newest last
        self.fetched: dict[str, tuple[int, int]] = {}  # image_url -> (width, height); video_url -> (0, bytes)

    def node(self, request, parts):
        method, first = request.method, parts[0]
        if first == self.user_id and len(parts) == 2:
            if parts[1] == "media" and method == "POST":
                spec.check_graph(self, request, "instagram/IGUser.json", "media")
                return self.container(request)
            if parts[1] == "media_publish" and method == "POST":
                spec.check_graph(self, request, "instagram/IGUser.json", "media_publish")
                return self.publish(request)
            if parts[1] == "media" and method == "GET":
                spec.check_graph(self, request, "instagram/IGUser.json", "media")
                spec.check_fields(self, request, "instagram/IGMedia.json")
                items = [
                    {"id": m["id"], "caption": m["caption"], "permalink": m["permalink"]} for m in self.media.values()
                ]
                return Reply(200, {"data": list(reversed(items))})
        if first in self.containers and len(parts) == 1 and method == "GET":
            spec.check_graph(self, request, "instagram/ShadowIGMediaBuilder.json", "#get")
            spec.check_fields(self, request, "instagram/ShadowIGMediaBuilder.json")
            return Reply(200, self.status(self.containers[first]))
        if first in self.media:
            return self.media_node(request, self.media[first], parts[1:])
        return graph_error(
            100,
            f"Unsupported request. Object with ID '{first}' does not exist",
            subcode=33,
            kind="GraphMethodException",
        )

    def container(self, request):
        params = request.params
        if len(params.get("caption", "")) > 2200:
            return graph_error(100, "The caption is too long", subcode=2207019)
        kind = params.get("media_type", "IMAGE")
        if kind == "CAROUSEL":
            children = params.get("children", "").split(",")
            if not 2 <= len(children) <= 10 or not all(
                self.containers.get(c, {}).get("carousel_item") for c in children
            ):
                self.violation(f"CAROUSEL children {children} are not 2-10 carousel item containers")
        elif kind == "REELS":
            if not params.get("video_url", "").startswith(("http://", "https://")):
                self.violation("REELS without an http(s) video_url")
            elif self.fetch_media and not self.fetch_video(params["video_url"]):
                return graph_error(9004, "The media could not be fetched from this uri", subcode=2207052)
        elif not params.get("image_url", "").startswith(("http://", "https://")):
            self.violation(f"{kind} without an http(s) image_url")
        elif self.fetch_media and not self.fetch(params["image_url"]):
            return graph_error(9004, "The media could not be fetched from this uri", subcode=2207052)
        container_id = self.new_id()
        self.containers[container_id] = {
            "id": container_id,
            "params": params,
            "kind": kind,
            "polls": 0,
            "carousel_item": params.get("is_carousel_item") == "true",
            "published": False,
        }
        return Reply(200, {"id": container_id})

    def fetch(self, url: str) -> bool:
        """GET the photo as Instagram would: a public JPEG, at least 320 px wide, aspect ratio 4:5 to 1.91:1."""
        try:
            response = requests.get(url, timeout=5, allow_redirects=False)
            image = Image.open(io.BytesIO(response.content))
        except (requests.RequestException, OSError):
            return False
        width, height = image.size
        if response.status_code != 200 or image.format != "JPEG" or width < 320 or not 0.8 <= width / height <= 1.91:
            return False
        self.fetched[url] = (width, height)
        return True

    def fetch_video(self, url: str) -> bool:
        """GET the reel as Instagram would: a public MP4 (an ISO media file: "ftyp" at byte 4)."""
        try:
            response = requests.get(url, timeout=5, allow_redirects=False)
        except requests.RequestException:
            return False
        if response.status_code != 200 or response.content[4:8] != b"ftyp":
            return False
        self.fetched[url] = (0, len(response.content))
        return True

    def status(self, container):
        container["polls"] += 1
        code = "FINISHED"
        if container["published"]:
            code = "PUBLISHED"
        elif container["kind"] == "REELS":
            code = "IN_PROGRESS" if container["polls"] <= self.processing_polls else self.reel_status
        body = {"id": container["id"], "status_code": code}
        body["status"] = "Error: 2207026 unsupported video format" if code == "ERROR" else code.title()
        return body

    def publish(self, request):
        container = self.containers.get(request.params.get("creation_id", ""))
        if container is None or container["carousel_item"]:
            return graph_error(9007, "Media ID is not available", subcode=2207027, kind="OAuthException")
        if container["published"]:
            return graph_error(9007, "The media has already been published", subcode=2207023)
        if container["kind"] == "REELS" and container["polls"] <= self.processing_polls:
            return graph_error(9007, "Media ID is not available", subcode=2207027)
        container["published"] = True
        media_id = self.new_id()
        self.media[media_id] = {
            "id": media_id,
            "caption": container["params"].get("caption", ""),
            "container": container["id"],
            "permalink": f"https://www.instagram.com/p/C{media_id[-6:]}/",
            "insights": {},
        }
        return Reply(200, {"id": media_id})

    def media_node(self, request, media, rest):
        if not rest and request.method == "GET":
            spec.check_graph(self, request, "instagram/IGMedia.json", "#get")
            spec.check_fields(self, request, "instagram/IGMedia.json")
            return Reply(200, {"id": media["id"], "permalink": media["permalink"]})
        if not rest and request.method == "DELETE":
            spec.check_graph(self, request, "instagram/IGMedia.json", "#delete")
            del self.media[media["id"]]
            return Reply(200, {"success": True})
        if not rest and request.method == "POST":  # IGMedia #update: comment_enabled only, never the caption
            spec.check_graph(self, request, "instagram/IGMedia.json", "#update")
            return Reply(200, {"success": True})
        if rest == ["comments"] and request.method == "POST":
            spec.check_graph(self, request, "instagram/IGMedia.json", "comments")
            return self.comment(media, request)
        if rest == ["insights"] and request.method == "GET":
            spec.check_graph(self, request, "instagram/IGMedia.json", "insights")
            allowed = next(
                e["values"]
                for e in spec.load("facebook/enum_types.json")
                if e["name"] == "shadowigmediainsights_metric_enum_param"
            )
            names = request.params.get("metric", "").split(",")
            for name in names:
                if name not in allowed:
                    self.violation(f"insights metric {name} is not in shadowigmediainsights_metric_enum_param")
            data = [
                {"name": n, "period": "lifetime", "values": [{"value": media["insights"].get(n, 0)}]} for n in names
            ]
            return Reply(200, {"data": data})
        return graph_error(100, "Unknown edge", kind="GraphMethodException")
