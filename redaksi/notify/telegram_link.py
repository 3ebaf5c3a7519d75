"""Linking a user's Telegram chat to their account, through a one-time t.me deep link.

The user asks on their notification settings for a link `https://t.me/<bot>?start=<code>`. The code is
22 random characters and a 16-character HMAC of them (`signed`): a forged code is refused before any
lookup. Only the code's keyed hash is stored, bound to the user and the bot; it works once, for
`CODE_MINUTES`. Telegram sends "/start <code>" to the bot; `telegram_poll` (the periodic job
`notify_telegram`) reads it with getUpdates and its offset, links the chat and answers in the chat.
A bad code links nothing: the bot says why, the log and (for a code of ours) the record keep it.
"""

import base64
import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from redaksi.accounts.models import Office, User
from redaksi.audit.services import audit_log
from redaksi.core.actor import Actor

from .models import TelegramLink, TelegramLinkCode, TelegramPoll
from .telegram_bot import Bot, BotError, bot_for, bot_username, call

logger = logging.getLogger(__name__)

CODE_MINUTES = 15
_CODE = re.compile(r"[A-Za-z0-9_-]{22}[A-Za-z0-9_-]{16}")


class LinkUnavailable(Exception):
    """No deep link can be made now; the message says why, for the user."""


@dataclass(frozen=True)
class DeepLink:
    url: str
    expires_at: datetime


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _signature(nonce: str) -> str:
    mac = hmac.new(settings.SECRET_KEY.encode(), f"telegram-link:{nonce}".encode(), hashlib.sha256).digest()
    return _b64(mac[:12])


def code_hash(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"telegram-code:{code}".encode(), hashlib.sha256).hexdigest()


def new_code() -> str:
    nonce = _b64(secrets.token_bytes(16))
    return nonce + _signature(nonce)


def signed(code: str) -> bool:
    if not _CODE.fullmatch(code or ""):
        return False
    return hmac.compare_digest(_signature(code[:22]), code[22:])


def linked_chat(user: User) -> TelegramLink | None:
    return TelegramLink.objects.filter(user=user).first()


@transaction.atomic
def telegram_link_start(*, actor: Actor) -> DeepLink:
    """A fresh deep link for the actor; their earlier unused codes stop working."""
    user = actor.user
    bot = bot_for(user.office)
    if bot is None:
        raise LinkUnavailable(_("Your office has no Telegram bot yet. Ask the system administrator."))
    try:
        name = bot_username(bot)
    except BotError as exc:
        logger.warning("telegram: no deep link for user %s: %s", user.pk, exc)
        raise LinkUnavailable(_("Telegram cannot be reached right now. Try again in a few minutes.")) from exc
    now = timezone.now()
    TelegramLinkCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    code = new_code()
    row = TelegramLinkCode.objects.create(
        user=user, code_hash=code_hash(code), bot_id=bot.id, expires_at=now + timedelta(minutes=CODE_MINUTES)
    )
    audit_log(action="notify.telegram.link_start", actor=actor, obj=user, data={"code": row.pk})
    return DeepLink(url=f"https://t.me/{name}?start={code}", expires_at=row.expires_at)


@transaction.atomic
def telegram_unlink(*, actor: Actor) -> bool:
    """The actor's chat is no longer linked; notices not sent yet stay undelivered. False when none was."""
    user = actor.user
    link = TelegramLink.objects.select_for_update().filter(user=user).first()
    if link is None:
        return False
    audit_log(action="notify.telegram.unlink", actor=actor, obj=user, data={"chat": link.chat_id})
    link.delete()
    return True


# --- The bot's side --------------------------------------------------------------------------------------------


def _say(bot: Bot, chat_id: int, text: str) -> None:
    try:
        call(bot, "sendMessage", chat_id=chat_id, text=text, link_preview_options='{"is_disabled": true}')
    except BotError as exc:
        logger.warning("telegram: could not answer chat %s: %s", chat_id, exc)


def _refuse(bot: Bot, chat_id: int, why: str, row: TelegramLinkCode | None) -> str:
    messages = {
        "invalid": _(
            "This link code is not valid. Open Redaksi, Notification settings, and click Link Telegram again."
        ),
        "used": _("This link code was already used. Each code works once: ask for a new one in Redaksi."),
        "expired": _("This link code has expired (a code works for %(minutes)s minutes). Ask for a new one in Redaksi.")
        % {"minutes": CODE_MINUTES},
    }
    logger.warning("telegram: link refused (%s) for chat %s", why, chat_id)
    if row is not None:
        audit_log(action="notify.telegram.link_refused", obj=row.user, data={"why": why, "chat": chat_id})
    _say(bot, chat_id, messages[why])
    return why


def link_by_code(bot: Bot, chat: dict, sender: dict, code: str) -> str:
    """Act on "/start <code>" in a private chat: "linked", or why not (the bot has answered either way)."""
    chat_id = int(chat["id"])
    if not signed(code):
        return _refuse(bot, chat_id, "invalid", None)
    with transaction.atomic():
        row = (
            TelegramLinkCode.objects.select_for_update()
            .select_related("user")
            .filter(code_hash=code_hash(code), bot_id=bot.id)
            .first()
        )
        if row is None or not row.user.is_active:
            why = "invalid"
        elif row.used_at is not None:
            why = "used"
        elif row.expires_at <= timezone.now():
            why = "expired"
        else:
            row.used_at = timezone.now()
            row.save(update_fields=["used_at"])
            TelegramLink.objects.filter(chat_id=chat_id).exclude(user=row.user).delete()
            TelegramLink.objects.update_or_create(
                user=row.user,
                defaults={
                    "chat_id": chat_id,
                    "bot_id": bot.id,
                    "telegram_username": str(sender.get("username") or "")[:64],
                },
            )
            audit_log(action="notify.telegram.link", obj=row.user, data={"chat": chat_id, "code": row.pk})
            user = row.user
            why = ""
    if why:
        return _refuse(bot, chat_id, why, row)
    _say(
        bot,
        chat_id,
        _(
            "This Telegram account is now linked to Redaksi as %(name)s. Approval requests will come here too; "
            "the e-mail remains the official record. To unlink, open Notification settings in Redaksi."
        )
        % {"name": user.full_name or user.username},
    )
    return "linked"


def handle_update(bot: Bot, update: dict) -> str:
    """One update from getUpdates: only "/start …" in a private chat means anything; other messages get help."""
    message = update.get("message") or {}
    chat = message.get("chat") or {}
    if chat.get("type") != "private" or "id" not in chat:
        return "ignored"
    text = str(message.get("text") or "").strip()
    command, _space, argument = text.partition(" ")
    if command.split("@")[0] == "/start" and argument.strip():
        return link_by_code(bot, chat, message.get("from") or {}, argument.strip())
    _say(
        bot,
        int(chat["id"]),
        _(
            "This bot sends approval requests from Redaksi. To link your account, open Notification settings in "
            "Redaksi and click Link Telegram."
        ),
    )
    return "help"


def telegram_poll(offices=None) -> dict[str, int]:
    """Read every bot's new updates once (getUpdates, from the stored offset): {bot id: updates handled}."""
    bots = {}
    for office in offices if offices is not None else Office.objects.all():
        bot = bot_for(office)
        if bot is not None:
            bots.setdefault(bot.id, bot)
    handled = {}
    for bot in bots.values():
        handled[bot.id] = _poll_one(bot)
    return handled


def _poll_one(bot: Bot) -> int:
    state, _created = TelegramPoll.objects.get_or_create(bot_id=bot.id)
    try:
        updates = call(
            bot, "getUpdates", offset=state.offset or None, timeout=0, limit=100, allowed_updates='["message"]'
        )
    except BotError as exc:
        logger.warning("telegram: getUpdates of bot %s failed: %s", bot.id, exc)
        return 0
    count = 0
    with translation.override(settings.LANGUAGE_CODE):
        for update in updates or []:
            update_id = int(update.get("update_id") or 0)
            if update_id < state.offset:
                continue
            try:
                handle_update(bot, update)
            except Exception:  # one odd update must not stop the others, nor be read again forever
                logger.exception("telegram: update %s of bot %s could not be handled", update_id, bot.id)
            state.offset, state.polled_at = update_id + 1, timezone.now()
            state.save(update_fields=["offset", "polled_at"])  # each at once: a crash reads no update twice
            count += 1
    state.polled_at = timezone.now()
    state.save(update_fields=["offset", "polled_at"])
    return count
