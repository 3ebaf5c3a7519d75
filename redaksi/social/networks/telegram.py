"""A Telegram channel through the Bot API: sendPhoto, sendMediaGroup (2-10 photos) or sendMessage with a preview.

The bot token goes in the path (/bot<token>/<method>), so no URL is ever put in a message or a log here. The bot
must be an administrator of the channel allowed to post. Parameters follow ../shared/specs/social/telegram/api.json.

Telegram gives bots no way to read a channel's history or a post's views: find() cannot tell whether a message went
out after an answer was lost, so it raises a PERSON failure and a person checks the channel (never a blind resend),
and metrics() returns an empty Metrics.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import ClassVar

from redaksi.social.base import CANNOT_FIND, Failure, Metrics, Post, Published, ShareError
from redaksi.social.networks._http import (
    DEFAULT_TIMEOUT,
    check_options,
    json_of,
    number_option,
    pick,
    read_all,
    send,
    server_error,
    too_big,
)

DEFAULT_BASE_URL = "https://api.telegram.org"
CAPTION_LIMIT, TEXT_LIMIT, MAX_GROUP = 1024, 4096, 10
PHOTO_MAX_MB = 10


class Client:
    network: ClassVar[str] = "telegram"
    OPTIONS: ClassVar[frozenset[str]] = frozenset({"chat_id", "timeout", "disable_notification"})

    def __init__(self, *, base_url: str = DEFAULT_BASE_URL, token: str, options: Mapping[str, str], session) -> None:
        opts = check_options(self.network, self.OPTIONS, options, required=("chat_id",))
        self.root, self.session, self.token = (base_url or DEFAULT_BASE_URL).rstrip("/"), session, token
        self.chat_id = opts["chat_id"].strip()
        self.timeout = number_option(opts, "timeout", DEFAULT_TIMEOUT, self.network)
        self.quiet = opts.get("disable_notification", "").lower() in ("1", "true", "yes")

    def call(self, method: str, *, data: dict, files=None, creates=False, chat=True):
        fields = {"chat_id": self.chat_id, **data} if chat else dict(data)
        if self.quiet and method not in ("deleteMessage", "getMe"):
            fields["disable_notification"] = "true"
        url = f"{self.root}/bot{self.token}/{method}"
        response = send(
            self.session, "Telegram", "POST", url, timeout=self.timeout, creates=creates, data=fields, files=files
        )
        answer = json_of(response)
        if answer.get("ok") is True:
            return answer.get("result")
        raise _error(response.status_code, answer)

    def publish(self, post: Post) -> Published:
        photos = list(post.photos[:MAX_GROUP])
        limit = CAPTION_LIMIT if photos else TEXT_LIMIT
        if len(post.text) > limit:
            # "The text is N characters; Telegram allows at most L here. Shorten it."
            raise ShareError(
                Failure.PERSON,
                f"Teks {len(post.text)} karakter; Telegram membolehkan paling banyak {limit} karakter di sini. "
                "Perpendek teksnya.",
                code="text-too-long",
            )
        for photo in photos:
            if photo.size > PHOTO_MAX_MB * 1024 * 1024:
                raise too_big("Telegram", "Foto", PHOTO_MAX_MB)
        if len(photos) == 1:
            files = {"photo": (photos[0].name, read_all(photos[0]), photos[0].content_type)}
            messages = [self.call("sendPhoto", data={"caption": post.text}, files=files, creates=True)]
        elif photos:
            media, files = [], {}
            for index, photo in enumerate(photos):
                files[f"photo{index}"] = (photo.name, read_all(photo), photo.content_type)
                item = {"type": "photo", "media": f"attach://photo{index}"}
                media.append({**item, "caption": post.text} if index == 0 else item)
            messages = self.call("sendMediaGroup", data={"media": json.dumps(media)}, files=files, creates=True)
        else:
            preview = {"url": post.link, "prefer_large_media": True} if post.link else {"is_disabled": True}
            data = {"text": post.text, "link_preview_options": json.dumps(preview)}
            messages = [self.call("sendMessage", data=data, creates=True)]
        if not isinstance(messages, list) or not messages:
            messages = [{}]
        ids = [pick(m, "message_id", network="Telegram", creates=True) for m in messages]
        return Published(post_id=",".join(ids), url=self._url(messages[0]))

    def _url(self, message: dict) -> str:
        chat = message.get("chat") or {}
        name = chat.get("username") or (self.chat_id[1:] if self.chat_id.startswith("@") else "")
        if name:
            return f"https://t.me/{name}/{message['message_id']}"
        chat_id = str(chat.get("id") or self.chat_id)
        return f"https://t.me/c/{chat_id.removeprefix('-100')}/{message['message_id']}"  # a private channel

    def find(self, post: Post) -> Published | None:
        # "Telegram does not let the system check whether the post reached the channel. Open the channel: if the post
        #  is there, paste its address as proof; if not, send it again."
        raise ShareError(
            Failure.PERSON,
            "Telegram tidak memungkinkan sistem memeriksa apakah kiriman sudah masuk ke kanal. Buka kanalnya: jika "
            "kiriman sudah ada, tempelkan alamatnya sebagai bukti; jika belum, kirim ulang.",
            code=CANNOT_FIND,
        )

    def metrics(self, published: Published) -> Metrics:
        return Metrics()  # the Bot API does not give a bot the views of channel posts

    def delete(self, published: Published) -> None:
        for message_id in published.post_id.split(","):
            try:
                self.call("deleteMessage", data={"message_id": message_id})
            except ShareError as exc:
                if "message to delete not found" in exc.message:  # deleted by an earlier try or by hand
                    continue
                if "can't be deleted" in exc.message:  # the Bot API deletes only messages younger than 48 hours
                    raise ShareError(
                        Failure.REFUSED,
                        # "Telegram lets a bot delete only messages younger than 48 hours. Delete it in the channel
                        #  yourself (press the message, Delete), then confirm it here."
                        "Telegram hanya mengizinkan bot menghapus pesan yang berumur kurang dari 48 jam. Hapus pesan "
                        "itu sendiri di kanal (tekan pesannya, pilih Hapus), lalu konfirmasi di sini.",
                        code="telegram-48h",
                    ) from exc
                raise

    def update(self, published: Published, post: Post) -> None:
        """editMessageCaption for a photo post (the caption sits on its first message), else editMessageText."""
        first = published.post_id.split(",")[0]
        methods = (
            ["editMessageCaption", "editMessageText"] if post.photos else ["editMessageText", "editMessageCaption"]
        )
        for method in methods:
            data = {"message_id": first, ("caption" if method == "editMessageCaption" else "text"): post.text}
            try:
                self.call(method, data=data)
                return
            except ShareError as exc:
                if "not modified" in exc.message:  # the text is already the corrected one (an earlier try)
                    return
                if "no caption" not in exc.message and "no text" not in exc.message:
                    raise
        raise ShareError(Failure.PERSON, "Telegram tidak bisa mengubah pesan ini.", code="telegram-edit")

    def token_expiry(self) -> datetime | None:
        """Bot tokens do not expire; getMe shows a revoked one before a post needs it (a TOKEN failure)."""
        self.call("getMe", data={}, chat=False)
        return None


def _error(status: int, answer: dict) -> ShareError:
    code = int(answer.get("error_code") or status or 0)
    said = str(answer.get("description") or "").strip()[:300]
    parameters = answer.get("parameters") or {}
    tag = f"telegram-{code}"
    if parameters.get("retry_after") is not None or code == 429:
        # "Telegram asks to wait (flood control). It will be tried again automatically."
        return ShareError(
            Failure.RETRY,
            "Telegram meminta jeda pengiriman. Akan dicoba lagi otomatis.",
            retry_after=float(parameters["retry_after"]) if parameters.get("retry_after") is not None else None,
            code=tag,
        )
    if parameters.get("migrate_to_chat_id"):
        # "The channel moved to a new id (…). An administrator must change the chat_id of the account."
        return ShareError(
            Failure.PERSON,
            f"Kanal Telegram pindah ke nomor baru ({parameters['migrate_to_chat_id']}). Administrator perlu mengubah "
            "chat_id akun ini.",
            code=tag,
        )
    if code in (401, 403) or status in (401, 403):
        # "The bot token is not valid, or the bot may not post in the channel (…). An administrator must reconnect the
        #  bot or make it an administrator of the channel."
        return ShareError(
            Failure.TOKEN,
            f"Token bot Telegram tidak berlaku atau bot tidak boleh mengirim ke kanal ({said}). Administrator perlu "
            "menghubungkan ulang bot atau menjadikannya admin kanal.",
            code=tag,
        )
    if status >= 500 or code >= 500:
        return server_error("Telegram", status)
    if not answer:
        # "Telegram's address answered something that is not the Bot API (HTTP n). Check the account's API address."
        return ShareError(
            Failure.PERSON,
            f"Alamat Telegram menjawab sesuatu yang bukan Bot API (HTTP {status}). Periksa alamat API akun ini.",
            code=tag,
        )
    # "Telegram refused the post (…). Check the channel name and the post's text."
    return ShareError(
        Failure.PERSON, f"Telegram menolak kiriman ({said or status}). Periksa nama kanal dan teks kiriman.", code=tag
    )
