"""Background work of the public site: rendering after commit, flushing read counts, ranking."""

import logging
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from redaksi.accounts.models import Office
from redaksi.newsroom.selectors import published_items

from . import counter, site
from .render import engine

logger = logging.getLogger(__name__)
FLUSH_EVERY = timedelta(seconds=60)
POPULAR_EVERY = 15 * 60


# Ahead of mail and PDF work in the same queue where the backend supports it (see enqueue_render):
# a publish should be live within a second.
RENDER_PRIORITY = 50


@task()
def render_item(item_id: int) -> list[str]:
    writer = engine.render_item(item_id)
    logger.info("public: item %s rendered, %s files written", item_id, len(writer.written))
    return writer.touched


@task()
def render_gallery(gallery_id: int) -> list[str]:
    writer = engine.render_gallery(gallery_id)
    logger.info("public: gallery %s rendered, %s files written", gallery_id, len(writer.written))
    return writer.touched


@task()
def rebuild_site() -> int:
    return len(engine.rebuild().written)


@task()
def flush_views() -> int:
    moved = counter.flush()
    office = site.site_office()
    # Ranking is cheap but not free: at most every POPULAR_EVERY seconds, and only then the home page.
    if office is not None and cache.add("public:popular:lock", 1, POPULAR_EVERY):
        recompute_popular(office)
    return moved


def recompute_popular(office: Office) -> bool:
    changed = counter.popular_recompute(office)
    if changed:
        engine.render_home(office)
    return changed


def _defer(task_obj, run_after, *args):
    if not task_obj.get_backend().supports_defer:
        return None
    return task_obj.using(run_after=run_after).enqueue(*args)


def enqueue_render(item_id: int) -> None:
    """Render an item soon: first in line on backends with priorities (the database queue, also production's)."""
    if render_item.get_backend().supports_priority:
        render_item.using(priority=RENDER_PRIORITY).enqueue(item_id)
    else:
        render_item.enqueue(item_id)


def render_later(item_id: int, when) -> None:
    _defer(render_item, when, item_id)


def schedule_flush() -> None:
    """The first read of a generation books the next flush; tests and cron may flush by command."""
    try:
        _defer(flush_views, timezone.now() + FLUSH_EVERY)
    except Exception:  # a full queue must never break a reader's page
        logger.exception("public: could not book the read-count flush")


def is_public(office: Office, item_id: int) -> bool:
    key = f"public:live:{item_id}"
    value = cache.get(key)
    if value is None:
        value = published_items().filter(office=office, pk=item_id).exists()
        cache.set(key, value, 60)
    return bool(value)


@task()
def scan_site() -> int:
    from . import scanning

    return len(scanning.scan_site())
