"""What the sop app announces: the apps above it (the newsroom) subscribe in their `AppConfig.ready()`."""

from dataclasses import dataclass

from redaksi.core.actor import Actor

from .models import SopVersion


@dataclass(frozen=True)
class SopVersionLoaded:
    """A new version of a SOP is in force. Dispatched inside the loading transaction; `previous` is the
    version it replaces (None for a first version)."""

    version: SopVersion
    previous: SopVersion | None
    actor: Actor
