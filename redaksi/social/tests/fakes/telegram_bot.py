"""The Telegram fake, grown a bot's private side: people who write to the bot (getUpdates with its offset), messages
to their private chats, and editing them. Requests are checked against api.json as the channel fake checks them, and
every Update and Message it hands out is checked against the spec's types. The channel methods stay the base fake's.
"""

from __future__ import annotations

import itertools
import json
import time

from redaksi.social.tests.fakes import spec
from redaksi.social.tests.fakes.telegram import TelegramFake, failed

PRIVATE = {"getMe", "getUpdates", "editMessageText", "setWebhook", "deleteWebhook"}


class TelegramBotFake(TelegramFake):
    username = "redaksi_test_bot"

    def __init__(self):
        super().__init__()
        self.people: dict[int, dict] = {}  # chat id -> the person (a private chat's id is the user's id)
        self.updates: list[dict] = []
        self.update_ids = itertools.count(5001)
        self.private: dict[tuple[int, int], dict] = {}  # (chat id, message id) -> message
        self.webhook = ""

    # What a person does in the Telegram app. ----------------------------------------------------------------------
    def person(self, user_id: int, first_name: str = "Hendra", username: str = "hendra_kabag") -> dict:
        self.people[user_id] = {"id": user_id, "is_bot": False, "first_name": first_name, "username": username}
        return self.people[user_id]

    def user_sends(self, user_id: int, text: str) -> dict:
        """The person writes `text` to the bot (pressing Start on a t.me link sends "/start <code>")."""
        sender = self.people.get(user_id) or self.person(user_id)
        chat = {"id": user_id, "type": "private", "first_name": sender["first_name"], "username": sender["username"]}
        message = {"message_id": next(self.ids), "date": int(time.time()), "chat": chat, "from": sender, "text": text}
        update = {"update_id": next(self.update_ids), "message": message}
        spec.check_telegram_object(self, "Message", message)
        spec.check_telegram_object(self, "Chat", chat)
        spec.check_telegram_object(self, "User", sender)
        spec.check_telegram_object(self, "Update", update)
        self.updates.append(update)
        return update

    def inbox(self, user_id: int) -> list[dict]:
        """What the bot wrote in the person's chat, oldest first, as it stands now (edits included)."""
        return [m for (chat, _id), m in sorted(self.private.items()) if chat == user_id]

    # The Bot API. -------------------------------------------------------------------------------------------------
    def route(self, request):
        prefix, _, method = request.path.lstrip("/").partition("/")
        names = {name.lower(): name for name in spec.load("telegram/api.json")["methods"]}
        method = names.get(method.lower(), method)
        values = dict(request.params)
        if isinstance(request.json, dict):
            values.update(request.json)
        chat = values.get("chat_id")
        mine = method in PRIVATE or (chat is not None and str(chat).lstrip("-").isdigit() and int(chat) in self.people)
        if not mine:
            return super().route(request)
        if prefix != f"bot{self.token}":
            return failed(401, "Unauthorized")
        spec.check_telegram(self, request, method, values)
        if method == "getMe":
            me = {"id": int(self.token.split(":")[0]), "is_bot": True, "first_name": "Redaksi"}
            me["username"] = self.username
            spec.check_telegram_object(self, "User", me)
            return self.ok(me)
        if method == "getUpdates":
            return self.get_updates(values)
        if method == "setWebhook":
            self.webhook = values["url"]
            return self.ok(True)
        if method == "deleteWebhook":
            self.webhook = ""
            return self.ok(True)
        if method == "sendMessage":
            return self.send_private(int(chat), values)
        if method == "editMessageText":
            return self.edit_private(values)
        if method == "deleteMessage":
            if self.private.pop((int(chat), int(values["message_id"])), None) is None:
                return failed(400, "Bad Request: message to delete not found")
            return self.ok(True)
        return failed(404, "Not Found: method not found")

    def get_updates(self, values):
        if self.webhook:
            return failed(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = int(values.get("offset") or 0)
        if offset:  # Telegram forgets every update before the offset: they were confirmed
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        allowed = json.loads(values.get("allowed_updates") or "[]")
        if not isinstance(allowed, list):
            self.violation("getUpdates: allowed_updates is not a JSON list")
        limit = int(values.get("limit") or 100)
        return self.ok(self.updates[:limit])

    def send_private(self, chat_id: int, values):
        text = values["text"]
        if not 1 <= len(text) <= 4096:
            return failed(400, "Bad Request: message is too long")
        if "link_preview_options" in values:
            spec.check_telegram_object(self, "LinkPreviewOptions", json.loads(values["link_preview_options"]))
        person = self.people[chat_id]
        chat = {"id": chat_id, "type": "private", "first_name": person["first_name"], "username": person["username"]}
        message = {"message_id": next(self.ids), "date": int(time.time()), "chat": chat, "text": text}
        spec.check_telegram_object(self, "Message", message)
        self.private[chat_id, message["message_id"]] = message
        return self.ok(message)

    def edit_private(self, values):
        if "chat_id" not in values or "message_id" not in values or "text" not in values:
            self.violation("editMessageText: a bot's own message needs chat_id, message_id and text")
            return failed(400, "Bad Request: message identifier is not specified")
        key = (int(values["chat_id"]), int(values["message_id"]))
        message = self.private.get(key)
        if message is None:
            return failed(400, "Bad Request: message to edit not found")
        if message["text"] == values["text"]:
            return failed(400, "Bad Request: message is not modified")
        message.update(text=values["text"], edit_date=int(time.time()))
        return self.ok(message)
