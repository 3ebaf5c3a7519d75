"""What media announces. The public site subscribes in its `AppConfig.ready()`; media imports no listener."""

from dataclasses import dataclass

from redaksi.core.actor import Actor

from .models import Gallery


@dataclass(frozen=True)
class GalleryChanged:
    """A gallery of its own was published, changed while public, or taken off the website.

    (A gallery on a news item goes with its item: the newsroom's events cover it.)
    """

    gallery: Gallery
    actor: Actor
