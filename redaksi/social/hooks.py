"""What step 8 hears from the newsroom."""

from redaksi.newsroom.events import ItemTakenDown, PublicItemChanged, StepStarted

from .followups import offer
from .models import Followup
from .services import accounts_sync


def on_step_started(event: StepStarted) -> None:
    """An item reached a share step: its office has every default account of the settings (rows only)."""
    if "share" in event.step.kinds:
        accounts_sync(event.item.office)


def on_public_item_changed(event: PublicItemChanged) -> None:
    """A live item changed: when its text is newer than a post of it, that post is offered an update (rows only)."""
    if event.item.taken_down_at is None:
        offer(event.item, Followup.Reason.CORRECTION)


def on_item_taken_down(event: ItemTakenDown) -> None:
    """The item left the website: each of its posts is offered a delete (rows only)."""
    offer(event.item, Followup.Reason.TAKEDOWN)
