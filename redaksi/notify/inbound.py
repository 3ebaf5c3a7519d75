"""Replies by mail: "SETUJU" or "TOLAK: alasan", received by our own small SMTP endpoint.

A reply acts only when it carries a live token (in the plus-tag of the address it was sent to,
or "[ref:…]" in the subject) AND comes from the approver's registered address. Everything that
reaches the endpoint is recorded; a refused reply is answered with the reason when the sender is
a registered user or the mail carries a real token (an unknown sender without a token gets no
answer: a forged From would otherwise turn us into a source of backscatter). Automatic replies
(out of office, bounces) are recorded and never answered.

The accepted words (case and surrounding punctuation do not matter; only the first line that is
not empty and not quoted is read):

- approve: SETUJU, SETUJUI, DISETUJUI, optionally after OK / OKE / YA / BAIK / SAYA
  ("OK setuju", "Ya, disetujui.", "setuju!")
- return: TOLAK or DITOLAK, then the reason after ":", "-", "," or a space
  ("TOLAK: foto kurang jelas", "tolak - judul salah", "Ditolak, data belum lengkap")
- anything else (also "tidak setuju", "setuju tapi…", TOLAK without a reason) is unclear, and
  the sender gets a mail explaining the words.
"""

import logging
import re
from dataclasses import dataclass
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.parser import BytesHeaderParser, BytesParser
from email.utils import getaddresses

from django.conf import settings
from django.db import close_old_connections, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from redaksi.accounts.models import User
from redaksi.newsroom.models import Approval
from redaksi.sop.engine import Outcome

from . import conf
from .approvals import TokenRefused, find_token, record_refusal, refusal, token_decide
from .formatting import moment
from .models import ApprovalToken, InboundMail
from .outbox import header_text, mail_queue
from .softcopy import verify_url
from .text import html_text

logger = logging.getLogger(__name__)

_PLUS_TOKEN = re.compile(r"\+([a-z2-7]{32})@", re.IGNORECASE)
_SUBJECT_TOKEN = re.compile(r"\[\s*ref\s*:\s*([a-z2-7]{32})\s*\]", re.IGNORECASE)
_APPROVE = re.compile(r"(?:(?:ok|oke|okay|ya|iya|baik|saya)\s+)?(?:setuju|setujui|disetujui)")
_REJECT = re.compile(r"(?:di)?tolak\b\s*[:\-–—,.]?\s*(?P<reason>.*)", re.IGNORECASE | re.DOTALL)
_EDGE_PUNCT = " \t\u00a0.,;:!?-–—*_\"'()[]"
MIN_REASON = 3


@dataclass(frozen=True)
class Reading:
    outcome: Outcome | None  # None: unclear
    reason: str = ""


def read_decision(line: str) -> Reading:
    """The decision in one line of a reply, by the accepted words above."""
    text = " ".join(line.split())
    core = text.strip(_EDGE_PUNCT)
    simple = re.sub(r"[\s,.;:!]+", " ", core.casefold()).strip()
    if _APPROVE.fullmatch(simple):
        return Reading(Outcome.APPROVE)
    match = _REJECT.fullmatch(core)
    if match:
        reason = match.group("reason").strip(" \t:-–—,.")
        if len(reason) >= MIN_REASON:
            return Reading(Outcome.REJECT, reason[:1000])
    return Reading(None)


def body_text(message: EmailMessage) -> str:
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except Exception:  # noqa: BLE001 - a malformed structure reads as an empty, hence unclear, reply
        return ""
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError):  # an unknown or lying charset: read what can be read
        content = (part.get_payload(decode=True) or b"").decode("utf-8", errors="replace")
    if not isinstance(content, str):
        return ""
    return html_text(content) if part.get_content_type() == "text/html" else content


def first_line(text: str) -> str:
    for line in text[:100_000].splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith(">"):
            return stripped[:300]
    return ""


def _headers(message, name: str) -> list[str]:
    """Header values decoded by hand: the parsed header objects raise on hostile values (CR/LF in a name)."""
    values = []
    for key, value in message.raw_items():
        if key.lower() != name.lower():
            continue
        try:
            values.append(str(make_header(decode_header(str(value)))))
        except Exception:  # noqa: BLE001 - a broken encoded word is read as it stands
            values.append(str(value))
    return values


def _header(message, name: str, default: str = "") -> str:
    found = _headers(message, name)
    return found[0] if found else default


def _token_in(message, rcpt_tos: list[str]) -> str:
    addresses = list(rcpt_tos)
    for header in ("To", "Cc", "Delivered-To", "X-Original-To"):
        addresses += _headers(message, header)
    for address in addresses:
        found = _PLUS_TOKEN.search(address)
        if found:
            return found.group(1).lower()
    found = _SUBJECT_TOKEN.search(_header(message, "Subject"))
    return found.group(1).lower() if found else ""


def _sender(message) -> str:
    pairs = getaddresses([" ".join(v.split()) for v in _headers(message, "From")])
    addresses = [addr for _name, addr in pairs if "@" in addr]
    return addresses[0].strip() if len(addresses) == 1 else ""


def _automatic(message, envelope_from: str) -> bool:
    auto = _header(message, "Auto-Submitted", "no").strip().lower()
    precedence = _header(message, "Precedence").strip().lower()
    return (
        auto != "no"
        or precedence in {"bulk", "junk", "list", "auto_reply"}
        or bool(_header(message, "X-Autoreply") or _header(message, "X-Autorespond"))
        or envelope_from in ("", "<>")
    )


REASONS = {
    "no_token": lambda: _(
        "Your mail does not carry the reference of an approval request. Answer the approval mail itself "
        "(use Reply), so that the reference in its address and subject comes back to us."
    ),
    "wrong_sender": lambda: _(
        "Your answer came from an address that is not registered for this approval. Answer from your "
        "registered address, or use the buttons in the approval mail."
    ),
    "too_large": lambda: _(
        "Your mail was too large for us to read (%(size)s MB; at most %(limit)s MB). Answer again without attachments."
    ),
    "unclear": lambda: _(
        "We could not read a decision in the first line of your answer. Write on the first line only "
        "SETUJU to approve, or TOLAK: followed by the reason to return the news item, for example "
        "“TOLAK: foto kurang jelas”."
    ),
}


def inbound_receive(raw: bytes, *, envelope_from: str = "", rcpt_tos: list[str] | None = None) -> InboundMail:
    """Handle one received mail. Never raises for bad input: every mail ends as a recorded row."""
    rcpt_tos = rcpt_tos or []
    size = len(raw)
    if size > conf.inbound_max_bytes():
        headers = BytesHeaderParser(policy=policy.default).parsebytes(raw[:65536])
        return _refuse(headers, "too_large", size=size, envelope_from=envelope_from, rcpt_tos=rcpt_tos)
    message = BytesParser(policy=policy.default).parsebytes(raw)
    if _automatic(message, envelope_from):
        return _record(message, InboundMail.Result.REFUSED, "automatic", size=size, envelope_from=envelope_from)
    token = _token_in(message, rcpt_tos)
    if not token:
        return _refuse(message, "no_token", size=size, envelope_from=envelope_from, rcpt_tos=rcpt_tos)
    row = find_token(token)
    sender = _sender(message)
    if row is None:
        return _refuse(message, "invalid", size=size, envelope_from=envelope_from, rcpt_tos=rcpt_tos)
    if not sender or not row.user.email or sender.casefold() != row.user.email.strip().casefold():
        return _refuse(message, "wrong_sender", size=size, envelope_from=envelope_from, token=row, rcpt_tos=rcpt_tos)
    refused = refusal(row)
    if refused is not None:
        return _refuse(message, refused.why, size=size, envelope_from=envelope_from, token=row, text=refused.message)
    line = first_line(body_text(message))
    reading = read_decision(line)
    if reading.outcome is None:
        return _refuse(message, "unclear", size=size, envelope_from=envelope_from, token=row, line=line)
    try:
        decision = token_decide(
            token=token, outcome=reading.outcome, reason=reading.reason, channel=Approval.Channel.REPLY, eml=raw
        )
    except TokenRefused as exc:
        exc.token = exc.token or row
        return _refuse(message, exc.why, size=size, envelope_from=envelope_from, token=row, text=exc.message, line=line)
    with transaction.atomic():
        record = _record(
            message, InboundMail.Result.APPLIED, "", size=size, envelope_from=envelope_from, token=row, line=line
        )
        _answer(row.user.email, message, "confirm", approval=decision.approval)
    return record


def _record(message, result, why, *, size, envelope_from, token=None, line="") -> InboundMail:
    return InboundMail.objects.create(
        mail_from=header_text(_header(message, "From"), 320),
        envelope_from=header_text(envelope_from, 320),
        subject=header_text(_header(message, "Subject"), 300),
        size=size,
        token=token,
        result=result,
        why=why,
        first_line=header_text(line, 300),
    )


def _refuse(message, why, *, size, envelope_from, token: ApprovalToken | None = None, text="", line="", rcpt_tos=None):
    """Record the refusal (row and record chain) and tell the sender why, when that is safe."""
    sender = _sender(message)
    registered = bool(sender) and User.objects.filter(email__iexact=sender, is_active=True).exists()
    with transaction.atomic():
        row = _record(
            message,
            InboundMail.Result.HELP if why == "unclear" else InboundMail.Result.REFUSED,
            why,
            size=size,
            envelope_from=envelope_from,
            token=token,
            line=line,
        )
        record_refusal(
            TokenRefused(why, text, token),
            channel="reply",
            sender=header_text(sender, 320),
            subject=header_text(_header(message, "Subject"), 200),
            size=size,
        )
        if sender and (registered or token is not None):
            with translation.override(settings.LANGUAGE_CODE):
                explanation = text or REASONS.get(why, REASONS["unclear"])()
                if why == "too_large":
                    explanation = explanation % {
                        "size": round(size / 1048576, 1),
                        "limit": round(conf.inbound_max_bytes() / 1048576, 1),
                    }
                if why == "invalid":
                    explanation = _("The reference in your mail does not belong to any approval request.")
            _answer(sender, message, why, explanation=explanation)
    logger.info("reply refused: %s from %s", why, header_text(sender or envelope_from, 200))
    return row


def _answer(to: str, original, why: str, *, explanation: str = "", approval: Approval | None = None) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {"explanation": explanation, "original_subject": header_text(_header(original, "Subject"), 200)}
        if approval is not None:
            context.update(
                approval=approval,
                when=moment(approval.decided_at),
                verify_url=verify_url(approval.softcopy.code),
                code=approval.softcopy.code,
            )
            subject = (
                _("Approval recorded: %(title)s")
                if approval.decision == Outcome.APPROVE
                else _("Return recorded: %(title)s")
            ) % {"title": approval.item.title}
        else:
            subject = _("Your answer was not processed: %(subject)s") % {"subject": context["original_subject"]}
        text = render_to_string("notify/mail/reply_answer.txt", context)
        html = render_to_string("notify/mail/reply_answer.html", context)
    mail_queue(
        kind=f"reply.{why}",
        to=[to],
        subject=subject,
        text=text,
        html=html,
        item=approval.item if approval is not None else None,
    )


class InboundHandler:
    """The aiosmtpd handler: each mail is handled in a worker thread (the ORM is synchronous)."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        local, _, domain = address.rpartition("@")
        ours = conf.reply_address().rpartition("@")
        if domain.lower() != ours[2].lower() or local.split("+", 1)[0].lower() != ours[0].lower():
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        from asgiref.sync import sync_to_async

        try:
            await sync_to_async(_receive_in_thread, thread_sensitive=False)(
                envelope.original_content or envelope.content, envelope.mail_from or "", list(envelope.rcpt_tos)
            )
        except Exception:  # the sender's server will try again; nothing was changed
            logger.exception("inbound mail could not be handled")
            return "451 4.3.0 Temporary failure, try again later"
        return "250 OK"


def _receive_in_thread(raw: bytes, mail_from: str, rcpt_tos: list[str]) -> None:
    close_old_connections()
    try:
        inbound_receive(raw, envelope_from=mail_from, rcpt_tos=rcpt_tos)
    finally:
        close_old_connections()


def make_controller(host: str, port: int, *, hard_limit: int | None = None):
    """An aiosmtpd Controller for the endpoint. Mail above the hard limit is refused in SMTP (552)."""
    from aiosmtpd.controller import Controller

    limit = hard_limit or max(conf.inbound_max_bytes() * 4, 32 * 1024 * 1024)
    return Controller(InboundHandler(), hostname=host, port=port, data_size_limit=limit)
