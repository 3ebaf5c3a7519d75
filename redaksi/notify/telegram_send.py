"""The approval notice by Telegram: the mail's twin for an approver who linked their chat.

It carries the SAME single-use link as the mail (one token: whichever channel opens it first, the other
then says the link was used). It goes through its own outbox (`OutboundTelegram`), written in the
mail's transaction and sent after commit, retried on flood control (`retry_after`) and on Telegram's
trouble; a failure is recorded on its row and never touches the mail. Once the link stops working
(used, decided, withdrawn, superseded, expired), the message is edited to say so and loses the link.
"""

import json
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from redaksi.accounts.models import User
from redaksi.core.backends import Outcome, Result
from redaksi.core.outbox import Outbox, one_line
from redaksi.newsroom.models import NewsItem, StepRun
from redaksi.sop.engine import Step

from .formatting import moment
from .models import ApprovalToken, OutboundMail, OutboundTelegram, TelegramLink
from .outbox import REDACTED
from .telegram_bot import BotError, bot_for, call

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6  # 1 + 2 + 4 + 8 + 16 minutes: after that the mail has long been read
NO_PREVIEW = json.dumps({"is_disabled": True})


def approval_text(item: NewsItem, step: Step, sender: User | None, url: str, expires) -> str:
    values = {
        "title": item.title,
        "n": step.number,
        "activity": step.activity,
        "sender": (sender.full_name or sender.username) if sender is not None else _("the system"),
        "url": url,
        "expires": moment(expires),
    }
    return (
        _(
            "Approval requested: %(title)s\n"
            "Step %(n)s: %(activity)s\n"
            "Sent by: %(sender)s\n\n"
            "Open the link to read the text and approve or return it (it works once, until %(expires)s):\n"
            "%(url)s\n\n"
            "The same request came by e-mail; the e-mail remains the official record."
        )
        % values
    )


def telegram_approval_queue(
    *,
    item: NewsItem,
    run: StepRun,
    step: Step,
    user: User,
    token: str,
    row: ApprovalToken,
    url: str,
    mail: OutboundMail | None,
    sender: User | None,
) -> OutboundTelegram | None:
    """In the approval's transaction: the notice for a linked approver, or None. Never raises: the mail goes on."""
    try:
        with transaction.atomic():
            link = TelegramLink.objects.filter(user=user).first()
            if link is None:
                return None
            with translation.override(settings.LANGUAGE_CODE):
                text = approval_text(item, step, sender, url, row.expires_at)
            return OUTBOX.put(
                office_id=item.office_id,
                item=item,
                user=user,
                token=row,
                mail=mail,
                chat_id=link.chat_id,
                text=text,
                redact=[token],
            )
    except Exception:
        logger.exception("telegram: approval notice for user %s on item %s not queued", user.pk, item.pk)
        return None


class TelegramOutbox(Outbox):
    def deliver(self, row: OutboundTelegram) -> Result:
        link = TelegramLink.objects.filter(user_id=row.user_id, chat_id=row.chat_id).first()
        if link is None:
            return Result(Outcome.REFUSED, detail="The approver unlinked this Telegram chat")
        if row.token is not None and not _live(row.token):
            return Result(Outcome.REFUSED, detail="The link stopped working before the message went")
        bot = bot_for(row.office)
        if bot is None:
            return Result(Outcome.REFUSED, detail="The office has no Telegram bot")
        try:
            message = call(bot, "sendMessage", chat_id=row.chat_id, text=row.text, link_preview_options=NO_PREVIEW)
        except BotError as exc:
            return exc.result
        return Result(Outcome.SENT, remote_id=str((message or {}).get("message_id") or ""))

    def sent_changes(self, row: OutboundTelegram) -> dict:
        text = row.text
        for secret in row.redact:
            text = text.replace(secret, REDACTED)
        return {"text": text, "redact": []}


OUTBOX = TelegramOutbox(
    model=OutboundTelegram, task="redaksi.notify.tasks.send_telegram_task", max_attempts=lambda: MAX_ATTEMPTS
)


def _live(token: ApprovalToken) -> bool:
    return token.used_at is None and token.revoked_at is None and token.expires_at > timezone.now()


def telegram_send(pk: int) -> bool:
    return OUTBOX.send(pk)


def telegram_flush(*, limit: int = 200) -> tuple[int, int]:
    return OUTBOX.sweep(limit=limit)


def _withdrawn_text(row: OutboundTelegram) -> str:
    token = row.token
    if token is not None and token.used_at is not None:
        why = _("it was decided through this link")
    elif token is not None and token.revoked_at is None and token.expires_at <= timezone.now():
        why = _("the link expired")
    else:
        why = _("the link was withdrawn or the request was decided elsewhere")
    title = row.item.title if row.item is not None else ""
    return _(
        "Approval request: %(title)s\nThis request is closed: %(why)s. Its link no longer works; "
        "open the item in Redaksi if something is still needed."
    ) % {"title": title, "why": why}


def withdrawn_due():
    now = timezone.now()
    dead = Q(token__isnull=True) | Q(token__used_at__isnull=False) | Q(token__revoked_at__isnull=False)
    return OutboundTelegram.objects.filter(
        dead | Q(token__expires_at__lte=now), status=OutboundTelegram.Status.SENT, withdrawn_at__isnull=True
    ).exclude(remote_id="")


def telegram_withdraw(*, limit: int = 200) -> int:
    """Edit every sent notice whose link stopped working, so that no chat keeps a valid-looking link."""
    done = 0
    for row in withdrawn_due().select_related("token", "item", "office")[:limit]:
        bot = bot_for(row.office)
        note = ""
        if bot is None:
            note = "The office has no Telegram bot any more; the message was left as it was"
        else:
            with translation.override(settings.LANGUAGE_CODE):
                text = _withdrawn_text(row)
            try:
                call(
                    bot,
                    "editMessageText",
                    chat_id=row.chat_id,
                    message_id=row.remote_id,
                    text=text,
                    link_preview_options=NO_PREVIEW,
                )
            except BotError as exc:
                if exc.result.outcome == Outcome.RETRY:
                    logger.warning("telegram: notice %s not withdrawn yet: %s", row.pk, exc)
                    continue  # the next sweep tries again
                note = one_line(str(exc), 300)  # gone from the chat, or too old: the link says "withdrawn" anyway
        OutboundTelegram.objects.filter(pk=row.pk).update(withdrawn_at=timezone.now(), withdraw_note=note)
        done += 1
    return done


def telegram_withdraw_soon(item: NewsItem) -> None:
    """After the caller's commit, withdraw the item's notices whose links just stopped working."""
    if not OutboundTelegram.objects.filter(item=item, status=OutboundTelegram.Status.SENT, withdrawn_at=None).exists():
        return

    def enqueue() -> None:
        try:
            from .tasks import withdraw_telegram_task

            withdraw_telegram_task.enqueue()
        except Exception:  # the periodic job withdraws them anyway
            logger.exception("telegram: could not enqueue the withdrawal")

    transaction.on_commit(enqueue)
