"""Parts of a queued mail that are filled in when it is sent, not inside the transaction that queued it.

The approval mail is queued inside the item's transaction, under its row lock; its photo thumbnails
are read from storage (possibly S3), which is slow and external. So the mail is queued with a marker
where the photos go, and the send task fills it in once, saving the result in the row so that a
retry sends the same message.
"""

import base64
import logging
import secrets
from collections.abc import Callable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from redaksi.newsroom.models import NewsItem

from .models import OutboundMail
from .photos import MailPhotos, mail_photos

logger = logging.getLogger(__name__)

# A filler gets the mail and its deferred entry, and returns (text part, HTML part, inline images) for the
# marker: the inline images as (filename, content, mimetype, content-id).
Filler = Callable[[OutboundMail, dict], tuple[str, str, list[tuple[str, bytes, str, str]]]]
_fillers: dict[str, Filler] = {}


def register(kind: str, filler: Filler) -> None:
    _fillers[kind] = filler


def marker() -> str:
    """A place-holder no text can contain by chance (it names a random nonce)."""
    return f"[[redaksi-deferred-{secrets.token_hex(8)}]]"


def entry(kind: str, mark: str, **data) -> dict:
    return {"deferred": kind, "marker": mark, **data}


def fill(mail: OutboundMail) -> OutboundMail:
    """The mail with every deferred part filled in and saved; unchanged when there is none."""
    pending = [a for a in mail.attachments if a.get("deferred")]
    if not pending:
        return mail
    attachments = [a for a in mail.attachments if not a.get("deferred")]
    text, html = mail.text, mail.html
    for part in pending:
        part_text, part_html, inline = _fillers[part["deferred"]](mail, part)
        text = text.replace(part["marker"], part_text)
        html = html.replace(part["marker"], part_html)
        attachments += [
            {"name": name, "mimetype": mimetype, "content_b64": base64.b64encode(content).decode(), "cid": cid}
            for name, content, mimetype, cid in (inline if html else ())
        ]
    OutboundMail.objects.filter(pk=mail.pk).update(text=text, html=html, attachments=attachments)
    mail.text, mail.html, mail.attachments = text, html, attachments
    return mail


def approval_photos(mail: OutboundMail, part: dict) -> tuple[str, str, list[tuple[str, bytes, str, str]]]:
    """The item's photos for its approval mail, read now (in the send task)."""
    item = NewsItem.objects.filter(pk=part["item"]).first()
    photos = mail_photos(item) if item is not None else MailPhotos()
    if not photos.any:
        return "", "", []
    with translation.override(settings.LANGUAGE_CODE):
        context = {"photos": photos}
        text = render_to_string("notify/mail/_photos.txt", context)
        html = render_to_string("notify/mail/_photos.html", context)
    return text, html, photos.attachments()


register("approval_photos", approval_photos)
