"""The item's text: drafts, revisions, conflicts, and the approval a changed text reopens."""

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
from redaksi.accounts.selectors import person_of
from redaksi.audit.services import audit_log
from redaksi.core import events
from redaksi.core.actor import Actor
from redaksi.core.errors import NotPermitted
from redaksi.sop import engine

from .. import policy
from ..events import ItemCreated, PublicItemChanged, TextChanged
from ..models import Category, NewsItem, Revision, StepRun, Tag
from ..sanitize import clean_html
from ..selectors import flow_for, news_sop_version, text_hash
from ..steps import handler_of
from .common import _open_run, _role_name, _start_step

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
    if kind != Revision.Kind.CONFLICT and actor.pk not in item.writer_ids:
        item.writer_ids = [*item.writer_ids, actor.pk]
        NewsItem.objects.filter(pk=item.pk).update(writer_ids=item.writer_ids)
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
    if item.published_at is None or item.slug == "":
        # Until the item is on the website its address follows its title (an imported title is often the
        # Word file's); after that it stays put, and the site answers any moved address with a redirect.
        item.slug = _slug(text.title)


@transaction.atomic
def item_create(*, actor: Actor | User, office: Office, text: ItemText, source: str = "desk") -> NewsItem:
    """Start a draft: step 1 of the office's news SOP, done by its role. `source` "word" marks a Word import."""
    who = Actor.of(actor)
    actor = who.user
    version = news_sop_version(office)
    if version is None:
        raise NotPermitted(_("No SOP has been loaded for this office yet."))
    flow = engine.Flow.from_definition(version.definition)
    first = flow.first
    capacity = policy.may_write_new(person_of(actor), office.pk, flow, _role_name(office.pk)).enforce()
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
    flow = flow_for(item)
    capacity = policy.may_edit_text(person_of(actor), item, flow, _role_name(item.office_id)).enforce()
    step = flow.step(item.current_step)
    text = _validate(text)
    if base_revision != item.revision:
        return _keep_conflict(item, who, capacity.label, text, base_revision, reason)
    kind = Revision.Kind.CORRECTION if handler_of(step).corrects else Revision.Kind.EDIT
    if kind == Revision.Kind.CORRECTION and not reason.strip():
        raise ValidationError({"reason": _("A correction needs a reason.")})
    new_hash = text_hash(text.title, text.lead, text.body)
    current = item.revisions.get(number=item.revision)
    if new_hash == current.text_hash and _meta(text) == current.meta:
        return SaveResult(item, None)  # nothing changed: no revision, no record
    effect = policy.save_effect(flow, step.number, approved=bool(item.approved_text_hash))
    reopened = effect.reopens(
        policy.TextParts(item.title, item.lead, item.body), policy.TextParts(text.title, text.lead, text.body)
    )
    revision = _write_revision(item, actor, kind, text, based_on=base_revision, reason=reason.strip())
    _apply(item, text)
    item.revision = revision.number
    item.tags.set(_tags(item.office, text.tags))
    if reopened and effect.approval is not None:
        _reopen_approval(item, who, effect.approval, timezone.now())
    elif item.approved_text_hash:
        _carry_approval(item, new_hash)
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


def _keep_conflict(
    item: NewsItem, who: Actor, acting_role: str, text: ItemText, base_revision: int, reason: str
) -> SaveResult:
    """A save from a stale revision: kept as a conflict revision, on record, and nothing else changes."""
    conflict = _write_revision(item, who.user, Revision.Kind.CONFLICT, text, based_on=base_revision, reason=reason)
    audit_log(
        action="newsroom.item.conflict",
        actor=who,
        obj=item,
        acting_role=acting_role,
        data={"based_on": base_revision, "current": item.revision, "kept_as": conflict.number},
    )
    return SaveResult(item, None, conflict=conflict)


def _carry_approval(item: NewsItem, new_hash: str) -> None:
    """The SOP says this change needs no new approval: the approval carries over to the new text (the
    Approval row keeps the hash of the text it saw), and a live item shows the correction."""
    item.approved_text_hash = new_hash
    if item.published_at is not None:
        item.public_revision = item.revision


def _reopen_approval(item: NewsItem, who: Actor, target: engine.Step, now: datetime) -> None:
    """The change needs a new approval (`policy.save_effect`): the item goes back to the approval step."""
    item.approved_revision, item.approved_text_hash = None, ""
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
