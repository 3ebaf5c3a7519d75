"""The Telegram Bot API on 127.0.0.1: /bot<token>/<method>, parameters checked against api.json, answers in the
{"ok": …} envelope with `parameters.retry_after` on flood control."""

from __future__ import annotations

import itertools
import json
import time

from redaksi.social.tests.fakes import spec
from redaksi.social.tests.fakes.server import FakeServer, Reply


def failed(code: int, description: str, **parameters) -> Reply:
    body = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return Reply(code, body)


class TelegramFake(FakeServer):
    network = "telegram"
    token = "123456:ABC-telegram-bot"  # noqa: S105 - the fake's own test token
    chat = {"id": -1001234567890, "title": "Diskominfo Garut", "username": "diskominfo_garut", "type": "channel"}

    def __init__(self):
        super().__init__()
        self.ids = itertools.count(101)
        self.messages: dict[int, dict] = {}
        self.files: dict[int, bytes] = {}  # the uploaded photo of each message

    def error_reply(self, kind, request):
        if kind == "429":
            return failed(429, "Too Many Requests: retry after 17", retry_after=17)
        if kind == "token":
            return failed(401, "Unauthorized")
        if kind == "forbidden":
            return failed(403, "Forbidden: bot is not a member of the channel chat")
        if kind == "500":
            return Reply(502, b"<html><body>502 Bad Gateway</body></html>", {"Content-Type": "text/html"})
        return failed(400, "Bad Request")

    def route(self, request):
        prefix, _, method = request.path.lstrip("/").partition("/")
        if prefix != f"bot{self.token}":
            return failed(
                401 if prefix.startswith("bot") else 404, "Unauthorized" if prefix.startswith("bot") else "Not Found"
            )
        names = {name.lower(): name for name in spec.load("telegram/api.json")["methods"]}
        method = names.get(method.lower(), method)
        attached = {n for n in request.files if any(f"attach://{n}" in str(v) for v in request.params.values())}
        values = {**request.params, **{n: f for n, f in request.files.items() if n not in attached}}
        if isinstance(request.json, dict):
            values.update(request.json)
        spec.check_telegram(self, request, method, values)
        if method == "getMe":
            return self.ok({"id": int(self.token.split(":")[0]), "is_bot": True, "first_name": "Redaksi"})
        if str(values.get("chat_id")) not in (f"@{self.chat.get('username')}", str(self.chat["id"])):
            return failed(400, "Bad Request: chat not found")
        if method == "sendMessage":
            if not 1 <= len(values["text"]) <= 4096:
                return failed(400, "Bad Request: message is too long")
            options = json.loads(values.get("link_preview_options", "{}"))
            spec.check_telegram_object(self, "LinkPreviewOptions", options)
            return self.ok(self.message({"text": values["text"], "link_preview_options": options}))
        if method == "sendPhoto":
            return self.photo(request, values)
        if method == "sendMediaGroup":
            return self.group(request, values)
        if method == "deleteMessage":
            message = self.messages.get(int(values["message_id"]))
            if message is None:
                return failed(400, "Bad Request: message to delete not found")
            if (
                time.time() - message["date"] >= 48 * 3600
            ):  # "can only be deleted if it was sent less than 48 hours ago"
                return failed(400, "Bad Request: message can't be deleted")
            del self.messages[message["message_id"]]
            return self.ok(True)
        if method in ("editMessageText", "editMessageCaption"):
            return self.edit(method, values)
        return failed(404, "Not Found: method not found")

    def edit(self, method, values):
        message = self.messages.get(int(values.get("message_id") or 0))
        if message is None:
            return failed(400, "Bad Request: message to edit not found")
        field = "text" if method == "editMessageText" else "caption"
        if field == "text" and "text" not in message:
            return failed(400, "Bad Request: there is no text in the message to edit")
        if field == "caption" and "photo" not in message:
            return failed(400, "Bad Request: there is no caption in the message to edit")
        new = values.get(field, "")
        if not 1 <= len(new) <= (4096 if field == "text" else 1024):
            return failed(400, f"Bad Request: message {field} is empty or too long")
        if message.get(field) == new:
            return failed(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        message[field] = new
        message["edit_date"] = int(time.time())
        return self.ok(message)

    def ok(self, result):
        return Reply(200, {"ok": True, "result": result})

    def message(self, content, upload: bytes = b""):
        message_id = next(self.ids)
        if upload:
            self.files[message_id] = upload
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self.chat,
            "sender_chat": self.chat,
            **content,
        }
        self.messages[message_id] = message
        return message

    def photo(self, request, values):
        upload = request.files.get("photo")
        if upload is None or upload[2][:2] != b"\xff\xd8":
            return failed(400, "Bad Request: IMAGE_PROCESS_FAILED")
        if len(values.get("caption", "")) > 1024:
            return failed(400, "Bad Request: message caption is too long")
        sizes = [{"file_id": f"AgAC{len(self.messages)}", "file_unique_id": "u", "width": 1080, "height": 1080}]
        return self.ok(self.message({"photo": sizes, "caption": values.get("caption", "")}, upload[2]))

    def group(self, request, values):
        media = json.loads(values["media"])
        if not 2 <= len(media) <= 10:
            return failed(400, "Bad Request: wrong number of messages in the media group")
        results = []
        for item in media:
            spec.check_telegram_object(self, "InputMediaPhoto", item)
            name = item["media"].removeprefix("attach://")
            if name not in request.files:
                return failed(400, f"Bad Request: file {name} not found in the request")
            if len(item.get("caption", "")) > 1024:
                return failed(400, "Bad Request: message caption is too long")
            content = {
                "photo": [{"file_id": name, "file_unique_id": name, "width": 1080, "height": 1080}],
                "media_group_id": "13",
            }
            if "caption" in item:
                content["caption"] = item["caption"]
            results.append(self.message(content, request.files[name][2]))
        return self.ok(results)
