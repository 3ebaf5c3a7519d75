"""Publication outside the steps: the urgent path, the scheduled time, and taking an item down."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from redaksi.accounts.models import User
from redaksi.accounts.selectors import person_of
from redaksi.audit.services import audit_log
from redaksi.core import events
from redaksi.core.actor import Actor

from .. import policy
from ..events import ItemPublished, ItemTakenDown, PublicItemChanged
from ..models import NewsItem
from ..selectors import flow_for


@transaction.atomic
def item_publish_urgent(*, actor: Actor | User, item_id: int, reason: str) -> NewsItem:
    """The fast path: publish now, before approval. The item still has to pass every step afterwards."""
    who = Actor.of(actor)
    actor = who.user
    item = NewsItem.objects.select_for_update().get(pk=item_id)
    flow = flow_for(item)
    capacity = policy.may_publish_urgently(person_of(actor), item, flow).enforce()
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this information must be published at once.")})
    now = timezone.now()
    item.published_at = item.urgent_published_at = now
    item.public_revision = item.revision
    item.urgent_reason = reason.strip()[:500]
    item.save(update_fields=["published_at", "urgent_published_at", "urgent_reason", "public_revision"])
    events.dispatch(ItemPublished(item=item, actor=who, urgent=True))
    audit_log(
        action="newsroom.item.publish_urgent",
        actor=who,
        obj=item,
        acting_role=capacity.label,
        data={"reason": item.urgent_reason, "step": item.current_step, "revision": item.revision},
    )
    return item


@transaction.atomic
def item_schedule(*, actor: Actor | User, item_id: int, publish_at: datetime | None) -> NewsItem:
    """Set or clear the publication time; only the publishing role, before publication."""
    who = Actor.of(actor)
    actor = who.user
    item = NewsItem.objects.select_for_update().get(pk=item_id)
    flow = flow_for(item)
    now = timezone.now()
    capacity = policy.may_schedule(person_of(actor), item, flow, now=now).enforce()
    if publish_at is not None and publish_at <= now:
        raise ValidationError({"publish_at": _("Choose a time in the future.")})
    item.publish_at = publish_at
    fields = ["publish_at"]
    if item.published_at is not None:
        # Published for a time still to come: the new time (or now, when cleared) replaces it.
        item.published_at = publish_at or now
        fields.append("published_at")
    item.save(update_fields=fields)
    if item.published_at is not None:
        events.dispatch(PublicItemChanged(item=item, actor=who))
    audit_log(
        action="newsroom.item.schedule",
        actor=who,
        obj=item,
        acting_role=capacity.label,
        data={"publish_at": publish_at},
    )
    return item


@transaction.atomic
def item_takedown(*, actor: Actor | User, item_id: int, reason: str) -> NewsItem:
    """Take a published item off the website ("Tarik dari website"); the public address then answers 410."""
    who = Actor.of(actor)
    actor = who.user
    item = NewsItem.objects.select_for_update().get(pk=item_id)
    flow = flow_for(item)
    capacity = policy.may_take_down(person_of(actor), item, flow).enforce()
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the item is taken off the website.")})
    item.taken_down_at = timezone.now()
    item.takedown_reason = reason[:500]
    item.save(update_fields=["taken_down_at", "takedown_reason"])
    events.dispatch(ItemTakenDown(item=item, actor=who, reason=item.takedown_reason))
    audit_log(
        action="newsroom.item.takedown",
        actor=who,
        obj=item,
        acting_role=capacity.label,
        data={"reason": item.takedown_reason, "published_at": item.published_at},
    )
    return item
