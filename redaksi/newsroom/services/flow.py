"""Moves through the SOP: taking a step, and completing it (what its kind adds is its handler's)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from redaksi.accounts.models import User
from redaksi.accounts.selectors import person_of
from redaksi.audit.services import audit_log
from redaksi.core import events
from redaksi.core.actor import Actor
from redaksi.core.errors import Conflict
from redaksi.sop import engine
from redaksi.sop.engine import Outcome

from .. import policy
from ..events import ItemPublished, PublicItemChanged, StepCompleted
from ..models import Approval, NewsItem, StepRun
from ..selectors import flow_for, text_hash
from ..steps import Completion, handler_of
from .common import _open_run, _role_name, _start_step


@transaction.atomic
def step_take(*, actor: Actor | User, item_id: int, step_number: int) -> StepRun:
    """Mark that someone started working on the step: queue time ends here."""
    who = Actor.of(actor)
    actor = who.user
    item = NewsItem.objects.select_for_update().get(pk=item_id)
    if item.current_step != step_number:
        raise Conflict(_("This step has already moved on. Reload the page."))
    capacity = policy.may_take_step(
        person_of(actor), item, flow_for(item), step_number, _role_name(item.office_id)
    ).enforce()
    run = _open_run(item)
    if run.taken_at is None:
        run.taken_at, run.taken_by = timezone.now(), actor
        run.save(update_fields=["taken_at", "taken_by"])
        audit_log(
            action="sop.step.take",
            actor=who,
            obj=item,
            acting_role=capacity.label,
            data={"step": step_number},
        )
    return run


@transaction.atomic
def step_complete(
    *,
    actor: Actor | User,
    item_id: int,
    step_number: int,
    outcome: Outcome,
    expected_revision: int | None,
    reason: str = "",
    channel: str = Approval.Channel.DESK,
    output: dict[str, Any] | None = None,
) -> NewsItem:
    """Complete the item's current step. Exactly one of two concurrent requests gets through."""
    who = Actor.of(actor)
    item = NewsItem.objects.select_for_update().get(pk=item_id)
    _check_moment(item, step_number, expected_revision)
    flow = flow_for(item)
    step = flow.step(step_number)
    capacity = policy.may_complete_step(
        person_of(who.user), item, flow, step_number, _role_name(item.office_id)
    ).enforce()
    if outcome not in engine.outcomes(flow, step_number):
        raise ValidationError(_("That is not a possible outcome of this step."))
    reason = reason.strip()
    if outcome is Outcome.REJECT and not reason:
        raise ValidationError({"reason": _("Say why the item is returned.")})
    was_public = item.published_at is not None and item.taken_down_at is None
    c = Completion(
        item=item, flow=flow, step=step, run=_open_run(item), who=who, acting_as=capacity.label, outcome=outcome,
        reason=reason, channel=channel, output=dict(output or {}), now=timezone.now(),
        text_hash=text_hash(item.title, item.lead, item.body),
    )  # fmt: skip
    handler = handler_of(step)
    handler.check(c)
    handler.record(c)
    _finish_run(c)
    handler.after(c)
    following = _move_on(c)
    _announce(c, following, was_public)
    audit_log(
        action="sop.step.complete",
        actor=who,
        obj=item,
        acting_role=capacity.label,
        data={
            "step": step_number,
            "kind": "+".join(step.kinds),
            "outcome": outcome.value,
            "reason": reason,
            "next_step": following,
            "revision": item.revision,
            "channel": channel,
            "text_hash": c.text_hash,
        },
    )
    return item


def _check_moment(item: NewsItem, step_number: int, expected_revision: int | None) -> None:
    """The item is still at this step, with the text the person saw (a double submit stops here)."""
    if item.current_step != step_number:
        raise Conflict(
            _("This step has already been completed by someone else. Reload the page to see where the item is now.")
        )
    if expected_revision is not None and expected_revision != item.revision:
        raise Conflict(
            _("The text changed after you opened it (now revision %(n)s). Reload and check it first.")
            % {"n": item.revision}
        )


def _finish_run(c: Completion) -> None:
    run, person = c.run, c.who.user
    run.finished_at, run.finished_by, run.acting_as = c.now, person, c.acting_as
    run.taken_at = run.taken_at or c.now
    run.taken_by = run.taken_by or person
    run.outcome, run.reason, run.revision, run.output = c.outcome.value, c.reason, c.item.revision, c.output
    run.save()


def _move_on(c: Completion) -> int | None:
    item = c.item
    following = engine.next_step(c.flow, c.step.number, c.outcome)
    if following is None:
        item.current_step, item.current_since, item.finished_at = None, None, c.now
    else:
        _start_step(item, following, c.now, c.who)
    item.save()
    return following


def _announce(c: Completion, following: int | None, was_public: bool) -> None:
    item = c.item
    events.dispatch(
        StepCompleted(item=item, actor=c.who, run=c.run, step=c.step, outcome=c.outcome, next_step=following)
    )
    if item.published_at is not None:
        if was_public:
            events.dispatch(PublicItemChanged(item=item, actor=c.who))
        else:
            events.dispatch(ItemPublished(item=item, actor=c.who, urgent=False))
