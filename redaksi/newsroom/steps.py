"""What each kind of SOP step does when it is completed: one small handler class per kind.

`step_complete` does what every step shares (the lock, the checks of who and when, the run, the next
step, the record entry) and asks the handler of the step's kind for the rest:

- `check(c)`: refuse, by raising, before anything is written;
- `record(c)`: change the item and the run's output, before the run is saved;
- `after(c)`: write what follows from the saved run.

A new kind is one class and a registration:

    @register
    class TranslateHandler(StepHandler):
        kind = "translate"

        def record(self, c: Completion) -> None:
            c.output["language"] = "en"

The class attributes answer the questions other code asks about a kind (the policy, notify), so
that no one else switches on the kind's name.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from redaksi.core.actor import Actor
from redaksi.core.errors import Conflict
from redaksi.sop import engine
from redaksi.sop.engine import Outcome, Step

from .events import publication_blockers, share_proof
from .models import Approval, NewsItem, StepRun
from .selectors import public_path


@dataclass
class Completion:
    """One completion of a step, as the handlers see it."""

    item: NewsItem
    flow: engine.Flow
    step: Step
    run: StepRun
    who: Actor
    acting_as: str  # the capacity's label: "Kepala Dinas", "Plt. Kepala Dinas", ...
    outcome: Outcome
    reason: str
    channel: str
    output: dict[str, Any]
    now: datetime
    text_hash: str  # of the item's current text


class StepHandler:
    kind: ClassVar[str] = "other"
    approves: ClassVar[bool] = False  # its decision approves the text; the approvers get a link by mail
    publishes: ClassVar[bool] = False  # completing it puts the item on the website
    corrects: ClassVar[bool] = False  # a text saved at this step is a correction, and needs a reason
    takes_media: ClassVar[bool] = False  # photos and videos are added at this step

    def check(self, c: Completion) -> None:
        """Refuse (raise Conflict, ValidationError, ...) before anything is written."""

    def record(self, c: Completion) -> None:
        """Change the item and `c.output` before the run is saved."""

    def after(self, c: Completion) -> None:
        """Write what follows from the saved run."""


_handlers: dict[str, StepHandler] = {}


def register(cls: type[StepHandler]) -> type[StepHandler]:
    _handlers[cls.kind] = cls()
    return cls


def handler_for(kind: str) -> StepHandler:
    """The handler of a kind; a kind without one of its own only moves the item on."""
    return _handlers.get(kind) or _handlers["other"]


class _Combined(StepHandler):
    """A step of several kinds ("upload and publish"): each kind's handler in the file's order, and
    every question answered yes when one of them says yes."""

    def __init__(self, handlers: tuple[StepHandler, ...]) -> None:
        self.handlers = handlers
        self.kind = "+".join(h.kind for h in handlers)  # type: ignore[misc]
        for flag in ("approves", "publishes", "corrects", "takes_media"):
            setattr(self, flag, any(getattr(h, flag) for h in handlers))

    def check(self, c: Completion) -> None:
        for handler in self.handlers:
            handler.check(c)

    def record(self, c: Completion) -> None:
        for handler in self.handlers:
            handler.record(c)

    def after(self, c: Completion) -> None:
        for handler in self.handlers:
            handler.after(c)


def handler_of(step: Step) -> StepHandler:
    """The handler of a step: its kind's, or all of its kinds' together."""
    if len(step.kinds) == 1:
        return handler_for(step.kind)
    return _Combined(tuple(handler_for(kind) for kind in step.kinds))


def kinds_where(flag: str) -> frozenset[str]:
    """The kinds whose handler says yes to `flag` (e.g. "approves")."""
    return frozenset(kind for kind, handler in _handlers.items() if getattr(handler, flag))


@register
class OtherHandler(StepHandler):
    kind = "other"


@register
class WriteHandler(StepHandler):
    kind = "write"
    takes_media = True


@register
class EditHandler(StepHandler):
    kind = "edit"


@register
class ComposeHandler(StepHandler):
    kind = "compose"
    takes_media = True


@register
class ReviewHandler(StepHandler):
    kind = "review"
    corrects = True


@register
class ApproveHandler(StepHandler):
    """The approval covers exactly the text it saw (its hash), and is kept as an Approval row."""

    kind = "approve"
    approves = True

    def record(self, c: Completion) -> None:
        item = c.item
        if c.outcome is Outcome.APPROVE:
            item.approved_revision, item.approved_text_hash = item.revision, c.text_hash
            if item.published_at is not None:
                item.public_revision = item.revision  # a live item shows the text just approved
        else:
            item.approved_revision, item.approved_text_hash = None, ""

    def after(self, c: Completion) -> None:
        person = c.who.user
        Approval.objects.create(
            item=c.item,
            step_run=c.run,
            decision=c.outcome.value,
            reason=c.reason,
            person=person,
            person_name=person.get_full_name(),
            person_nip=person.nip,
            person_jabatan=person.jabatan,
            signed_as=c.acting_as,
            channel=c.channel,
            revision=c.item.revision,
            text_hash=c.text_hash,
            decided_at=c.now,
        )


@register
class UploadHandler(StepHandler):
    kind = "upload"

    def record(self, c: Completion) -> None:
        c.item.uploaded_at = c.now


@register
class PublishHandler(StepHandler):
    kind = "publish"
    publishes = True

    def check(self, c: Completion) -> None:
        needs_approval = any(handler_of(s).approves for s in c.flow.steps)
        if needs_approval and c.item.approved_text_hash != c.text_hash:
            raise Conflict(_("The current text has not been approved, so it cannot be published."))
        blockers = publication_blockers(c.item)
        if blockers:
            raise ValidationError(blockers)

    def record(self, c: Completion) -> None:
        item = c.item
        if item.taken_down_at is not None:
            # Published again after a takedown (it was urgent information): on purpose, and on record.
            c.output["republished_after_takedown"] = {
                "taken_down_at": item.taken_down_at.isoformat(),
                "reason": item.takedown_reason,
            }
            item.taken_down_at, item.takedown_reason = None, ""
        if item.published_at is None:
            item.published_at = item.publish_at if item.publish_at and item.publish_at > c.now else c.now
        item.public_revision = item.revision
        c.output["published_at"] = item.published_at.isoformat()
        c.output["public_path"] = public_path(item)


@register
class ShareHandler(StepHandler):
    """The posts where the item was shared. With the office's accounts connected (the social app answers
    `share_proof`), every required account must have its post; without any, the pasted links are the proof."""

    kind = "share"

    def check(self, c: Completion) -> None:
        if c.outcome != Outcome.DONE:
            return
        proof = share_proof(c.item)
        if proof is None:
            # The step's output is the shared links: without one the step was not done, whatever the form said.
            if not c.output.get("links"):
                raise ValidationError(
                    {"links": _("Give the address of at least one post where the item was shared, one per line.")}
                )
            return
        posts, missing = proof
        if missing:
            raise ValidationError(
                _(
                    "These accounts have no post yet: %(accounts)s. "
                    "Send them, or paste the address for a manual network."
                )
                % {"accounts": ", ".join(missing)}
            )
        if not posts:
            raise ValidationError(_("Share the item to at least one account before finishing the step."))

    def record(self, c: Completion) -> None:
        proof = share_proof(c.item) if c.outcome == Outcome.DONE else None
        if proof is not None:
            c.output["posts"] = [{k: str(v)[:500] for k, v in post.items()} for post in proof[0]]
            c.output["links"] = [post["url"] for post in c.output["posts"] if post.get("url")]
        links = [str(link)[:500] for link in c.output.get("links", [])]
        c.item.share_links = links
        c.output["links"] = links
