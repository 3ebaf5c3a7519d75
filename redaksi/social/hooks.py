"""What step 8 hears from the newsroom."""

from redaksi.newsroom.events import StepStarted

from .services import accounts_sync


def on_step_started(event: StepStarted) -> None:
    """An item reached a share step: its office has every default account of the settings (rows only)."""
    if "share" in event.step.kinds:
        accounts_sync(event.item.office)
