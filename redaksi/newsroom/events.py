"""What the newsroom announces, and the questions it asks the apps above it.

The newsroom imports none of its listeners: media, notify and public subscribe in their
`AppConfig.ready()` (`redaksi.core.events.subscribe`) and record intent only. Events are dispatched
inside the service's transaction, after the item is saved, so a subscriber sees the new state.

    from redaksi.core import events
    from redaksi.newsroom.events import StepStarted

    class MonitoringConfig(AppConfig):
        def ready(self):
            events.subscribe(StepStarted, lambda event: ..., order=50)
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from redaksi.accounts.models import Role
from redaksi.core.actor import Actor
from redaksi.sop.engine import Outcome, Step

from .models import NewsItem, StepRun


@dataclass(frozen=True)
class ItemEvent:
    item: NewsItem
    actor: Actor


@dataclass(frozen=True)
class ItemCreated(ItemEvent):
    source: str  # "desk" or "word"


@dataclass(frozen=True)
class StepStarted(ItemEvent):
    """A step became available to its role: a new draft, a handoff, a return, or the approval step."""

    run: StepRun
    step: Step


@dataclass(frozen=True)
class StepReassigned(ItemEvent):
    """A new SOP version in force gives the item's open step to another role: `run` now waits for `run.role`
    (the matching step's performer, or the coordinating role when that version no longer has the step)."""

    run: StepRun
    step: Step
    previous_role: Role
    version_number: int  # the version now in force


@dataclass(frozen=True)
class StepCompleted(ItemEvent):
    run: StepRun
    step: Step
    outcome: Outcome
    next_step: int | None


@dataclass(frozen=True)
class TextChanged(ItemEvent):
    """A new revision of the text (an edit or a correction)."""

    revision: int
    reopened_approval: bool


# What the public site hears. Exactly one of them per change of an item that has been on the website
# (published, scheduled, or taken down since): the page and the lists that name it are rendered again.


@dataclass(frozen=True)
class PublicItemEvent(ItemEvent):
    pass


@dataclass(frozen=True)
class ItemPublished(PublicItemEvent):
    urgent: bool  # informasi serta merta: before approval, on record


@dataclass(frozen=True)
class ItemTakenDown(PublicItemEvent):
    reason: str


@dataclass(frozen=True)
class PublicItemChanged(PublicItemEvent):
    """An item that has been on the website changed: its text, its step, or its publication time."""


# Questions, not events: the newsroom asks, and each registered answer contributes.

PublicationCheck = Callable[[NewsItem], list[str]]
_publication_checks: list[PublicationCheck] = []


def add_publication_check(check: PublicationCheck) -> None:
    """`check(item)` returns reasons, in the user's language, why the item may not be published now."""
    if check not in _publication_checks:
        _publication_checks.append(check)


def publication_blockers(item: NewsItem) -> list[str]:
    return [reason for check in _publication_checks for reason in check(item)]


# The pictures of a Word document go where the media app keeps photos. Without it they are left out.
PictureIntake = Callable[..., Any]  # (actor=, item_id=, fileobj: IO[bytes], filename=, size=) -> any
_picture_intake: list[PictureIntake] = []


def set_picture_intake(intake: PictureIntake) -> None:
    _picture_intake[:] = [intake]


def take_picture(*, actor: Actor, item_id: int, fileobj: IO[bytes], filename: str, size: int) -> bool:
    """Hand one picture to the app that keeps photos; False when no app takes pictures."""
    if not _picture_intake:
        return False
    _picture_intake[0](actor=actor, item_id=item_id, fileobj=fileobj, filename=filename, size=size)
    return True


# What other apps show on the desk (e.g. notify's warning that the website has gone quiet): each
# provider gives template variables for the desk of an office.
DeskContext = Callable[[Any], dict[str, Any]]
_desk_context: list[DeskContext] = []


def add_desk_context(provider: DeskContext) -> None:
    if provider not in _desk_context:
        _desk_context.append(provider)


def desk_context(office: Any) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for provider in _desk_context:
        context.update(provider(office))
    return context


# How the website would show an item before it is public (the desk's "Pratinjau di website"): the
# public app draws it with its own article template. Without it the desk shows a plain preview.
PreviewRenderer = Callable[..., str]  # (item, *, back_url: str) -> the page's HTML
_preview_renderer: list[PreviewRenderer] = []


def set_preview_renderer(renderer: PreviewRenderer) -> None:
    _preview_renderer[:] = [renderer]


def preview_page(item: NewsItem, *, back_url: str) -> str | None:
    """The item's page as the website would show it, or None when no app draws the website."""
    if not _preview_renderer:
        return None
    return _preview_renderer[0](item, back_url=back_url)


# The proof of a share step (step 8): the app that posts to the networks answers, for an item,
# (the posts made, each a dict with at least "url"; the required accounts still without a post), or
# None when the office has no accounts: the step then takes pasted links, as before.
ShareProof = Callable[[NewsItem], tuple[list[dict[str, Any]], list[str]] | None]
_share_proof: list[ShareProof] = []


def set_share_proof(provider: ShareProof) -> None:
    _share_proof[:] = [provider]


def share_proof(item: NewsItem) -> tuple[list[dict[str, Any]], list[str]] | None:
    return _share_proof[0](item) if _share_proof else None
