"""One answer to "may this person do X to this item now?", for services, the desk and a future API.

Pure: no database and no clock. A question takes the person (their office and the capacities they act
in today, read once by `accounts.selectors.person_of`), the item's own fields, and the SOP flow of the item's
version; a time, where one matters, is passed in. Role names only word a refusal: `role_name(code)`
is called, lazily, for that alone.

Every answer is a `Decision`: true when allowed (with the capacity to sign in), false with the
refusal in the person's language. `conflict` marks a refusal by the item's state (answered 409)
rather than by who asks (403); `enforce()` raises the matching error.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from redaksi.accounts.selectors import Capacity, Person
from redaksi.core.errors import Conflict, NotPermitted
from redaksi.sop.engine import FIRST_STEP, Flow, Step

from .steps import handler_of

RoleName = Callable[[str], Any]


@dataclass(frozen=True)
class Decision:
    capacity: Capacity | None = None
    refusal: str = ""
    conflict: bool = False

    @property
    def allowed(self) -> bool:
        return not self.refusal

    def __bool__(self) -> bool:
        return self.allowed

    def enforce(self) -> Capacity | None:
        """The capacity to act in; raises Conflict or NotPermitted with the refusal."""
        if self.refusal:
            raise (Conflict if self.conflict else NotPermitted)(self.refusal)
        return self.capacity


def _no(message: str, *, conflict: bool = False) -> Decision:
    return Decision(refusal=message, conflict=conflict)


def _own_draft(person: Person, item: Any, step: Step) -> bool:
    return step.number != FIRST_STEP or item.created_by_id == person.user_id


def _unless_own_text(person: Person, item: Any, step: Step, capacity: Capacity) -> Decision:
    """Four eyes: whoever wrote or edited the text never approves it, whatever role they hold or act in."""
    if handler_of(step).approves and person.user_id is not None and person.user_id in (item.writer_ids or ()):
        return _no(_("You wrote or edited this text, so you may not approve it yourself (four eyes)."))
    return Decision(capacity)


def urgent_roles(flow: Flow) -> set[str]:
    """Who may publish before approval (informasi serta merta), or take an item down: the approving and
    the publishing role."""
    return {s.role for s in flow.steps if handler_of(s).approves or handler_of(s).publishes}


def publishing_step(flow: Flow) -> Step | None:
    return next((s for s in flow.steps if handler_of(s).publishes), None)


def approving_step(flow: Flow) -> Step | None:
    return next((s for s in flow.steps if handler_of(s).approves), None)


@dataclass(frozen=True)
class TextParts:
    """The parts of a text an approval covers (category, tags and byline are not among them)."""

    title: str
    lead: str
    body: str


@dataclass(frozen=True)
class SaveEffect:
    """What saving a changed text at a step does to the item's approval: the SOP's own rule, for the
    service that saves and for the form that says beforehand what the save will do.

    `approval` is the text approval a change may send the item back to (None when the item holds no
    approval of its text, or the last approval before the step covered only the material); `rule`
    is the step's `reapproval`: "any-change", "title-or-lead" or "none".
    """

    approval: Step | None
    rule: str

    @property
    def may_reopen(self) -> bool:
        return self.approval is not None and self.rule != "none"

    def reopens(self, old: TextParts, new: TextParts) -> bool:
        if not self.may_reopen:
            return False
        if self.rule == "title-or-lead":
            return (old.title, old.lead) != (new.title, new.lead)
        return old != new


def save_effect(flow: Flow, number: int, *, approved: bool) -> SaveEffect:
    """The rule for a save at step `number` of an item whose text is (`approved`) or is not approved."""
    step = flow.step(number)
    before = [s for s in flow.steps if handler_of(s).approves and s.number < number]
    if not approved or not before or before[-1].approves != "text":
        return SaveEffect(None, step.reapproval)
    return SaveEffect(before[-1], step.reapproval)


def may_view(person: Person, item: Any, *, acted: bool = False) -> Decision:
    """A first-step draft is its writer's alone, unless it came back there: whoever `acted` on the item
    (finished one of its steps, e.g. the editor and approver who returned it) keeps seeing it."""
    if item.office_id != person.office_id:
        return _no(_("This item belongs to another office."))
    if item.current_step == FIRST_STEP and item.created_by_id != person.user_id and not acted:
        return _no(_("This draft belongs to another writer."))
    return Decision()


def may_write_new(person: Person, office_id: int, flow: Flow, role_name: RoleName) -> Decision:
    capacity = person.capacity(office_id, flow.first.role)
    if capacity is None:
        return _no(_("Only %(role)s may write a new item (step 1 of the SOP).") % {"role": role_name(flow.first.role)})
    return Decision(capacity)


def may_edit_text(person: Person, item: Any, flow: Flow, role_name: RoleName) -> Decision:
    if item.is_finished:
        return _no(_("This item has completed the SOP; its text can no longer be changed here."))
    step = flow.step(item.current_step)
    capacity = person.capacity(item.office_id, step.role)
    if capacity is None or not step.edits_text:
        return _no(
            _("The text can be changed only by %(role)s, at a step of writing, editing, composing or correcting.")
            % {"role": role_name(step.role)}
        )
    if not _own_draft(person, item, step):
        return _no(_("This draft belongs to another writer."))
    return Decision(capacity)


def may_take_step(person: Person, item: Any, flow: Flow, number: int, role_name: RoleName) -> Decision:
    step = flow.step(number)
    capacity = person.capacity(item.office_id, step.role)
    if capacity is None:
        return _no(_("Only %(role)s may take this step.") % {"role": role_name(step.role)})
    return Decision(capacity)


def may_complete_step(person: Person, item: Any, flow: Flow, number: int, role_name: RoleName) -> Decision:
    step = flow.step(number)
    capacity = person.capacity(item.office_id, step.role)
    if capacity is None:
        return _no(
            _("Step %(n)s (%(activity)s) is done by %(role)s.")
            % {"n": step.number, "activity": step.activity, "role": role_name(step.role)}
        )
    if not _own_draft(person, item, step):
        return _no(_("This draft belongs to another writer."))
    return _unless_own_text(person, item, step, capacity)


def may_attach_media(person: Person, item: Any, flow: Flow, role_name: RoleName) -> Decision:
    """Photos and videos follow the text's rule: the role of the current step, at a step that gathers media."""
    if person.office_id != item.office_id:
        return _no(_("This item belongs to another office."))
    if item.is_finished:
        return _no(_("This item has completed the SOP; its photos and videos can no longer be changed."))
    step = flow.step(item.current_step)
    if not handler_of(step).takes_media:
        return _no(
            _("Photos and videos are added at the writing and composing steps; this item is at step %(n)s.")
            % {"n": step.number}
        )
    capacity = person.capacity(item.office_id, step.role)
    if capacity is None:
        return _no(
            _("Photos and videos of this item are handled by %(role)s at this step.") % {"role": role_name(step.role)}
        )
    if not _own_draft(person, item, step):
        return _no(_("This draft belongs to another writer."))
    return Decision(capacity)


def may_publish_urgently(person: Person, item: Any, flow: Flow) -> Decision:
    capacity = person.first_capacity(item.office_id, urgent_roles(flow))
    if capacity is None:
        return _no(_("Only the approving or publishing role may publish urgent public information."))
    if item.published_at is not None:
        return _no(_("This item is already published."), conflict=True)
    if item.current_step == flow.first.number:
        return _no(_("A draft that has not left its writer cannot be published."), conflict=True)
    return Decision(capacity)


def may_schedule(person: Person, item: Any, flow: Flow, *, now: datetime) -> Decision:
    publish = publishing_step(flow)
    capacity = person.capacity(item.office_id, publish.role) if publish else None
    if capacity is None:
        return _no(_("Only the publishing role may schedule publication."))
    if item.published_at is not None and item.published_at <= now:
        return _no(_("This item is already published."), conflict=True)
    return Decision(capacity)


def may_take_down(person: Person, item: Any, flow: Flow) -> Decision:
    capacity = person.first_capacity(item.office_id, urgent_roles(flow))
    if capacity is None:
        return _no(_("Only the approving or publishing role may take an item off the website."))
    if item.published_at is None or item.taken_down_at is not None:
        return _no(_("This item is not on the website."), conflict=True)
    return Decision(capacity)


def may_decide_by_link(person: Person, item: Any, flow: Flow, number: int, role_name: RoleName) -> Decision:
    """An approval link or reply acts for its approver only while they still act in the step's role."""
    step = flow.step(number)
    capacity = person.capacity(item.office_id, step.role) if person.is_active else None
    if capacity is None:
        return _no(_("You no longer act as %(role)s, so this link no longer works.") % {"role": role_name(step.role)})
    return _unless_own_text(person, item, step, capacity)


def may_withdraw_links(person: Person, item: Any, flow: Flow) -> Decision:
    """The holders of the item's approving role (acting officials included) and the system administrators."""
    refused = _no(_("Only the approving role of this item or a system administrator may withdraw its approval links."))
    if person.user_id is None or not person.is_active:
        return refused
    if person.is_staff and person.office_id in (None, item.office_id):
        return Decision()
    if person.office_id != item.office_id:
        return refused
    step = approving_step(flow)
    capacity = person.capacity(item.office_id, step.role) if step else None
    return Decision(capacity) if capacity is not None else refused


def may_manage_galleries(person: Person, office_id: int | None, flow: Flow | None) -> Decision:
    """Galleries of their own (not on an item) are the publishing role's, in its own office."""
    publish = publishing_step(flow) if flow is not None else None
    capacity = person.capacity(office_id, publish.role) if publish else None
    if capacity is None:
        return _no(_("Only the publishing role may manage galleries of their own."))
    return Decision(capacity)
