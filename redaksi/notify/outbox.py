"""The outbox: mail is written in the transaction of its event and sent after commit, with retries.

A row is claimed by a conditional update (queued -> sending, with a lease in next_try_at), so two
workers never send the same row; a worker that dies mid-send leaves a lease that runs out, and
the next flush sends the row again. With the SMTP server down the row stays queued with a
growing back-off: nothing is lost.
"""

import base64
import logging
import re
from collections.abc import Iterable, Sequence
from datetime import timedelta
from email.mime.image import MIMEImage

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import SafeMIMEMultipart, make_msgid
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from redaksi.newsroom.models import NewsItem

from . import conf
from .deferred import fill as fill_deferred
from .models import OutboundMail

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)
_HEADER_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
REDACTED = "[…]"
_CONTENT_ID = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+")


def header_text(value: str, limit: int = 250) -> str:
    """A value safe for a mail header: no line breaks or control characters (bad input 35)."""
    value = " ".join(_HEADER_UNSAFE.sub(" ", value).split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes, at most an hour between tries."""
    return timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


def mail_queue(
    *,
    kind: str,
    to: Sequence[str],
    subject: str,
    text: str,
    html: str = "",
    item: NewsItem | None = None,
    reply_to: str = "",
    attachments: Iterable[tuple[str, bytes, str]] = (),
    inline: Iterable[tuple[str, bytes, str, str]] = (),
    redact: Iterable[str] = (),
    deferred: Iterable[dict] = (),
) -> OutboundMail | None:
    """Record a mail in the caller's transaction; it is handed to the task queue once that commits.

    `inline` are (filename, content, mimetype, content-id) images the HTML shows as `cid:<content-id>`;
    they travel with the HTML part in a multipart/related.
    """
    recipients = sorted({address.strip() for address in to if address and address.strip()})
    if not recipients:
        return None
    mail = OutboundMail.objects.create(
        office_id=item.office_id if item is not None else None,
        item=item,
        kind=kind,
        to=recipients,
        reply_to=header_text(reply_to, 254),
        subject=header_text(subject),
        text=text,
        html=html,
        attachments=[
            {"name": header_text(name, 120), "mimetype": mimetype, "content_b64": base64.b64encode(content).decode()}
            for name, content, mimetype in attachments
        ]
        + [
            {
                "name": header_text(name, 120),
                "mimetype": mimetype,
                "content_b64": base64.b64encode(content).decode(),
                "cid": _content_id(cid),
            }
            for name, content, mimetype, cid in (inline if html else ())
        ]
        + list(deferred),
        redact=[s for s in redact if s],
        next_try_at=timezone.now(),
    )
    # Fixed once, so that a mail sent twice after a lost acknowledgement is one message to the reader.
    mail.message_id = make_msgid(idstring=f"redaksi.{mail.pk}", domain=_sender_domain())
    mail.save(update_fields=["message_id"])
    transaction.on_commit(lambda: _enqueue(mail.pk))
    return mail


def _sender_domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "localhost"


def _enqueue(pk: int, run_after=None) -> None:
    from .tasks import send_mail_task

    try:
        task = send_mail_task
        if run_after is not None and task.get_backend().supports_defer:
            task = task.using(run_after=run_after)
        task.enqueue(pk)
    except Exception:  # a queue that is down must not break the request: the periodic flush sends it
        logger.exception("could not enqueue mail %s; the next flush will send it", pk)


def _claim(pk: int) -> bool:
    now = timezone.now()
    due = Q(status=OutboundMail.Status.QUEUED) | Q(status=OutboundMail.Status.SENDING)
    return bool(
        OutboundMail.objects.filter(due, pk=pk, next_try_at__lte=now).update(
            status=OutboundMail.Status.SENDING, next_try_at=now + LEASE
        )
    )


def _content_id(value: str) -> str:
    """A Content-ID without its angle brackets, safe for a header."""
    value = header_text(value, 200).strip("<> ")
    if not _CONTENT_ID.fullmatch(value):
        raise ValueError(f"bad Content-ID {value!r}")
    return value


class RelatedMessage(EmailMultiAlternatives):
    """A mail whose HTML part carries inline images: the HTML and the images in a multipart/related.

    alternative(text, related(html, image…)), inside a mixed when there are ordinary attachments.
    """

    def __init__(self, *args, inline: Sequence[tuple[str, bytes, str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.inline = list(inline)  # (filename, content, mimetype, content-id)

    def message(self):
        msg = super().message()
        if self.inline:
            self._relate(msg)
        return msg

    def _relate(self, part) -> bool:
        if not part.is_multipart():
            return False
        children = part.get_payload()
        for index, child in enumerate(children):
            if child.get_content_type() == "text/html" and part.get_content_type() == "multipart/alternative":
                related = SafeMIMEMultipart(_subtype="related", encoding=self.encoding or settings.DEFAULT_CHARSET)
                related.attach(child)
                for filename, content, mimetype, cid in self.inline:
                    maintype, _slash, subtype = mimetype.partition("/")
                    if maintype != "image" or not subtype:
                        raise ValueError(f"inline parts are images, not {mimetype}")
                    image = MIMEImage(content, _subtype=subtype)
                    image["Content-ID"] = f"<{cid}>"
                    image.add_header("Content-Disposition", "inline", filename=filename)
                    related.attach(image)
                children[index] = related
                return True
            if self._relate(child):
                return True
        return False


def _message(mail: OutboundMail, connection) -> EmailMultiAlternatives:
    inline = [
        (a["name"], base64.b64decode(a["content_b64"]), a["mimetype"], a["cid"])
        for a in mail.attachments
        if a.get("cid") and mail.html
    ]
    message = RelatedMessage(
        subject=mail.subject,
        body=mail.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=mail.to,
        reply_to=[mail.reply_to] if mail.reply_to else None,
        connection=connection,
        inline=inline,
        headers={
            "Auto-Submitted": "auto-generated",
            "X-Redaksi-Mail": str(mail.pk),
            "Message-ID": mail.message_id,
        },
    )
    if mail.html:
        message.attach_alternative(mail.html, "text/html")
    for attachment in mail.attachments:
        if attachment.get("cid"):
            continue
        message.attach(attachment["name"], base64.b64decode(attachment["content_b64"]), attachment["mimetype"])
    return message


def _redacted(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return text


def mail_send(pk: int) -> bool:
    """Send one queued mail if it is due. True when it went out."""
    if not _claim(pk):
        return False
    mail = OutboundMail.objects.get(pk=pk)
    try:
        mail = fill_deferred(mail)
        connection = get_connection(fail_silently=False, timeout=getattr(settings, "EMAIL_TIMEOUT", None) or 30)
        message = _message(mail, connection)
        message.send()
    except Exception as exc:  # any failure of the server or the network: try again later
        attempts = mail.attempts + 1
        gave_up = attempts >= conf.max_attempts()
        next_try = timezone.now() + backoff(attempts)
        OutboundMail.objects.filter(pk=pk).update(
            status=OutboundMail.Status.FAILED if gave_up else OutboundMail.Status.QUEUED,
            attempts=attempts,
            last_error=header_text(f"{type(exc).__name__}: {exc}", 500),
            next_try_at=next_try,
        )
        logger.warning("mail %s not sent (attempt %s): %s", pk, attempts, header_text(str(exc), 200))
        if not gave_up:
            transaction.on_commit(lambda: _enqueue(pk, run_after=next_try))
        return False
    OutboundMail.objects.filter(pk=pk).update(
        status=OutboundMail.Status.SENT,
        attempts=mail.attempts + 1,
        sent_at=timezone.now(),
        last_error="",
        # The link tokens were needed only to build the message; the outbox need not keep them.
        text=_redacted(mail.text, mail.redact),
        html=_redacted(mail.html, mail.redact),
        redact=[],
    )
    return True


def mail_flush(*, limit: int = 500) -> tuple[int, int]:
    """Send every due mail: (sent, still waiting). The worker calls this periodically."""
    now = timezone.now()
    due = (
        OutboundMail.objects.filter(
            status__in=[OutboundMail.Status.QUEUED, OutboundMail.Status.SENDING], next_try_at__lte=now
        )
        .order_by("next_try_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = sum(1 for pk in list(due) if mail_send(pk))
    waiting = OutboundMail.objects.filter(status__in=[OutboundMail.Status.QUEUED, OutboundMail.Status.SENDING]).count()
    return sent, waiting
