"""What to redraw when an item changes, and the full rebuild: the same page kinds asked two questions.

A publish redraws a bounded set of files: the item, the front and newest page of each listing that
names it (all news, its category, its tags, its month), the year and archive pages, the home page,
the feeds and the sitemaps. Pages older than the item's own never change. A rebuild asks every kind
for all its pages and skips those whose inputs have not changed since it last drew them.
"""

import contextlib
import json
import logging
import math
import os
import time
from collections.abc import Callable
from pathlib import Path

from django.db import transaction
from django.utils.translation import override

from redaksi.accounts.models import Office
from redaksi.core.stemming import index_text
from redaksi.media import public_selectors
from redaksi.media.models import Gallery
from redaksi.media.selectors import gallery_photos
from redaksi.newsroom.models import Category, NewsItem, Tag
from redaksi.newsroom.selectors import as_public

from .. import site
from ..models import RenderedGallery, RenderedItem, SearchEntry
from . import collections, files, fingerprints, kinds, layout, media, pages
from .everything import Everything
from .files import Page, Writer
from .kinds import Build, Change

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]


def _memberships(office: Office, item: NewsItem) -> dict[str, layout.Listing]:
    listings = [layout.all_news(), layout.month_listing(*layout.local_month(item.published_at))]
    if item.category_id:
        listings.append(layout.category_listing(item.category))
    listings += [layout.tag_listing(t) for t in item.tags.all()]
    return {listing.url: listing for listing in listings}


def _previous_memberships(previous: RenderedItem | None) -> dict[str, layout.Listing]:
    if previous is None or not previous.live:
        return {}
    listings = [layout.all_news(), layout.month_listing(*layout.local_month(previous.published_at))]
    if previous.category_id:
        category = Category.objects.filter(pk=previous.category_id).first()
        if category:
            listings.append(layout.category_listing(category))
    listings += [layout.tag_listing(t) for t in Tag.objects.filter(pk__in=previous.tag_ids)]
    return {listing.url: listing for listing in listings}


def render_item(item_id: int, writer: Writer | None = None) -> Writer:
    """Bring the public folder up to date with one item (published, changed, rescheduled or taken down)."""
    writer = writer or Writer()
    with files.render_lock(), override("id"):
        item = pages.item_for_render(item_id)
        office = site.site_office()
        if item is None or office is None or item.office_id != office.pk:
            return writer
        live = layout.public_items(office).filter(pk=item.pk).exists()
        previous = RenderedItem.objects.filter(item_id=item.pk).first()
        if not live and previous is None and item.taken_down_at is None:
            return writer  # never public, nothing to do (a scheduled item waits for its time)
        change = _change(office, item, live, previous)
        if live:
            media.copy_set(writer, change.media_set)
        new_keys = change.media_set.keys() if live else set()
        old_keys = set(previous.media_keys) if previous is not None else set()
        build = Build(office, pages.base_context(office), writer)
        for kind in kinds.KINDS:
            build.emit(kind.touched(build, change))
        media.release(writer, old_keys - new_keys)  # after a takedown: its photos leave the site
        _record(office, item, live, previous, sorted(new_keys))
    from redaksi.public import scanning  # the pages just written, as readers will get them

    scanning.scan_written(writer.written)
    return writer


def _change(office: Office, item: NewsItem, live: bool, previous: RenderedItem | None) -> Change:
    media_set = public_selectors.item_media_sets([item.pk]).get(item.pk) if live else None
    media_set = media_set or public_selectors.ItemMediaSet()
    change = Change(
        item,
        live,
        previous,
        memberships=_memberships(office, item) if live else {},
        former=_previous_memberships(previous),
        media_set=media_set,
    )
    change.all_months = _months(office, change.months | _item_months(item, previous))
    old_keys = previous.media_keys if previous is not None else []
    if media_set.keys() or old_keys or media_set.videos or media_set.galleries or _had_collections(item):
        change.collections_since = min(filter(None, [item.published_at, previous.published_at if previous else None]))
    return change


MONTHS_FILE = ".months.json"  # (year, month, count) of every month with news: a publish updates its own month


def _item_months(item: NewsItem, previous) -> set[tuple[int, int]]:
    moments = [item.published_at, previous.published_at if previous else None]
    return {layout.local_month(m) for m in moments if m is not None}


def _months(office: Office, changed: set[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Month counts for the archive and sitemaps without grouping every item on each publish.

    Counting all months truncates 100,000 dates (a second in SQLite); a publish changes one or two months,
    which are counted by their range on the (office, published_at) index. The full rebuild writes the list.
    """
    path = files.root() / MONTHS_FILE
    try:
        stored = {(y, m): n for y, m, n in json.loads(path.read_text())}
    except (FileNotFoundError, ValueError, TypeError):
        return _save_months(pages.months(office))
    for y, m in changed:
        stored[(y, m)] = layout.month_listing(y, m).items(office).count()
    return _save_months(sorted(((y, m, n) for (y, m), n in stored.items() if n), reverse=True))


def _save_months(rows: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    files.write_atomic(files.root() / MONTHS_FILE, json.dumps(rows).encode(), durable=False)
    return [tuple(r) for r in rows]


def _had_collections(item: NewsItem) -> bool:
    """A YouTube video or a gallery leaves no files behind, but it is on the Video or Galeri Foto page."""
    return Gallery.objects.filter(item=item).exists() or item.media_links.filter(video__isnull=False).exists()


@transaction.atomic
def _record(office: Office, item: NewsItem, live: bool, previous, media_keys: list[str]) -> None:
    if live:
        RenderedItem.objects.update_or_create(
            item_id=item.pk,
            defaults={
                "office": office,
                "path": layout.item_url(item),
                "published_at": item.published_at,
                "category_id": item.category_id,
                "tag_ids": sorted(t.pk for t in item.tags.all()),
                "live": True,
                "media_keys": media_keys,
            },
        )
        text = _search_text(item)
        SearchEntry.objects.update_or_create(
            item_id=item.pk,
            defaults={
                "office": office,
                "published_at": item.published_at,
                "title": item.title,
                "text": text,
                "stems": index_text(f"{item.title} {text}"),
            },
        )
    else:
        if previous is not None:
            RenderedItem.objects.filter(item_id=item.pk).update(live=False, path=layout.item_url(item), media_keys=[])
        SearchEntry.objects.filter(item_id=item.pk).delete()


def _search_entry(item: NewsItem, office: Office) -> SearchEntry:
    title, text = as_public(item).title, _search_text(item)
    return SearchEntry(
        item_id=item.pk,
        office=office,
        published_at=item.published_at,
        title=title,
        text=text,
        stems=index_text(f"{title} {text}"),
    )


def _search_text(item: NewsItem) -> str:
    item = as_public(item)
    return " ".join(filter(None, [item.lead, pages.plain_text(item.body), item.place, item.byline]))[:100_000]


def render_home(office: Office | None = None) -> Writer:
    """Only the home page: after Berita Terpopuler is recomputed."""
    writer = Writer()
    office = office or site.site_office()
    if office is None:
        return writer
    with files.render_lock(), override("id"):
        writer.write(files.file_for(layout.HOME), pages.home(office))
    return writer


def render_due() -> int:
    """Render scheduled items whose time has come and that the site does not show yet; catch up galleries."""
    office = site.site_office()
    if office is None:
        return 0
    rendered = RenderedItem.objects.filter(live=True).values("item_id")
    due = list(
        layout.public_items(office).exclude(pk__in=rendered).order_by("published_at").values_list("pk", flat=True)
    )
    for pk in due:
        render_item(pk)
    return len(due) + sync_galleries(office)


def sync_galleries(office: Office) -> int:
    """Render galleries of their own whose publication the site has not followed yet (either way)."""
    from redaksi.media.selectors import published_galleries

    public = set(published_galleries().filter(office=office).values_list("pk", flat=True))
    shown = set(RenderedGallery.objects.filter(office=office, live=True).values_list("gallery_id", flat=True))
    changed = sorted(public ^ shown)
    for pk in changed:
        render_gallery(pk)
    return len(changed)


def render_gallery(gallery_id: int, writer: Writer | None = None) -> Writer:
    """Bring the site up to date with a gallery of its own: published, changed, or taken off."""
    writer = writer or Writer()
    with files.render_lock(), override("id"):
        office = site.site_office()
        gallery = Gallery.objects.filter(pk=gallery_id, item__isnull=True).first()
        if office is None or gallery is None or gallery.office_id != office.pk:
            return writer
        previous = RenderedGallery.objects.filter(gallery_id=gallery.pk).first()
        photos = gallery_photos(gallery)  # empty unless public
        live = bool(photos)
        if not live and previous is None:
            return writer
        build = Build(office, pages.base_context(office), writer)
        if previous is not None and previous.path != layout.gallery_url(gallery):
            writer.remove(files.file_for(previous.path))
        build.emit(_gallery_pages(build, gallery, photos))
        keys = {p.key.hex for p in photos}
        media.release(writer, set(previous.media_keys if previous else []) - keys)
        moments = [gallery.published_at, previous.published_at if previous else None]
        build.emit(collections.all_collection_pages(office, build.base, min(filter(None, moments), default=None)))
        build.emit([Page(files.file_for(layout.HOME), lambda: pages.home(office, build.base))])
        _record_gallery(office, gallery, photos)
    return writer


def _gallery_pages(build: Build, gallery: Gallery, photos: list) -> list[Page]:
    """A gallery of its own: its page while it has public photos, a tombstone (410) after."""
    rel = files.file_for(layout.gallery_url(gallery))
    tombstone = f"{Path(rel).parent}/{files.TOMBSTONE}"
    if not photos:
        return [Page(rel, None), Page(tombstone, lambda: "gallery")]
    for photo in photos:
        media.copy_photo(build.writer, photo)
    draw = lambda: collections.gallery_page(gallery, photos, build.office, build.base)  # noqa: E731
    return [Page(tombstone, None), Page(rel, draw)]


def _record_gallery(office: Office, gallery: Gallery, photos: list) -> None:
    RenderedGallery.objects.update_or_create(
        gallery_id=gallery.pk,
        defaults={
            "office": office,
            "path": layout.gallery_url(gallery),
            "published_at": gallery.published_at if photos else None,
            "media_keys": sorted(p.key.hex for p in photos),
            "live": bool(photos),
        },
    )


def rebuild(progress: Progress | None = None) -> Writer:
    """Render the whole site from the database, then remove files no page owns any more."""
    writer = Writer(durable=False)
    office = site.site_office()
    if office is None:
        return writer
    report = progress or (lambda _stage, _done, _total: None)
    with files.render_lock(), override("id"):
        build = Build(office, pages.base_context(office), writer, fingerprints.Store())
        build.version = fingerprints.render_version(pages.error_page(office, 404, build.base))  # shared parts
        everything = Everything(office)
        _save_months(everything.months)
        steps = len(everything.items) + sum(pages.listing_pages(len(cards)) + 1 for _l, cards in everything.listings)
        report("items", 0, steps)
        for kind in kinds.KINDS:
            stage = type(kind).__name__.lower()
            for done, page in enumerate(kind.every(build, everything), start=1):
                build.emit([page])
                if done % 500 == 0:
                    report(stage, min(len(writer.written) + len(writer.unchanged), steps), steps)
        _rebuild_galleries(build)
        _reindex(office, everything)
        build.store.save()
        _sweep(writer)
        report("done", steps, steps)
    return writer


def _rebuild_galleries(build: Build) -> None:
    from redaksi.media.selectors import published_galleries

    seen = set()
    for gallery in published_galleries().filter(office=build.office):
        photos = gallery_photos(gallery)
        if photos:
            build.emit(_gallery_pages(build, gallery, photos)[1:])
            seen.add(gallery.pk)
            _record_gallery(build.office, gallery, photos)
    for gone in RenderedGallery.objects.filter(office=build.office).exclude(gallery_id__in=seen):
        build.writer.write(f"{Path(files.file_for(gone.path)).parent}/{files.TOMBSTONE}", "gallery")
        RenderedGallery.objects.filter(pk=gone.pk).update(live=False, media_keys=[], published_at=None)


@transaction.atomic
def _reindex(office: Office, everything: Everything) -> None:
    """Bring the rows of what the site shows and the search index in line, touching only what changed."""
    fields = ["path", "published_at", "category_id", "tag_ids", "media_keys", "live"]
    wanted = {
        i.pk: (
            everything.urls[i.pk],
            i.published_at,
            i.category_id,
            sorted(everything.tags_of.get(i.pk, [])),
            everything.media_keys.get(i.pk, []),
            True,
        )
        for i in everything.items
    }
    rows = {r[0]: r[1:] for r in RenderedItem.objects.filter(office=office).values_list("item_id", *fields)}
    RenderedItem.objects.filter(item_id__in=rows.keys() - wanted.keys()).delete()
    differ = [pk for pk, values in wanted.items() if rows.get(pk) != values]
    made = [RenderedItem(item_id=pk, office=office, **dict(zip(fields, wanted[pk], strict=True))) for pk in differ]
    RenderedItem.objects.bulk_update([r for r in made if r.item_id in rows], fields, batch_size=500)
    RenderedItem.objects.bulk_create([r for r in made if r.item_id not in rows], batch_size=1000)
    indexed = set(SearchEntry.objects.filter(office=office).values_list("item_id", flat=True))
    SearchEntry.objects.filter(item_id__in=indexed - wanted.keys()).delete()
    stale = [i for i in everything.items if i.pk not in indexed or i.pk in everything.drawn]
    SearchEntry.objects.filter(item_id__in=[i.pk for i in stale]).delete()
    for start in range(0, len(stale), 1000):
        SearchEntry.objects.bulk_create(_search_entry(i, office) for i in stale[start : start + 1000])


def _sweep(writer: Writer) -> None:
    """Remove pages that no longer belong to the site (items unpublished while the renderer was away).

    A media copy whose source the media storage could not find is kept: "not found" after a storage switch
    must not take live photos off the site.
    """
    kept = set(writer.missing_source)
    keep = set(writer.written) | set(writer.unchanged) | set(writer.skipped) | kept
    root = str(files.root())
    for folder, dirs, names in os.walk(root):
        rel_folder = folder[len(root) + 1 :]
        if rel_folder == "aset":
            dirs[:] = []
            continue
        for name in names:
            rel = f"{rel_folder}/{name}" if rel_folder else name
            if rel in keep or name.startswith("."):
                continue
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(root, rel))
                writer.removed.append(rel)
    if kept:
        log.warning("public rebuild: %d media files kept on the site although their source is missing", len(kept))


def eta(started: float, done: int, total: int) -> float:
    elapsed = time.monotonic() - started
    return math.inf if done == 0 else elapsed / done * (total - done)
