"""What the public site does when the newsroom or media announce a change: subscribed in `PublicConfig.ready()`.

Called inside the announcing transaction; each records only an after-commit render.
"""

import logging

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from redaksi.newsroom.models import NewsItem

logger = logging.getLogger(__name__)


def item_changed(item: NewsItem) -> None:
    """An item was published, changed while public, scheduled or taken down: re-render after commit."""
    from . import tasks

    item_id = item.pk
    due = item.published_at

    def enqueue() -> None:
        cache.delete(f"public:live:{item_id}")
        try:
            tasks.enqueue_render(item_id)
            if due is not None and due > timezone.now():
                # A scheduled item goes live at its time; `public_sync` catches it if the queue cannot wait.
                tasks.render_later(item_id, due)
        except Exception:
            # The change is committed; a queue that is down must not turn it into an error page or
            # leave the site stale: render here instead (local files only), and say so in the log.
            logger.exception("public: could not queue the render of item %s; rendering it now", item_id)
            try:
                from .render import engine

                engine.render_item(item_id)
            except Exception:
                logger.exception("public: rendering item %s in the request failed too", item_id)

    transaction.on_commit(enqueue)


def gallery_changed(gallery) -> None:
    """A gallery of its own was published, changed while public, or taken off: re-render after commit.

    (A gallery on a news item goes with its item: call `item_changed(item)` for it.)
    """
    from . import tasks

    gallery_id = gallery.pk
    transaction.on_commit(lambda: tasks.render_gallery.enqueue(gallery_id))


def on_item_event(event) -> None:
    """A `newsroom.events.PublicItemEvent`: published, taken down, or changed while on the website."""
    item_changed(event.item)


def on_gallery_changed(event) -> None:
    """A `media.events.GalleryChanged`."""
    gallery_changed(event.gallery)
