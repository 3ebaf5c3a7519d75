"""E-mail approval: tokens for links and replies, and the decision they carry.

A token is 160 random bits in base32 (lower case, so that it survives mail systems that fold
the local part of an address). Only its keyed hash is stored. It is bound to one approver, one
step run, one revision and the hash of that revision's text; it is used once, expires, and can
be revoked. Opening a link never decides: the decision is a confirmed POST, or a reply.
"""

import base64
import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from redaksi.accounts.models import User
from redaksi.accounts.selectors import capacity_for, person_of, role_holders
from redaksi.audit.services import audit_log
from redaksi.core.actor import SYSTEM, Actor
from redaksi.core.errors import Conflict, NotPermitted
from redaksi.newsroom import policy
from redaksi.newsroom.models import Approval, NewsItem, StepRun
from redaksi.newsroom.selectors import flow_for, text_hash
from redaksi.newsroom.services import step_complete
from redaksi.sop.engine import Outcome, Step

from . import conf, deferred
from .formatting import moment
from .messages import Message
from .models import ApprovalToken
from .outbox import header_text, mail_queue
from .services import notify_users
from .softcopy import softcopy_ensure
from .telegram_send import telegram_approval_queue, telegram_withdraw_soon
from .text import html_text
from .wording import decision_words

TOKEN_RE = re.compile(r"[a-z2-7]{32}")

logger = logging.getLogger(__name__)


class TokenRefused(Exception):
    """A link or reply that may not act; `message` is for the person, `why` for the record."""

    def __init__(self, why: str, message: str, token: ApprovalToken | None = None):
        super().__init__(message)
        self.why, self.message, self.token = why, message, token


def new_token() -> str:
    return base64.b32encode(secrets.token_bytes(20)).decode().lower()


def token_hash(token: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), token.encode(), hashlib.sha256).hexdigest()


def find_token(token: str, *, lock: bool = False) -> ApprovalToken | None:
    token = (token or "").strip().lower()
    if not TOKEN_RE.fullmatch(token):
        return None
    qs = ApprovalToken.objects.select_related("item", "user", "step_run", "step_run__role")
    if lock:
        qs = qs.select_for_update(of=("self",))
    return qs.filter(token_hash=token_hash(token)).first()


def link_url(token: str, action: str = "") -> str:
    url = conf.base_url() + reverse("notify:approval", args=[token])
    return f"{url}?aksi={action}" if action else url


def _decided_message(approval: Approval) -> str:
    values = {"who": approval.signed_as, "when": moment(approval.decided_at)}
    if approval.decision == Outcome.APPROVE:
        return _("This news item was already approved by %(who)s on %(when)s. This link is no longer valid.") % values
    return _("This news item was already returned by %(who)s on %(when)s. This link is no longer valid.") % values


def refusal(row: ApprovalToken | None, *, now=None) -> TokenRefused | None:
    """Why this token may not act now, or None. The order puts the most useful answer first."""
    now = now or timezone.now()
    if row is None:
        return TokenRefused(
            "invalid",
            _(
                "This link is not valid. Check that you opened the whole link from the mail, "
                "or open the item on the desk."
            ),
        )
    item, run = row.item, row.step_run
    if run.finished_at is not None and run.outcome in (Outcome.APPROVE, Outcome.REJECT):
        approval = Approval.objects.filter(step_run=run).first()
        if approval is not None:
            return TokenRefused("decided", _decided_message(approval), row)
    if row.used_at is not None:
        return TokenRefused(
            "used",
            _("This link was already used on %(when)s. It works only once.") % {"when": moment(row.used_at)},
            row,
        )
    if (
        run.finished_at is not None
        or item.revision != row.revision
        or text_hash(item.title, item.lead, item.body) != row.text_hash
    ):
        return TokenRefused(
            "stale",
            _(
                "This link has expired: the text was changed after the mail was sent (it is now revision "
                "%(n)s). Only the newest text can be approved; a new mail goes out when it reaches you."
            )
            % {"n": item.revision},
            row,
        )
    if row.expires_at <= now:
        return TokenRefused(
            "expired",
            _("This link has expired (on %(when)s). Open the item on the desk, or ask the desk to send it again.")
            % {"when": moment(row.expires_at)},
            row,
        )
    if row.revoked_at is not None:
        return TokenRefused(
            "revoked",
            _("This link was withdrawn on %(when)s and no longer works.") % {"when": moment(row.revoked_at)},
            row,
        )
    decision = policy.may_decide_by_link(
        person_of(row.user), item, flow_for(item), run.step_number, lambda _code: run.role.name
    )
    if not decision:
        return TokenRefused("not_permitted", decision.refusal, row)
    return None


# Why a link stopped working (ApprovalToken.revoke_reason), as the item's page says it.
DECIDED = "decided"  # another approver decided by link or reply
DECIDED_ON_DESK = "decided on the desk"
SUPERSEDED = "superseded"  # a newer text was sent for approval
STEP_LEFT = "step left"  # the item left the approval step another way (its text was reopened)
BY_HAND = "revoked by hand"
BY_HAND_ALL = "revoked by hand (all links of the item)"


def _revoke_open(item: NewsItem, reason: str, *, keep: ApprovalToken | None = None) -> int:
    qs = ApprovalToken.objects.filter(item=item, used_at__isnull=True, revoked_at__isnull=True)
    if keep is not None:
        qs = qs.exclude(pk=keep.pk)
    telegram_withdraw_soon(item)
    return qs.update(revoked_at=timezone.now(), revoke_reason=reason)


def links_close(item: NewsItem, *, keep_run: StepRun | None = None) -> int:
    """The item left the step its open links were sent for: they are withdrawn, saying why.

    Inside the newsroom's transaction (its step events). A link used for the decision was marked
    used before the step was completed (`token_decide`), so it stays "used".
    """
    qs = ApprovalToken.objects.filter(item=item, used_at__isnull=True, revoked_at__isnull=True)
    if keep_run is not None:
        qs = qs.exclude(step_run=keep_run)
    now, closed = timezone.now(), 0
    for run_id in list(qs.values_list("step_run_id", flat=True).distinct()):
        approval = Approval.objects.filter(step_run_id=run_id).only("channel").first()
        if approval is None:
            reason = STEP_LEFT
        elif approval.channel == Approval.Channel.DESK:
            reason = DECIDED_ON_DESK
        else:
            reason = DECIDED
        closed += qs.filter(step_run_id=run_id).update(revoked_at=now, revoke_reason=reason)
    telegram_withdraw_soon(item)
    return closed


@transaction.atomic
def token_revoke(*, actor: Actor | User, token_id: int) -> ApprovalToken:
    """Withdraw one link (the desk, when a mail went to the wrong place)."""
    who = Actor.of(actor)
    actor = who.user
    row = ApprovalToken.objects.select_for_update().select_related("item").get(pk=token_id)
    if row.item.office_id != actor.office_id and not actor.is_staff:
        raise NotPermitted(_("This link belongs to another office."))
    if row.revoked_at is None and row.used_at is None:
        row.revoked_at, row.revoke_reason = timezone.now(), BY_HAND
        row.save(update_fields=["revoked_at", "revoke_reason"])
        telegram_withdraw_soon(row.item)
        audit_log(action="notify.token.revoke", actor=who, obj=row.item, data={"token": row.pk})
    return row


def live_links(item: NewsItem, *, now=None) -> QuerySet[ApprovalToken]:
    """The item's links that still work: not used, not withdrawn, not expired (newest first)."""
    now = now or timezone.now()
    return ApprovalToken.objects.filter(
        item=item, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).select_related("user", "step_run__role")


def recent_links(item: NewsItem) -> QuerySet[ApprovalToken]:
    """The links of the item's latest approval request, whatever became of them (oldest first)."""
    last = ApprovalToken.objects.filter(item=item).order_by("-created_at", "-pk").values("step_run_id")[:1]
    return (
        ApprovalToken.objects.filter(item=item, step_run_id__in=last)
        .select_related("user", "step_run__role")
        .order_by("created_at", "pk")
    )


def may_revoke_links(user: User, item: NewsItem) -> bool:
    """The holders of the item's approving role (acting officials included) and the system administrators."""
    return policy.may_withdraw_links(person_of(user), item, flow_for(item)).allowed


@transaction.atomic
def item_links_revoke(*, actor: Actor | User, item_id: int) -> int:
    """Withdraw every live link of an item (a mail went astray, or the desk decides instead). Returns how many."""
    who = Actor.of(actor)
    actor = who.user
    item = NewsItem.objects.select_for_update().get(pk=item_id)
    policy.may_withdraw_links(person_of(actor), item, flow_for(item)).enforce()
    now = timezone.now()
    rows = list(live_links(item, now=now).select_for_update(of=("self",)).values_list("pk", "user_id"))
    if rows:
        ApprovalToken.objects.filter(pk__in=[pk for pk, _user in rows]).update(
            revoked_at=now, revoke_reason=BY_HAND_ALL
        )
        telegram_withdraw_soon(item)
    audit_log(
        action="notify.token.revoke_item",
        actor=who,
        obj=item,
        data={"tokens": [pk for pk, _user in rows], "approvers": sorted({u for _pk, u in rows})},
    )
    return len(rows)


def approval_request(item: NewsItem, run: StepRun, step: Step, *, sender: User | None = None) -> list[ApprovalToken]:
    """Mail each holder of the approving role (acting officials included) a link and reply address;
    an approver who linked Telegram gets the same link there too (`telegram_send`)."""
    _revoke_open(item, SUPERSEDED)
    current_hash = text_hash(item.title, item.lead, item.body)
    expires = timezone.now() + conf.link_lifetime()
    tokens = []
    # Four eyes: whoever wrote or edited the text gets no link to approve it.
    approvers = [u for u in role_holders(run.role) if u.pk not in item.writer_ids]
    for user in approvers:
        token = new_token()
        row = ApprovalToken.objects.create(
            token_hash=token_hash(token),
            user=user,
            item=item,
            step_run=run,
            step_number=run.step_number,
            revision=item.revision,
            text_hash=current_hash,
            expires_at=expires,
        )
        tokens.append(row)
        mail = _queue_approval_mail(item, run, step, user, token, row) if user.email else None
        telegram_approval_queue(
            item=item,
            run=run,
            step=step,
            user=user,
            token=token,
            row=row,
            url=link_url(token),
            mail=mail,
            sender=sender,
        )
    notify_users(
        approvers,
        kind="approval",
        item=item,
        title=Message("approval.title", {"title": item.title}),
        body=Message("approval.body", {"n": step.number, "activity": step.activity}),
        url=reverse("newsroom:item", args=[item.pk]),
        step_run=run,
        mail=False,
    )
    audit_log(
        action="notify.approval.request",
        obj=item,
        data={"step": run.step_number, "revision": item.revision, "approvers": [u.pk for u in approvers]},
    )
    return tokens


def _queue_approval_mail(item, run, step, user, token, row):
    """The photos' thumbnails are read from storage when the mail is sent, outside the item's lock."""
    capacity = capacity_for(user, run.role)
    photos_mark = deferred.marker()
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "item": item,
            "step": step,
            "user": user,
            "capacity": capacity.label if capacity else run.role.name,
            "preview_url": link_url(token),
            "approve_url": link_url(token, "setujui"),
            "reject_url": link_url(token, "tolak"),
            "reply_address": conf.reply_address(),
            "expires": moment(row.expires_at),
            "office": item.office,
            "ref": token,
            "body_text": html_text(item.body).strip(),
            "photos_part": photos_mark,
            "words": decision_words(item, step.number),
        }
        subject = _("Approval requested: %(title)s [ref:%(ref)s]") % {
            "title": header_text(item.title, 150),
            "ref": token,
        }
        text = render_to_string("notify/mail/approval.txt", context)
        html = render_to_string("notify/mail/approval.html", context)
    return mail_queue(
        kind="approval",
        to=[user.email],
        subject=subject,
        text=text,
        html=html,
        item=item,
        reply_to=conf.reply_address(token),
        deferred=[deferred.entry("approval_photos", photos_mark, item=item.pk)],
        redact=[token],
    )


@dataclass(frozen=True)
class Decision:
    approval: Approval
    token: ApprovalToken


def token_decide(
    *,
    token: str,
    outcome: Outcome,
    reason: str = "",
    channel: str = Approval.Channel.LINK,
    eml: bytes | None = None,
    origin: Actor = SYSTEM,
) -> Decision:
    """Act on a token: complete the approval step as its approver. Raises TokenRefused, changing nothing.

    `origin` is where the decision came from (the link's request, or the system for a reply by mail);
    the one who decides is always the token's approver.
    """
    if outcome not in (Outcome.APPROVE, Outcome.REJECT):
        raise TokenRefused("bad_outcome", _("Choose approve or return."))
    try:
        with transaction.atomic():
            row = find_token(token, lock=True)
            refused = refusal(row)
            if refused is not None:
                raise refused
            # Used first: the step's events then withdraw the other links, and leave this one "used".
            row.used_at = timezone.now()
            row.save(update_fields=["used_at"])
            telegram_withdraw_soon(row.item)
            step_complete(
                actor=origin.as_user(row.user),
                item_id=row.item_id,
                step_number=row.step_number,
                outcome=outcome,
                expected_revision=row.revision,
                reason=reason,
                channel=channel,
            )
            _revoke_open(row.item, DECIDED, keep=row)
            approval = Approval.objects.get(step_run=row.step_run)
            softcopy_ensure(approval, eml=eml)
            return Decision(approval, row)
    except TokenRefused:
        raise
    except (Conflict, NotPermitted) as exc:
        raise TokenRefused("conflict", str(exc)) from exc
    except ValidationError as exc:
        raise TokenRefused("invalid_input", " ".join(exc.messages)) from exc


def record_refusal(refused: TokenRefused, *, channel: str, origin: Actor = SYSTEM, **data) -> None:
    """Write the refusal to the record, in its own transaction (the refused one was rolled back).

    A token that matches nothing is anyone's guess: only the first such refusal per address in ten
    minutes enters the chain, so a flood of forged links cannot grow the record or hold its lock.
    """
    row = refused.token
    if row is None:
        ip = origin.ip or ""
        if not cache.add(f"notify-refused:{channel}:{ip}", 1, 600):
            logger.warning("notify: %s refused again (%s) from %s; not recorded again", channel, refused.why, ip)
            return
    audit_log(
        action=f"notify.{channel}.refused",
        actor=origin,
        obj=row.item if row is not None else None,
        data={"why": refused.why, "token": row.pk if row else None, **data},
    )


def approval_step(item: NewsItem) -> Step | None:
    return policy.approving_step(flow_for(item))
