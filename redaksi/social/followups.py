"""After a published correction or a takedown: what becomes of the item's posts (offers, and a person's answers).

A correction offers, per post, "Perbarui kiriman" where the network lets a post be edited (Facebook, YouTube,
Telegram) and a reply with the correction where it does not (X, whose API v2 has no edit; Instagram, whose
captions cannot be changed: IGMedia #update takes only comment_enabled). A takedown offers "Hapus kiriman"
(Facebook, X, YouTube, Telegram, and Instagram: IGMedia #delete). WhatsApp and TikTok have no API: a checklist
item a person confirms with a note. The worker does the rest (followup_worker.py), as it sends.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from redaksi.accounts.models import Role, User
from redaksi.accounts.selectors import person_of, role_holders
from redaksi.audit.services import audit_log
from redaksi.core.actor import Actor
from redaksi.core.errors import Conflict, NotPermitted
from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.selectors import flow_for
from redaksi.notify.services import notify_users

from .base import MANUAL_NETWORKS
from .composer import network_label, problems
from .models import Followup, Share
from .selectors import draft_for

F = Followup.Status
A = Followup.Action
EDITABLE = frozenset({"facebook", "youtube", "telegram"})  # the API changes a post's text
REPLIES = frozenset({"x", "instagram"})  # the API answers a post (X reply, Instagram comment)
OPEN = (F.OFFERED, F.NEEDS_PERSON, F.REFUSED, F.TOKEN_DEAD)  # a person decides: act, confirm by hand, or leave it
IN_FLIGHT = (F.QUEUED, F.WORKING, F.RETRYING)
LIVE = (Share.Status.POSTED, Share.Status.MANUAL_DONE)


def action_for(share: Share, reason: str) -> str:
    network = share.account.network
    if network in MANUAL_NETWORKS or not share.post_id:  # no API, or a pasted address without the post's id
        return A.MANUAL
    if reason == Followup.Reason.TAKEDOWN:
        return A.DELETE
    return A.UPDATE if network in EDITABLE else A.REPLY if network in REPLIES else A.MANUAL


def _text_for(share: Share, action: str) -> tuple[str, str]:
    draft = draft_for(share.item, share.account)
    if action == A.REPLY:
        return _("Correction: %(text)s") % {"text": draft.text}, ""
    return draft.text, draft.title


def live_shares(item: NewsItem):
    return Share.objects.filter(item=item, status__in=LIVE, deleted_at__isnull=True).select_related("account", "item")


# What the newsroom's events start ------------------------------------------------------------------


def offer(item: NewsItem, reason: str) -> list[Followup]:
    """Offer a follow-up for each live post of the item (rows only; nothing leaves the house until a person acts).
    An earlier offer still waiting is brought up to date instead of doubled; a takedown sets aside the corrections
    not done yet."""
    offered = []
    revision = item.revisions.filter(number=item.revision).first()
    for share in live_shares(item):
        if reason == Followup.Reason.CORRECTION and (
            revision is None or share.posted_at is None or revision.created_at <= share.posted_at
        ):
            continue  # posted after this text: nothing to correct
        if (
            reason == Followup.Reason.CORRECTION
            and share.followups.filter(reason=reason, revision=item.revision).exists()
        ):
            continue  # this text was offered already (the item changed otherwise: its step, its publication time)
        if reason == Followup.Reason.TAKEDOWN:
            share.followups.filter(reason=Followup.Reason.CORRECTION, status__in=OPEN).update(
                status=F.SKIPPED, note=_("Set aside: the item was taken down."), updated_at=timezone.now()
            )
        action = action_for(share, reason)
        text, title = _text_for(share, action) if reason == Followup.Reason.CORRECTION else ("", "")
        waiting = share.followups.filter(reason=reason, status__in=OPEN).first()
        if reason == Followup.Reason.TAKEDOWN and share.followups.filter(reason=reason, status__in=IN_FLIGHT).exists():
            continue  # its delete is already on its way
        followup = waiting or Followup(share=share, reason=reason, action=action)
        followup.revision, followup.text, followup.title = item.revision, text, title
        followup.save()
        offered.append(followup)
        audit_log(action="social.followup.offered", obj=followup, data=_about(followup))
    if offered:
        _tell(item, reason, offered)
    return offered


def _about(followup: Followup) -> dict:
    share = followup.share
    return {
        "item": share.item_id,
        "network": share.account.network,
        "account": share.account.name,
        "reason": followup.reason,
        "action": followup.action,
        "post_id": share.post_id,
        "url": share.url,
    }


def followers(item: NewsItem):
    """Who may act on the posts: whoever performs the item's share step, and the office's system administrators."""
    ids: set[int] = set()
    for step in flow_for(item).steps:
        if "share" in step.kinds:
            role = Role.objects.filter(office_id=item.office_id, code=step.role).first()
            if role is not None:  # a role the office no longer has: its administrators are told all the same
                ids.update(role_holders(role).values_list("pk", flat=True))
    staff = User.objects.filter(is_active=True, is_staff=True, office_id__in=[item.office_id])
    ids.update(staff.values_list("pk", flat=True))
    return User.objects.filter(pk__in=ids)


def _tell(item: NewsItem, reason: str, offered: list[Followup]) -> None:
    names = ", ".join(f"{network_label(f.share.account.network)} ({f.share.account.name})" for f in offered)
    if reason == Followup.Reason.TAKEDOWN:
        title = _("“%(title)s” was taken down: delete its posts") % {"title": item.title}
        body = _("The item is off the website, but its posts are still on %(accounts)s. Open the item to delete them.")
    else:
        title = _("“%(title)s” was corrected: update its posts") % {"title": item.title}
        body = _(
            "The posts on %(accounts)s still show the old text. Open the item to update them or add the correction."
        )
    url = reverse("newsroom:item", args=[item.pk]) + "#followups"
    notify_users(
        followers(item), kind="social.followup", title=title, body=body % {"accounts": names}, url=url, item=item
    )


# What a person does -----------------------------------------------------------------------------------


def may_follow_up(user: User | None, item: NewsItem) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff and user.office_id in (None, item.office_id):
        return True
    person = person_of(user)
    return any(person.capacity(item.office_id, s.role) for s in flow_for(item).steps if "share" in s.kinds)


def _open(actor: Actor, item_id: int, followup_id: int) -> Followup:
    followup = (
        Followup.objects.select_for_update()
        .select_related("share__account", "share__item")
        .filter(pk=followup_id, share__item_id=item_id)
        .first()
    )
    if followup is None:
        raise ValidationError(_("That follow-up does not belong to this item."))
    if not may_follow_up(actor.user, followup.share.item):
        raise NotPermitted(_("Only the role of the sharing step or a system administrator acts on the posts."))
    if followup.status not in OPEN:
        raise Conflict(_("This follow-up is already under way or done."))
    return followup


@transaction.atomic
def followup_act(*, actor: Actor, item_id: int, followup_id: int, text: str | None = None) -> Followup:
    """Queue the offered update, reply or delete for the worker (with the person's text, for an update or reply)."""
    actor = Actor.of(actor)
    followup = _open(actor, item_id, followup_id)
    if followup.action == A.MANUAL:
        raise ValidationError(_("This network has no API: do it on the network, then confirm it here with a note."))
    network = followup.share.account.network
    if text is not None and followup.action in (A.UPDATE, A.REPLY):
        followup.text = text.strip()
    if followup.action in (A.UPDATE, A.REPLY):
        found = problems(network, followup.text, followup.title)
        if not followup.text:
            found = [_("Write the text first.")]
        if found:
            raise ValidationError([f"{network_label(network)}: {message}" for message in found])
    followup.status, followup.next_attempt_at, followup.last_error = F.QUEUED, timezone.now(), ""
    followup.requested_by = actor.user
    if followup.action == A.REPLY:
        followup.outcome_unknown = False  # the person looked under the post and pressed again
    followup.save()
    audit_log(
        action="social.followup.queued", actor=actor, obj=followup, data={**_about(followup), "text": followup.text}
    )
    from .followup_worker import enqueue

    transaction.on_commit(lambda: enqueue(followup.pk))
    return followup


@transaction.atomic
def followup_close(*, actor: Actor, item_id: int, followup_id: int, note: str, by_hand: bool) -> Followup:
    """Done by hand on the network (`by_hand`), or left as it is: either way with the person's note."""
    actor = Actor.of(actor)
    followup = _open(actor, item_id, followup_id)
    note = note.strip()
    if not note:
        raise ValidationError(_("Write a note: what was done on the network, or why the post is left as it is."))
    now = timezone.now()
    followup.status = F.BY_HAND if by_hand else F.SKIPPED
    followup.note, followup.done_at, followup.requested_by = note[:500], now, actor.user
    followup.save()
    if by_hand:
        share = followup.share
        field = "deleted_at" if followup.reason == Followup.Reason.TAKEDOWN else "updated_at_network"
        setattr(share, field, now)
        share.save(update_fields=[field, "updated_at"])
    action = "social.followup.by_hand" if by_hand else "social.followup.skipped"
    audit_log(action=action, actor=actor, obj=followup, data={**_about(followup), "note": followup.note})
    return followup


def item_followups(item: NewsItem) -> list[Followup]:
    return list(
        Followup.objects.filter(share__item=item)
        .select_related("share__account", "requested_by")
        .order_by("-created_at", "-pk")
    )
