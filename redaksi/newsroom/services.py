"""Writes to news items: the text, its revisions, and every move through the SOP.

Every function here is atomic, checks the actor's capacity against the SOP definition of
the item's own version, and writes its record entry in the same transaction. Only these
functions change an item's step.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from redaksi.accounts.models import Office, User
from redaksi.accounts.selectors import Capacity
from redaksi.audit.services import audit_log
from redaksi.core import events
from redaksi.core.actor import Actor
from redaksi.core.errors import Conflict, NotPermitted
from redaksi.sop import engine
from redaksi.sop.engine import Outcome

from .events import (
    ItemCreated,
    ItemPublished,
    ItemTakenDown,
    PublicItemChanged,
    StepCompleted,
    StepStarted,
    TextChanged,
    publication_blockers,
)
from .models import Approval, Category, NewsItem, Revision, StepRun, Tag
from .sanitize import clean_html
from .selectors import capacity_in, flow_for, news_sop_version, public_path, role_by_code, text_hash

TITLE_MAX = 300
LEAD_MAX = 2000
BODY_MAX = 200_000


@dataclass
class ItemText:
    title: str
    lead: str = ""
    body: str = ""
    category: Category | None = None
    tags: list[str] = field(default_factory=list)
    byline: str = ""
    place: str = ""
    event_date: date | None = None


@dataclass(frozen=True)
class SaveResult:
    item: NewsItem
    revision: Revision | None
    conflict: Revision | None = None
    reopened_approval: bool = False


def _validate(text: ItemText) -> ItemText:
    errors: dict[str, str] = {}
    for name in ("title", "lead", "body", "byline", "place"):
        if "\x00" in getattr(text, name):
            errors[name] = _("The text contains a NUL character, which is not allowed.")
    text.title = " ".join(text.title.split())
    if not text.title:
        errors["title"] = _("The title is required.")
    elif len(text.title) > TITLE_MAX:
        errors["title"] = _("The title is longer than %(n)s characters.") % {"n": TITLE_MAX}
    if len(text.lead) > LEAD_MAX:
        errors["lead"] = _("The lead is longer than %(n)s characters.") % {"n": LEAD_MAX}
    if len(text.body) > BODY_MAX:
        errors["body"] = _("The body is longer than %(n)s characters.") % {"n": BODY_MAX}
    if errors:
        raise ValidationError(errors)
    text.body = clean_html(text.body)
    text.lead = text.lead.strip()
    return text


def _slug(title: str) -> str:
    return slugify(title)[:100].strip("-") or "berita"


def _tags(office: Office, names: list[str]) -> list[Tag]:
    tags = []
    for name in names[:20]:
        name = " ".join(name.split())[:60]
        slug = slugify(name)[:60]
        if slug:
            tags.append(Tag.objects.get_or_create(office=office, slug=slug, defaults={"name": name})[0])
    return tags


def _capacity(actor: User, item: NewsItem, role_code: str) -> Capacity | None:
    return capacity_in(actor, item.office_id, role_code)


def _open_run(item: NewsItem) -> StepRun:
    return StepRun.objects.select_for_update().filter(item=item, finished_at__isnull=True).latest("available_at", "pk")


def _start_step(item: NewsItem, number: int, now: datetime, who: Actor) -> StepRun:
    step = flow_for(item).step(number)
    item.current_step, item.current_since = number, now
    run = StepRun.objects.create(
        item=item, step_number=number, role=role_by_code(item.office_id, step.role), available_at=now
    )
    events.dispatch(StepStarted(item=item, actor=who, run=run, step=step))
    return run


def _meta(text: ItemText) -> dict[str, Any]:
    return {
        "category": text.category.name if text.category else "",
        "tags": sorted(text.tags),
        "byline": text.byline,
        "place": text.place,
        "event_date": text.event_date.isoformat() if text.event_date else "",
    }


def _write_revision(
    item: NewsItem, actor: User, kind: str, text: ItemText, *, based_on: int | None, reason: str = ""
) -> Revision:
    number = (item.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    return Revision.objects.create(
        item=item,
        number=number,
        kind=kind,
        based_on=based_on,
        title=text.title,
        lead=text.lead,
        body=text.body,
        meta=_meta(text),
        text_hash=text_hash(text.title, text.lead, text.body),
        reason=reason,
        step_number=item.current_step,
        author=actor,
    )


def _apply(item: NewsItem, text: ItemText) -> None:
    item.title, item.lead, item.body = text.title, text.lead, text.body
    item.category, item.byline, item.place, item.event_date = text.category, text.byline, text.place, text.event_date
    if not item.pk or item.slug == "":
        item.slug = _slug(text.title)


@transaction.atomic
def item_create(*, actor: Actor | User, office: Office, text: ItemText, source: str = "desk") -> NewsItem:
    """Start a draft: step 1 of the office's news SOP, done by its role. `source` "word" marks a Word import."""
    who = Actor.of(actor)
    actor = who.user
    version = news_sop_version(office)
    if version is None:
        raise NotPermitted(_("No SOP has been loaded for this office yet."))
    first = engine.Flow.from_definition(version.definition).first
    capacity = capacity_in(actor, office.pk, first.role)
    if capacity is None:
        raise NotPermitted(
            _("Only %(role)s may write a new item (step 1 of the SOP).") % {"role": role_by_code(office.pk, first.role)}
        )
    text = _validate(text)
    now = timezone.now()
    item = NewsItem(office=office, sop_version=version, created_by=actor, revision=1)
    _apply(item, text)
    item.save()
    item.tags.set(_tags(office, text.tags))
    kind = Revision.Kind.IMPORT if source == "word" else Revision.Kind.CREATE
    _write_revision(item, actor, kind, text, based_on=None)
    run = _start_step(item, first.number, now, who)
    run.taken_at, run.taken_by = now, actor
    run.save(update_fields=["taken_at", "taken_by"])
    item.save(update_fields=["current_step", "current_since"])
    events.dispatch(ItemCreated(item=item, actor=who, source=source))
    audit_log(
        action="newsroom.item.create",
        actor=who,
        obj=item,
        acting_role=capacity.label,
        data={"sop_version": version.pk, "revision": 1, "source": source},
    )
    return item


@transaction.atomic
def item_save(
    *,
    actor: Actor | User,
    item_id: int,
    base_revision: int,
    text: ItemText,
    reason: str = "",
) -> SaveResult:
    """Save a new revision. A save from a stale revision is kept as a conflict and changes nothing else."""
    who = Actor.of(actor)
    actor = who.user
    item = NewsItem.objects.select_for_update().get(pk=item_id)
    if item.is_finished:
        raise NotPermitted(_("This item has completed the SOP; its text can no longer be changed here."))
    flow = flow_for(item)
    step = flow.step(item.current_step)
    capacity = _capacity(actor, item, step.role)
    if capacity is None or not step.edits_text:
        raise NotPermitted(
            _("The text can be changed only by %(role)s, at a step of writing, editing, composing or correcting.")
            % {"role": role_by_code(item.office_id, step.role)}
        )
    if step.number == flow.first.number and item.created_by_id != actor.pk:
        raise NotPermitted(_("This draft belongs to another writer."))
    text = _validate(text)
    if base_revision != item.revision:
        conflict = _write_revision(item, actor, Revision.Kind.CONFLICT, text, based_on=base_revision, reason=reason)
        audit_log(
            action="newsroom.item.conflict",
            actor=who,
            obj=item,
            acting_role=capacity.label,
            data={"based_on": base_revision, "current": item.revision, "kept_as": conflict.number},
        )
        return SaveResult(item, None, conflict=conflict)
    kind = Revision.Kind.CORRECTION if step.kind == "review" else Revision.Kind.EDIT
    if kind == Revision.Kind.CORRECTION and not reason.strip():
        raise ValidationError({"reason": _("A correction needs a reason.")})
    new_hash = text_hash(text.title, text.lead, text.body)
    current = item.revisions.get(number=item.revision)
    if new_hash == current.text_hash and _meta(text) == current.meta:
        return SaveResult(item, None)  # nothing changed: no revision, no record
    revision = _write_revision(item, actor, kind, text, based_on=base_revision, reason=reason.strip())
    _apply(item, text)
    item.revision = revision.number
    item.tags.set(_tags(item.office, text.tags))
    reopened = False
    if item.approved_text_hash and new_hash != item.approved_text_hash:
        reopened = _reopen_approval(item, who, flow, timezone.now())
    item.save()
    events.dispatch(TextChanged(item=item, actor=who, revision=revision.number, reopened_approval=reopened))
    if item.published_at is not None:
        events.dispatch(PublicItemChanged(item=item, actor=who))
    audit_log(
        action="newsroom.item.correct" if kind == Revision.Kind.CORRECTION else "newsroom.item.edit",
        actor=who,
        obj=item,
        acting_role=capacity.label,
        data={
            "revision": revision.number,
            "step": step.number,
            "reason": reason.strip(),
            "reopened_approval": reopened,
        },
    )
    return SaveResult(item, revision, reopened_approval=reopened)


def _reopen_approval(item: NewsItem, who: Actor, flow: engine.Flow, now: datetime) -> bool:
    """An approval covers exactly the text it saw: a changed text goes back to the approval step."""
    approvals = [s for s in flow.steps if s.kind == "approve" and s.number < (item.current_step or 0)]
    item.approved_revision, item.approved_text_hash = None, ""
    if not approvals:
        return False
    target = approvals[-1]
    run = _open_run(item)
    run.finished_at, run.finished_by, run.outcome = now, who.user, StepRun.Outcome.REOPENED
    run.taken_at = run.taken_at or now
    run.reason = _("The text changed after approval.")
    run.save()
    _start_step(item, target.number, now, who)
    audit_log(
        action="sop.step.reopen",
        actor=who.user,
        obj=item,
        data={"from_step": run.step_number, "to_step": target.number, "revision": item.revision},
    )
    return True


@transaction.atomic
def step_take(*, actor: Actor | User, item_id: int, step_number: int) -> StepRun:
    """Mark that someone started working on the step: queue time ends here."""
    who = Actor.of(actor)
    actor = who.user
    item = NewsItem.objects.select_for_update().get(pk=item_id)
    if item.current_step != step_number:
        raise Conflict(_("This step has already moved on. Reload the page."))
    step = flow_for(item).step(step_number)
    capacity = _capacity(actor, item, step.role)
    if capacity is None:
        raise NotPermitted(_("Only %(role)s may take this step.") % {"role": role_by_code(item.office_id, step.role)})
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
    actor = who.user
    item = NewsItem.objects.select_for_update().get(pk=item_id)
    if item.current_step != step_number:
        raise Conflict(
            _("This step has already been completed by someone else. Reload the page to see where the item is now.")
        )
    if expected_revision is not None and expected_revision != item.revision:
        raise Conflict(
            _("The text changed after you opened it (now revision %(n)s). Reload and check it first.")
            % {"n": item.revision}
        )
    flow = flow_for(item)
    step = flow.step(step_number)
    capacity = _capacity(actor, item, step.role)
    if capacity is None:
        raise NotPermitted(
            _("Step %(n)s (%(activity)s) is done by %(role)s.")
            % {"n": step.number, "activity": step.activity, "role": role_by_code(item.office_id, step.role)}
        )
    if step.number == flow.first.number and item.created_by_id != actor.pk:
        raise NotPermitted(_("This draft belongs to another writer."))
    if outcome not in engine.outcomes(flow, step_number):
        raise ValidationError(_("That is not a possible outcome of this step."))
    reason = reason.strip()
    if outcome is Outcome.REJECT and not reason:
        raise ValidationError({"reason": _("Say why the item is returned.")})
    now = timezone.now()
    run = _open_run(item)
    output = dict(output or {})
    was_public = item.published_at is not None and item.taken_down_at is None
    current_hash = text_hash(item.title, item.lead, item.body)

    if step.kind == "approve":
        if outcome is Outcome.APPROVE:
            item.approved_revision, item.approved_text_hash = item.revision, current_hash
            if item.published_at is not None:
                item.public_revision = item.revision  # a live item shows the text just approved
        else:
            item.approved_revision, item.approved_text_hash = None, ""
    elif step.kind == "upload":
        item.uploaded_at = now
    elif step.kind == "publish":
        approval_steps = [s for s in flow.steps if s.kind == "approve"]
        if approval_steps and item.approved_text_hash != current_hash:
            raise Conflict(_("The current text has not been approved, so it cannot be published."))
        blockers = publication_blockers(item)
        if blockers:
            raise ValidationError(blockers)
        if item.taken_down_at is not None:
            # Published again after a takedown (it was urgent information): on purpose, and on record.
            output["republished_after_takedown"] = {
                "taken_down_at": item.taken_down_at.isoformat(),
                "reason": item.takedown_reason,
            }
            item.taken_down_at, item.takedown_reason = None, ""
        if item.published_at is None:
            item.published_at = item.publish_at if item.publish_at and item.publish_at > now else now
        item.public_revision = item.revision
        output["published_at"] = item.published_at.isoformat()
        output["public_path"] = public_path(item)
    elif step.kind == "share":
        links = [str(link)[:500] for link in output.get("links", [])]
        item.share_links = links
        output["links"] = links

    run.finished_at, run.finished_by, run.acting_as = now, actor, capacity.label
    run.taken_at = run.taken_at or now
    run.taken_by = run.taken_by or actor
    run.outcome, run.reason, run.revision, run.output = outcome.value, reason, item.revision, output
    run.save()
    if step.kind == "approve":
        Approval.objects.create(
            item=item,
            step_run=run,
            decision=outcome.value,
            reason=reason,
            person=actor,
            person_name=actor.get_full_name(),
            person_nip=actor.nip,
            person_jabatan=actor.jabatan,
            signed_as=capacity.label,
            channel=channel,
            revision=item.revision,
            text_hash=current_hash,
            decided_at=now,
        )
    following = engine.next_step(flow, step_number, outcome)
    if following is None:
        item.current_step, item.current_since, item.finished_at = None, None, now
    else:
        _start_step(item, following, now, who)
    item.save()
    events.dispatch(StepCompleted(item=item, actor=who, run=run, step=step, outcome=outcome, next_step=following))
    if item.published_at is not None:
        if was_public:
            events.dispatch(PublicItemChanged(item=item, actor=who))
        else:
            events.dispatch(ItemPublished(item=item, actor=who, urgent=False))
    audit_log(
        action="sop.step.complete",
        actor=who,
        obj=item,
        acting_role=capacity.label,
        data={
            "step": step_number,
            "kind": step.kind,
            "outcome": outcome.value,
            "reason": reason,
            "next_step": following,
            "revision": item.revision,
            "channel": channel,
            "text_hash": current_hash,
        },
    )
    return item


def urgent_roles(flow: engine.Flow) -> set[str]:
    """Who may publish before approval (informasi serta merta): the approving and the publishing role."""
    return {s.role for s in flow.steps if s.kind in {"approve", "publish"}}


@transaction.atomic
def item_publish_urgent(*, actor: Actor | User, item_id: int, reason: str) -> NewsItem:
    """The fast path: publish now, before approval. The item still has to pass every step afterwards."""
    who = Actor.of(actor)
    actor = who.user
    item = NewsItem.objects.select_for_update().get(pk=item_id)
    flow = flow_for(item)
    capacity = next((c for code in sorted(urgent_roles(flow)) if (c := _capacity(actor, item, code))), None)
    if capacity is None:
        raise NotPermitted(_("Only the approving or publishing role may publish urgent public information."))
    if item.published_at is not None:
        raise Conflict(_("This item is already published."))
    if item.current_step == flow.first.number:
        raise Conflict(_("A draft that has not left its writer cannot be published."))
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
    publish = flow.first_of_kind("publish")
    capacity = _capacity(actor, item, publish.role) if publish else None
    if capacity is None:
        raise NotPermitted(_("Only the publishing role may schedule publication."))
    now = timezone.now()
    if item.published_at is not None and item.published_at <= now:
        raise Conflict(_("This item is already published."))
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
    capacity = next((c for code in sorted(urgent_roles(flow)) if (c := _capacity(actor, item, code))), None)
    if capacity is None:
        raise NotPermitted(_("Only the approving or publishing role may take an item off the website."))
    if item.published_at is None or item.taken_down_at is not None:
        raise Conflict(_("This item is not on the website."))
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
