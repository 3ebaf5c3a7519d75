"""What to redraw when an item changes, and the full rebuild.

A publish redraws a bounded set of files: the item, the front and newest page of each listing that
names it (all news, its category, its tags, its month), the year and archive pages, the home page,
the feeds and the sitemaps. Pages older than the item's own never change.
"""

import contextlib
import math
import time
from collections import defaultdict
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
from ..models import ItemViews, RenderedGallery, RenderedItem, SearchEntry
from . import collections, feeds, files, layout, media, pages
from .files import Writer

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


def _write_listing(
    writer: Writer, office: Office, base: dict, listing: layout.Listing, numbers: set[int], total: int
) -> None:
    last = pages.listing_pages(total)
    writer.write(files.file_for(listing.url), pages.listing_front(listing, office, total, base))
    for number in sorted(numbers):
        rel = files.file_for(listing.page_url(number))
        if number > last:
            writer.remove(rel)  # the listing lost its newest page
        else:
            writer.write(rel, pages.listing_page(listing, office, number, total, base))
    if listing.kind == "category":
        category = Category.objects.get(pk=listing.key[0])
        for kind in ("rss", "atom"):
            writer.write(files.file_for(f"{listing.url}{kind}.xml"), feeds.feed(office, kind, category))


def _pages_to_redraw(
    office: Office, listing, item: NewsItem, moment, *, stays: bool, added: bool
) -> tuple[set[int], int]:
    """The page numbers to redraw, and the listing's total."""
    n = site.page_size()
    total = listing.items(office).count()
    pos = layout.position(listing, office, moment, item.pk)
    own = pos // n + 1
    if stays:
        return {own}, total  # same place in the list: only its own page shows a new title or lead
    last = pages.listing_pages(total)
    numbers = set(range(own, last + 1))
    if added and total % n == 1 and last > 1:
        numbers.add(last - 1)  # the old newest page gains its "newer" link
    if not added:
        numbers.update(range(last + 1, pages.listing_pages(total + 1) + 1))
    return numbers, total


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
        base = pages.base_context(office)
        new = _memberships(office, item) if live else {}
        old = _previous_memberships(previous)
        months: set[tuple[int, int]] = set()
        for url in new.keys() | old.keys():
            listing = new.get(url) or old[url]
            moment = item.published_at if url in new else previous.published_at
            stays = url in new and url in old and previous.published_at == item.published_at
            numbers, total = _pages_to_redraw(
                office, listing, item, moment, stays=stays, added=url in new and not stays
            )
            _write_listing(writer, office, base, listing, numbers, total)
            if listing.kind == "month":
                months.add(listing.key)
        media_set = public_selectors.item_media_sets([item.pk]).get(item.pk) if live else None
        media_set = media_set or public_selectors.ItemMediaSet()
        if live:
            media.copy_set(writer, media_set)
        new_keys = media_set.keys() if live else set()
        old_keys = set(previous.media_keys) if previous is not None else set()
        _write_item(writer, office, base, item, live, previous, media_set)
        media.release(writer, old_keys - new_keys)  # after a takedown: its photos leave the site
        if new_keys or old_keys or media_set.videos or media_set.galleries or _had_collections(item):
            since = min(filter(None, [item.published_at, previous.published_at if previous else None]))
            collections.write_collections(writer, office, base, since)
        for follower in _followers(office, item, previous):
            writer.write(files.file_for(layout.item_url(follower)), pages.article(follower, office, base))
        all_months = _months(office, months | _item_months(item, previous))
        writer.write(files.file_for(layout.HOME), pages.home(office, base))
        writer.write(files.file_for(layout.CATEGORIES), pages.categories(office, base))
        if months:
            writer.write(files.file_for(layout.ARCHIVE), pages.archive(office, all_months, base))
            for year in {y for y, _m in months}:
                writer.write(files.file_for(layout.year_url(year)), pages.year(office, year, all_months, base))
            for y, m in months:
                writer.write(files.file_for(layout.month_sitemap_url(y, m)), feeds.month_sitemap(office, y, m))
        _write_site_files(writer, office, all_months)
        if not (files.root() / "404.html").exists():
            write_fixed_pages(writer, office, base)
            writer.write(files.file_for(layout.PROFILE), pages.profile(office, base))
        _record(office, item, live, previous, sorted(new_keys))
    return writer


MONTHS_FILE = ".months.json"  # (year, month, count) of every month with news: a publish updates its own month


def _item_months(item: NewsItem, previous) -> set[tuple[int, int]]:
    moments = [item.published_at, previous.published_at if previous else None]
    return {layout.local_month(m) for m in moments if m is not None}


def _months(office: Office, changed: set[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Month counts for the archive and sitemaps without grouping every item on each publish.

    Counting all months truncates 100,000 dates (a second in SQLite); a publish changes one or two months,
    which are counted by their range on the (office, published_at) index. The full rebuild writes the list.
    """
    import json

    path = files.root() / MONTHS_FILE
    try:
        stored = {(y, m): n for y, m, n in json.loads(path.read_text())}
    except (FileNotFoundError, ValueError, TypeError):
        return _save_months(pages.months(office))
    for y, m in changed:
        stored[(y, m)] = layout.month_listing(y, m).items(office).count()
    return _save_months(sorted(((y, m, n) for (y, m), n in stored.items() if n), reverse=True))


def _save_months(rows: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    import json

    files.write_atomic(files.root() / MONTHS_FILE, json.dumps(rows).encode(), durable=False)
    return [tuple(r) for r in rows]


def _had_collections(item: NewsItem) -> bool:
    """A YouTube video or a gallery leaves no files behind, but it is on the Video or Galeri Foto page."""
    return Gallery.objects.filter(item=item).exists() or item.media_links.filter(video__isnull=False).exists()


def _write_item(writer: Writer, office: Office, base: dict, item: NewsItem, live: bool, previous, media_set) -> None:
    rel = files.file_for(layout.item_url(item))
    folder = str(Path(rel).parent)
    if previous is not None and previous.path != layout.item_url(item):
        writer.remove(files.file_for(previous.path))
    if live:
        writer.remove(f"{folder}/{files.TOMBSTONE}")
        writer.write(rel, pages.article(item, office, base, media_set))
        return
    writer.remove(rel)
    if item.taken_down_at is not None:
        writer.write(f"{folder}/{files.TOMBSTONE}", item.taken_down_at.isoformat())


def _followers(office: Office, item: NewsItem, previous) -> list[NewsItem]:
    """Items whose "related news" may name this one: the next few of its category."""
    category_ids = {item.category_id, previous.category_id if previous else None} - {None}
    moment = previous.published_at if previous else item.published_at
    found: list[NewsItem] = []
    for category_id in category_ids:
        qs = layout.public_items(office).filter(category_id=category_id, published_at__gte=moment).exclude(pk=item.pk)
        for follower in qs.order_by("published_at", "pk")[:4]:
            found.append(pages.item_for_render(follower.pk))
    return [f for f in found if f is not None]


def _write_site_files(writer: Writer, office: Office, all_months: list) -> None:
    for kind, url in (("rss", layout.RSS), ("atom", layout.ATOM)):
        writer.write(files.file_for(url), feeds.feed(office, kind))
    writer.write(files.file_for(layout.SITEMAP), feeds.sitemap_index(all_months))
    writer.write(files.file_for(layout.SITEMAP_PAGES), feeds.pages_sitemap(office, all_months))
    writer.write(files.file_for(layout.SITEMAP_NEWS), feeds.news_sitemap(office))


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
        base = pages.base_context(office)
        rel = files.file_for(layout.gallery_url(gallery))
        if previous is not None and previous.path != layout.gallery_url(gallery):
            writer.remove(files.file_for(previous.path))
        keys = {p.key.hex for p in photos}
        if live:
            for photo in photos:
                media.copy_photo(writer, photo)
            writer.remove(f"{Path(rel).parent}/{files.TOMBSTONE}")
            writer.write(rel, collections.gallery_page(gallery, photos, office, base))
        else:
            writer.remove(rel)
            writer.write(f"{Path(rel).parent}/{files.TOMBSTONE}", "gallery")
        media.release(writer, set(previous.media_keys if previous else []) - keys)
        moments = [gallery.published_at, previous.published_at if previous else None]
        collections.write_collections(writer, office, base, min(filter(None, moments), default=None))
        writer.write(files.file_for(layout.HOME), pages.home(office, base))
        RenderedGallery.objects.update_or_create(
            gallery_id=gallery.pk,
            defaults={
                "office": office,
                "path": layout.gallery_url(gallery),
                "published_at": gallery.published_at if live else None,
                "media_keys": sorted(keys),
                "live": live,
            },
        )
    return writer


def rebuild(progress: Progress | None = None) -> Writer:
    """Render the whole site from the database, then remove files no page owns any more."""
    writer = Writer(durable=False)
    office = site.site_office()
    if office is None:
        return writer
    report = progress or (lambda _stage, _done, _total: None)
    with files.render_lock(), override("id"):
        base = pages.base_context(office)
        items = list(layout.public_items(office).select_related("category").order_by("published_at", "pk"))
        leads = public_selectors.all_lead_photos(office.pk)
        ordered = [pages.card(i, leads.get(i.pk)) for i in items]
        by_pk = {c.pk: c for c in ordered}
        tags_of: dict[int, list[int]] = defaultdict(list)
        for item_id, tag_id in NewsItem.tags.through.objects.filter(newsitem_id__in=by_pk).values_list(
            "newsitem_id", "tag_id"
        ):
            tags_of[item_id].append(tag_id)
        listings = _group(office, ordered, tags_of)
        related_of = _related(ordered)
        views = dict(ItemViews.objects.filter(item_id__in=by_pk).values_list("item_id", "total"))
        with_media = public_selectors.items_with_media(office.pk)
        media_keys: dict[int, list[str]] = {}
        total_pages = sum(pages.listing_pages(len(cards)) + 1 for _l, cards in listings)
        steps = len(items) + total_pages
        done = 0
        report("items", done, steps)
        empty = public_selectors.ItemMediaSet()
        for chunk_start in range(0, len(items), 500):
            pks = [i.pk for i in items[chunk_start : chunk_start + 500]]
            sets = public_selectors.item_media_sets([pk for pk in pks if pk in with_media])
            for item in _items_for_render(pks):
                media_set = sets.get(item.pk, empty)
                if item.pk in sets:
                    media.copy_set(writer, media_set)
                    media_keys[item.pk] = sorted(media_set.keys())
                page = pages.article(
                    item, office, base, media_set, related_cards=related_of(item), views=views.get(item.pk, 0)
                )
                writer.write(files.file_for(layout.item_url(item)), page)
                done += 1
            report("items", done, steps)
        for listing, cards in listings:
            writer.write(files.file_for(listing.url), pages.listing_from_cards(listing, office, base, cards, None))
            for number in range(1, pages.listing_pages(len(cards)) + 1):
                writer.write(
                    files.file_for(listing.page_url(number)),
                    pages.listing_from_cards(listing, office, base, cards, number),
                )
                done += 1
                if done % 500 == 0:
                    report("listings", done, steps)
            if listing.kind == "category":
                category = Category.objects.get(pk=listing.key[0])
                for kind in ("rss", "atom"):
                    writer.write(files.file_for(f"{listing.url}{kind}.xml"), feeds.feed(office, kind, category))
            done += 1
        report("listings", done, steps)
        all_months = _save_months(pages.months(office))
        writer.write(files.file_for(layout.HOME), pages.home(office, base))
        writer.write(files.file_for(layout.ARCHIVE), pages.archive(office, all_months, base))
        writer.write(files.file_for(layout.PROFILE), pages.profile(office, base))
        writer.write(files.file_for(layout.CATEGORIES), pages.categories(office, base))
        for year in sorted({y for y, _m, _n in all_months}):
            writer.write(files.file_for(layout.year_url(year)), pages.year(office, year, all_months, base))
        for y, m, _n in all_months:
            writer.write(files.file_for(layout.month_sitemap_url(y, m)), feeds.month_sitemap(office, y, m))
        _write_site_files(writer, office, all_months)
        write_fixed_pages(writer, office, base)
        for item in NewsItem.objects.filter(office=office, taken_down_at__isnull=False, published_at__isnull=False):
            rel = files.file_for(layout.item_url(item))
            writer.write(f"{Path(rel).parent}/{files.TOMBSTONE}", item.taken_down_at.isoformat())
        _rebuild_galleries(writer, office, base)
        collections.write_collections(writer, office, base)
        _reindex(office, items, tags_of, media_keys)
        _sweep(writer)
        report("done", steps, steps)
    return writer


def write_fixed_pages(writer: Writer, office: Office, base: dict) -> None:
    writer.write("404.html", pages.error_page(office, 404, base))
    writer.write("410.html", pages.error_page(office, 410, base))
    writer.write("robots.txt", feeds.robots())


def _group(office: Office, ordered: list[pages.Card], tags_of) -> list[tuple[layout.Listing, list[pages.Card]]]:
    by_category: dict[int, list] = defaultdict(list)
    by_tag: dict[int, list] = defaultdict(list)
    by_month: dict[tuple[int, int], list] = defaultdict(list)
    for c in ordered:
        if c.category_id:
            by_category[c.category_id].append(c)
        for tag_id in tags_of.get(c.pk, ()):
            by_tag[tag_id].append(c)
        by_month[layout.local_month(c.published_at)].append(c)
    result = [(layout.all_news(), ordered)]
    for category in Category.objects.filter(office=office):
        result.append((layout.category_listing(category), by_category.get(category.pk, [])))
    for tag in Tag.objects.filter(office=office, pk__in=by_tag):
        result.append((layout.tag_listing(tag), by_tag[tag.pk]))
    result += [(layout.month_listing(y, m), cards) for (y, m), cards in sorted(by_month.items())]
    return result


def _items_for_render(pks: list[int]) -> list[NewsItem]:
    from django.db.models import Prefetch

    return list(
        NewsItem.objects.select_related("category", "office")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        .filter(pk__in=pks)
        .order_by("published_at", "pk")
    )


def _related(ordered: list[pages.Card]):
    """`related(item)` from memory: the same answer as pages.related, without a query per item."""
    by_category: dict[int | None, list[pages.Card]] = defaultdict(list)
    for c in ordered:
        by_category[c.category_id].append(c)
    index = {c.pk: i for cs in by_category.values() for i, c in enumerate(cs)}
    everything, global_index = ordered, {c.pk: i for i, c in enumerate(ordered)}

    def related_of(item: NewsItem, limit: int = 4) -> list[pages.Card]:
        group = by_category[item.category_id] if item.category_id else everything
        i = index[item.pk] if item.category_id else global_index[item.pk]
        same_moment = []
        j = i + 1
        while j < len(group) and group[j].published_at == item.published_at:
            same_moment.append(group[j])
            j += 1
        return (same_moment[::-1] + group[max(0, i - limit) : i][::-1])[:limit]

    return related_of


def _rebuild_galleries(writer: Writer, office: Office, base: dict) -> None:
    from redaksi.media.selectors import published_galleries

    seen = set()
    for gallery in published_galleries().filter(office=office):
        photos = gallery_photos(gallery)
        if not photos:
            continue
        for photo in photos:
            media.copy_photo(writer, photo)
        writer.write(
            files.file_for(layout.gallery_url(gallery)), collections.gallery_page(gallery, photos, office, base)
        )
        seen.add(gallery.pk)
        RenderedGallery.objects.update_or_create(
            gallery_id=gallery.pk,
            defaults={
                "office": office,
                "path": layout.gallery_url(gallery),
                "published_at": gallery.published_at,
                "media_keys": sorted(p.key.hex for p in photos),
                "live": True,
            },
        )
    for gone in RenderedGallery.objects.filter(office=office).exclude(gallery_id__in=seen):
        writer.write(f"{Path(files.file_for(gone.path)).parent}/{files.TOMBSTONE}", "gallery")
        RenderedGallery.objects.filter(pk=gone.pk).update(live=False, media_keys=[], published_at=None)


@transaction.atomic
def _reindex(office: Office, items: list[NewsItem], tags_of, media_keys: dict[int, list[str]]) -> None:
    RenderedItem.objects.filter(office=office).delete()
    SearchEntry.objects.filter(office=office).delete()
    for start in range(0, len(items), 1000):
        chunk = items[start : start + 1000]
        RenderedItem.objects.bulk_create(
            RenderedItem(
                item_id=i.pk,
                office=office,
                path=layout.item_url(i),
                published_at=i.published_at,
                category_id=i.category_id,
                tag_ids=sorted(tags_of.get(i.pk, [])),
                media_keys=media_keys.get(i.pk, []),
            )
            for i in chunk
        )
        SearchEntry.objects.bulk_create(_search_entry(i, office) for i in chunk)


def _sweep(writer: Writer) -> None:
    """Remove pages that no longer belong to the site (items unpublished while the renderer was away)."""
    keep = set(writer.written) | set(writer.unchanged)
    root = files.root()
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        if rel in keep or rel.startswith("aset/") or path.name.startswith("."):
            continue
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            writer.removed.append(rel)


def eta(started: float, done: int, total: int) -> float:
    elapsed = time.monotonic() - started
    return math.inf if done == 0 else elapsed / done * (total - done)
