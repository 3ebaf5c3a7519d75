"""The mail outbox: the first user of redaksi.core.outbox (put in the event's transaction, sent after
commit, back-off, sweep). A mail goes out through the backend named by REDAKSI_NOTIFY["MAIL_BACKEND"],
Django's EMAIL_BACKEND by default; with the SMTP server down the row stays queued with a growing
back-off: nothing is lost.
"""

import base64
import re
from collections.abc import Iterable, Sequence
from email.mime.image import MIMEImage

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import SafeMIMEMultipart, make_msgid
from django.db import transaction

from redaksi.core import backends
from redaksi.core.backends import Result
from redaksi.core.outbox import Outbox, backoff, one_line
from redaksi.newsroom.models import NewsItem

from . import conf
from .deferred import fill as fill_deferred
from .models import OutboundMail

__all__ = [
    "REDACTED",
    "RelatedMessage",
    "backoff",
    "header_text",
    "mail_flush",
    "mail_queue",
    "mail_send",
    "mail_withhold",
]

REDACTED = "[…]"
_CONTENT_ID = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+")


def header_text(value: str, limit: int = 250) -> str:
    """A value safe for a mail header: no line breaks or control characters (bad input 35)."""
    return one_line(value, limit)


def _attachment(name: str, content: bytes, mimetype: str) -> dict[str, str]:
    return {"name": header_text(name, 120), "mimetype": mimetype, "content_b64": base64.b64encode(content).decode()}


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
    idempotency_key: str | None = None,
    deferred: Iterable[dict] = (),
) -> OutboundMail | None:
    """Record a mail in the caller's transaction; it is handed to the task queue once that commits.

    A caller that may queue the same mail twice (a retried task) names it with `idempotency_key`:
    the second call returns the first row and sends nothing.

    `inline` are (filename, content, mimetype, content-id) images the HTML shows as `cid:<content-id>`;
    they travel with the HTML part in a multipart/related.
    """
    recipients = sorted({address.strip() for address in to if address and address.strip()})
    if not recipients:
        return None
    with transaction.atomic():
        mail = OUTBOX.put(
            idempotency_key=idempotency_key,
            office_id=item.office_id if item is not None else None,
            item=item,
            kind=kind,
            to=recipients,
            reply_to=header_text(reply_to, 254),
            subject=header_text(subject),
            text=text,
            html=html,
            attachments=[_attachment(name, content, mimetype) for name, content, mimetype in attachments]
            + [
                {**_attachment(name, content, mimetype), "cid": _content_id(cid)}
                for name, content, mimetype, cid in (inline if html else ())
            ]
            + list(deferred),
            redact=[s for s in redact if s],
        )
        if mail.message_id:  # the row of an idempotency key seen before
            return mail
        # Fixed before the commit hands the row to the queue, and once, so that a mail sent twice
        # after a lost acknowledgement is one message to the reader.
        mail.message_id = make_msgid(idstring=f"redaksi.{mail.pk}", domain=_sender_domain())
        mail.save(update_fields=["message_id"])
    return mail


def mail_withhold(pks: Iterable[int], *, reason: str) -> int:
    """Mark queued mails as never to be sent: kept, "failed for good", with the reason. Returns how many.

    Called in the transaction that queued them, before it commits, nothing of them goes out: the send
    task and the sweep take only queued rows.
    """
    return OutboundMail.objects.filter(pk__in=list(pks), status=OutboundMail.Status.QUEUED).update(
        status=OutboundMail.Status.FAILED, last_error=header_text(reason, 500)
    )


def _sender_domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "localhost"


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


def _message(mail: OutboundMail) -> EmailMultiAlternatives:
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


class MailOutbox(Outbox):
    def deliver(self, row: OutboundMail) -> Result:
        # The approval mail's photos are read here, in the send task, never in the item's transaction.
        row = fill_deferred(row)
        backend = backends.get(conf.mail_backend(), family="mail")
        return backend.send(_message(row), key=row.idempotency_key)

    def sent_changes(self, row: OutboundMail) -> dict:
        # The link tokens were needed only to build the message; the outbox need not keep them.
        return {"text": _redacted(row.text, row.redact), "html": _redacted(row.html, row.redact), "redact": []}


OUTBOX = MailOutbox(model=OutboundMail, task="redaksi.notify.tasks.send_mail_task", max_attempts=conf.max_attempts)


def mail_send(pk: int) -> bool:
    """Send one queued mail if it is due. True when it went out."""
    return OUTBOX.send(pk)


def mail_flush(*, limit: int = 500) -> tuple[int, int]:
    """Send every due mail: (sent, still waiting). The worker calls this periodically."""
    return OUTBOX.sweep(limit=limit)
