"""Writes of step 8 from the desk and the staff screens: accounts, tokens, the texts, sending, proof.

Sending only records intent: the share is queued, and the worker posts it after commit (sending.py).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from redaksi.accounts.models import Office
from redaksi.accounts.selectors import person_of
from redaksi.audit.services import audit_log
from redaksi.core.actor import Actor
from redaksi.core.errors import Conflict, NotPermitted
from redaksi.newsroom import policy
from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.selectors import flow_for, role_by_code

from . import conf, crypto
from .base import MANUAL_NETWORKS, RULES
from .clients import options_errors
from .composer import network_label, problems
from .models import Share, SocialAccount
from .selectors import draft_for, may_paste, office_accounts


@dataclass(frozen=True)
class Sent:
    queued: list[Share]
    problems: list[str]  # what stops a text, per account, in the user's language; nothing was queued then
    held: list[str] = field(default_factory=list)  # accounts "Send all" left alone: their last post may be out


RESENDABLE = (Share.Status.DRAFT, Share.Status.REFUSED, Share.Status.NEEDS_PERSON, Share.Status.TOKEN_DEAD)


# Accounts ---------------------------------------------------------------------------------------------


def accounts_sync(office: Office) -> int:
    """Give the office each default account of REDAKSI_SOCIAL it lacks (without a token). How many were made."""
    made = 0
    for alias, config in conf.accounts().items():
        _account, created = SocialAccount.objects.get_or_create(
            office=office,
            alias=alias,
            defaults={
                "network": config["NETWORK"],
                "name": config.get("NAME") or alias,
                "backend": config.get("BACKEND") or config["NETWORK"],
                "options": {k: v for k, v in config.get("OPTIONS", {}).items() if k != "base_url"},
                "base_url": config.get("OPTIONS", {}).get("base_url", ""),
                "required": bool(config.get("REQUIRED", True)),
            },
        )
        made += created
    return made


def _admin_check(actor: Actor, office: Office) -> None:
    user = Actor.of(actor).user
    if user is None or not user.is_staff or (user.office_id is not None and user.office_id != office.pk):
        raise NotPermitted(_("Only a system administrator of the office connects social media accounts."))


def _clean_account(fields: Mapping[str, Any]) -> None:
    network, backend = fields["network"], (fields.get("backend") or fields["network"]).strip()
    if network not in RULES:
        raise ValidationError({"network": _("Choose a network.")})
    errors = options_errors(backend, network, fields.get("options") or {})
    if errors:
        raise ValidationError({"options": _("The client or its options are wrong: %(error)s") % {"error": errors[0]}})
    if fields.get("base_url"):
        try:
            URLValidator(schemes=["http", "https"])(fields["base_url"])
        except ValidationError as exc:
            raise ValidationError({"base_url": _("Enter the API address as http(s)://…")}) from exc


FIELDS = ("network", "name", "backend", "options", "base_url", "required", "active")


@transaction.atomic
def account_save(
    *, actor: Actor, office: Office, fields: Mapping[str, Any], account_id: int | None = None
) -> SocialAccount:
    """Add an account, or change one: its network, name, client, options, API address, flags (never its token)."""
    _admin_check(actor, office)
    fields = {**fields, "backend": (fields.get("backend") or fields["network"]).strip()}
    _clean_account(fields)
    if account_id is None:
        account = SocialAccount(office=office)
    else:
        account = SocialAccount.objects.select_for_update().get(pk=account_id, office=office)
    before = {name: getattr(account, name) for name in FIELDS} if account.pk else {}
    for name in FIELDS:
        setattr(account, name, fields.get(name, getattr(account, name)))
    account.save()
    changed = {name: getattr(account, name) for name in FIELDS if before.get(name) != getattr(account, name)}
    action = "social.account.created" if not before else "social.account.changed"
    audit_log(action=action, actor=actor, obj=account, data={"changed": changed})
    return account


@transaction.atomic
def account_token_set(*, actor: Actor, account_id: int, token: str, expires_at: datetime | None = None) -> None:
    """Keep a new token, encrypted; its value never reaches a log, the record or a page."""
    account = SocialAccount.objects.select_for_update().select_related("office").get(pk=account_id)
    _admin_check(actor, account.office)
    token = token.strip()
    if not token:
        raise ValidationError({"token": _("Paste the access token.")})
    account.token_encrypted = crypto.seal(token)
    account.token_set_at = timezone.now()
    account.token_expires_at = expires_at
    account.expiry_warned_week = None
    account.save(update_fields=["token_encrypted", "token_set_at", "token_expires_at", "expiry_warned_week"])
    audit_log(
        action="social.account.token_set",
        actor=actor,
        obj=account,
        data={"expires_at": expires_at.isoformat() if expires_at else None},
    )


def account_test(*, actor: Actor, account_id: int) -> None:
    """Ask the worker to try the account's token (the answer appears on the accounts screen)."""
    account = SocialAccount.objects.select_related("office").get(pk=account_id)
    _admin_check(actor, account.office)
    from .tasks import account_check_task

    SocialAccount.objects.filter(pk=account.pk).update(check_message=_("Checking…"), checked_at=None)
    transaction.on_commit(lambda: account_check_task.enqueue(account.pk))


# The step's shares ----------------------------------------------------------------------------------


def _share_step(actor: Actor, item: NewsItem) -> None:
    """The person may share only while the item waits at a share step that is theirs to complete."""
    flow = flow_for(item)
    current = flow.step(item.current_step) if item.current_step else None
    if current is None or "share" not in current.kinds:
        raise Conflict(_("The item is not at the sharing step."))
    roles = lambda code: role_by_code(item.office_id, code)  # noqa: E731
    if not policy.may_complete_step(person_of(actor.user), item, flow, current.number, roles):
        raise NotPermitted(_("Sharing this item is not your step."))


def _share_of(item: NewsItem, account_id: int) -> Share:
    share = Share.objects.select_for_update().filter(item=item, account_id=account_id).first()
    if share is not None:
        return share
    account = office_accounts(item.office_id).filter(pk=account_id).first()
    if account is None:
        raise ValidationError(_("That account is not connected to this office."))
    share = draft_for(item, account)
    share.save()
    return share


@transaction.atomic
def shares_send(
    *, actor: Actor, item_id: int, texts: Mapping[int, tuple[str, str]], send: list[int], every: bool = False
) -> Sent:
    """Keep the edited texts of the drafts (account id -> (text, title)); queue the shares of `send`.

    A text the network would refuse is named in `problems`, with what to change, and then nothing is
    queued; the texts are kept all the same, so the person corrects their own words, not a fresh draft.
    With `every` ("Send all"), a share whose last post may be out unseen is `held`: only its own button,
    pressed once the person has looked at the network, sends it again.
    """
    actor = Actor.of(actor)
    item = NewsItem.objects.select_for_update().get(pk=item_id)
    _share_step(actor, item)
    to_queue, found, held = [], [], []
    for account_id, (text, title) in texts.items():
        share = _share_of(item, account_id)
        if share.status not in RESENDABLE:
            continue
        share.text, share.title = text, title
        share.save(update_fields=["text", "title", "updated_at"])
        if account_id in send and share.account.network not in MANUAL_NETWORKS:
            label = f"{network_label(share.account.network)} ({share.account.name})"
            if every and may_paste(share):
                held.append(label)
                continue
            found += [f"{label}: {message}" for message in problems(share.account.network, text, title)]
            to_queue.append(share)
    if found:
        return Sent(queued=[], problems=found, held=held)
    for share in to_queue:
        share.status, share.next_attempt_at, share.last_error = Share.Status.QUEUED, timezone.now(), ""
        share.sent_by = actor.user
        share.save(update_fields=["status", "next_attempt_at", "last_error", "sent_by", "updated_at"])
    queued = to_queue
    for share in queued:
        audit_log(
            action="social.share.queued",
            actor=actor,
            obj=share,
            data={"item": item.pk, "network": share.account.network, "account": share.account.name, "text": share.text},
        )
        transaction.on_commit(lambda pk=share.pk: _enqueue(pk))
    return Sent(queued=queued, problems=[], held=held)


def _enqueue(pk: int, run_after: datetime | None = None) -> None:
    from .sending import enqueue

    enqueue(pk, run_after)


@transaction.atomic
def share_proof(*, actor: Actor, item_id: int, account_id: int, url: str) -> Share:
    """The address of a post made by hand on a network without a posting API (WhatsApp, TikTok), or of a
    post a person found on the network after its answer was lost (see `may_paste`)."""
    actor = Actor.of(actor)
    item = NewsItem.objects.select_for_update().get(pk=item_id)
    _share_step(actor, item)
    share = _share_of(item, account_id)
    if share.account.network not in MANUAL_NETWORKS and not may_paste(share):
        raise ValidationError(_("This network is posted by Redaksi itself; its address comes from the network."))
    url = url.strip()
    try:
        URLValidator(schemes=["https", "http"])(url)
    except ValidationError as exc:
        raise ValidationError(
            _("Paste the address of the post, starting with https://, e.g. from the network's “Copy link”.")
        ) from exc
    share.status, share.url, share.posted_at = Share.Status.MANUAL_DONE, url[:500], timezone.now()
    share.sent_by, share.last_error = actor.user, ""
    share.save()
    audit_log(
        action="social.share.proof",
        actor=actor,
        obj=share,
        data={"item": item.pk, "network": share.account.network, "account": share.account.name, "url": share.url},
    )
    return share
