"""What step 8 hears from the newsroom."""

from redaksi.newsroom.events import ItemEvent, ItemTakenDown, PublicItemChanged, StepStarted

from .cards import cards_enqueue
from .followups import offer
from .models import Followup, ShareCard, SocialAccount
from .services import accounts_sync


def on_step_started(event: StepStarted) -> None:
    """An item reached a share step: its office has every default account of the settings (rows only), and the
    worker draws the item's pictures for the networks if it has accounts there."""
    if "share" in event.step.kinds:
        accounts_sync(event.item.office)
        if SocialAccount.objects.filter(office_id=event.item.office_id, active=True).exists():
            cards_enqueue(event.item.pk)  # an office without accounts pastes links: no pictures to make


def on_text_changed(event: ItemEvent) -> None:
    """A new title may make the item's cards stale: the task looks, and draws them again only if so."""
    if ShareCard.objects.filter(item_id=event.item.pk).exists():
        cards_enqueue(event.item.pk)


def on_public_item_changed(event: PublicItemChanged) -> None:
    """A live item changed: when its text is newer than a post of it, that post is offered an update (rows only)."""
    if event.item.taken_down_at is None:
        offer(event.item, Followup.Reason.CORRECTION)


def on_item_taken_down(event: ItemTakenDown) -> None:
    """The item left the website: each of its posts is offered a delete (rows only)."""
    offer(event.item, Followup.Reason.TAKEDOWN)
