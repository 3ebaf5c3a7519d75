"""The kinds of page the public site has, each in one shape.

A kind answers two questions with lists of `files.Page` (where a file goes, how to draw it, what it shows):
`every(build, everything)`, all its pages, for a rebuild that reads the site from memory; and
`touched(build, change)`, the pages one item's change redraws, for a publish that asks the database.
`Build.emit` writes what they answer, skipping pages whose inputs have not changed when it keeps
fingerprints (a rebuild). A new kind of page is one class here and one entry in `KINDS`.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path

from redaksi.accounts.models import Office
from redaksi.media import public_selectors
from redaksi.newsroom.models import Category, NewsItem

from .. import site
from ..models import RenderedItem
from . import collections, feeds, files, fingerprints, icons, layout, media, pages
from .everything import Everything, items_for_render
from .files import Page, Writer


@dataclass
class Build:
    """One render run: the office, the parts every page shares, the writer, and (rebuild) the fingerprints."""

    office: Office
    base: dict
    writer: Writer
    store: fingerprints.Store | None = None
    version: str = ""

    def fresh(self, rel: str, inputs: object) -> bool:
        """The file was drawn from these inputs: keep it (the sweep must not remove it) and skip drawing."""
        if self.store is None or not self.store.fresh(rel, fingerprints.digest(self.version, inputs)):
            return False
        self.writer.skipped.append(rel)
        return True

    def emit(self, found: Iterable[Page]) -> None:
        for page in found:
            if page.draw is None:
                self.writer.remove(page.rel)
                continue
            inputs = page.inputs() if self.store is not None and page.inputs is not None else None
            if inputs is not None and self.fresh(page.rel, inputs):
                continue
            self.writer.write(page.rel, page.draw())
            if inputs is not None:
                self.store.record(page.rel, fingerprints.digest(self.version, inputs))


@dataclass
class Change:
    """One item's change as a publish sees it: where it is now, where the site last showed it."""

    item: NewsItem
    live: bool
    previous: RenderedItem | None
    memberships: dict[str, layout.Listing]  # the listings it is in now
    former: dict[str, layout.Listing]  # the listings the site last showed it in
    media_set: public_selectors.ItemMediaSet = field(default_factory=public_selectors.ItemMediaSet)
    all_months: list = field(default_factory=list)
    collections_since: datetime | None = None  # its videos or galleries changed the media listings

    @property
    def months(self) -> set[tuple[int, int]]:
        """The months whose listings it entered or left."""
        return {listing.key for listing in (self.memberships | self.former).values() if listing.kind == "month"}


def _const(value: object):
    return lambda: value


class Articles:
    """A published item's page; a taken-down item's folder keeps a tombstone (the site answers 410)."""

    def every(self, build: Build, everything: Everything) -> Iterator[Page]:
        empty = public_selectors.ItemMediaSet()
        for chunk in everything.chunks():
            sets = everything.media_sets(chunk)
            stale = []
            for item in chunk:
                if item.pk in sets:
                    media.copy_set(build.writer, sets[item.pk])
                inputs = everything.article_inputs(item, sets.get(item.pk))
                if not build.fresh(files.file_for(everything.urls[item.pk]), inputs):
                    stale.append(inputs)
                    everything.drawn.add(item.pk)
            loaded = {i.pk: i for i in items_for_render([inputs[0][0] for inputs in stale])}
            for inputs in stale:
                item = loaded[inputs[0][0]]
                draw = partial(
                    pages.article,
                    item,
                    build.office,
                    build.base,
                    sets.get(item.pk, empty),
                    related_cards=everything.related_of(item),
                    views=everything.views.get(item.pk, 0),
                )
                yield Page(files.file_for(layout.item_url(item)), draw, _const(inputs))
        gone = NewsItem.objects.filter(office=build.office, taken_down_at__isnull=False, published_at__isnull=False)
        for item in gone:
            yield self._tombstone(item)

    def touched(self, build: Build, change: Change) -> Iterator[Page]:
        item, previous = change.item, change.previous
        rel = files.file_for(layout.item_url(item))
        if previous is not None and previous.path != layout.item_url(item):
            yield Page(files.file_for(previous.path), None)
            if change.live and previous.live:
                # Readers, feeds and search engines know the old address: it answers 301 to the new one.
                moved = f"{Path(files.file_for(previous.path)).parent}/{files.MOVED}"
                yield Page(moved, _const(layout.item_url(item)))
        if change.live:
            yield Page(f"{Path(rel).parent}/{files.TOMBSTONE}", None)
            yield Page(f"{Path(rel).parent}/{files.MOVED}", None)  # it came back to an address it had left
            yield Page(rel, partial(pages.article, item, build.office, build.base, change.media_set))
        else:
            yield Page(rel, None)
            if item.taken_down_at is not None:
                yield self._tombstone(item)
        for follower in _followers(build.office, item, previous):
            yield Page(
                files.file_for(layout.item_url(follower)), partial(pages.article, follower, build.office, build.base)
            )

    @staticmethod
    def _tombstone(item: NewsItem) -> Page:
        rel = files.file_for(layout.item_url(item))
        return Page(f"{Path(rel).parent}/{files.TOMBSTONE}", _const(item.taken_down_at.isoformat()))


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


class Listings:
    """All news, each category (with its feeds), each tag and each month, paged from the oldest item."""

    def every(self, build: Build, everything: Everything) -> Iterator[Page]:
        n = site.page_size()
        for listing, cards in everything.listings:
            total = len(cards)
            for number in (None, *range(1, pages.listing_pages(total) + 1)):
                shown = cards[-n:] if number is None else cards[(number - 1) * n : number * n]
                draw = partial(pages.listing_from_cards, listing, build.office, build.base, cards, number)
                url = listing.page_url(number) if number else listing.url
                yield Page(
                    files.file_for(url), draw, partial(_listing_inputs, everything, listing, number, total, shown)
                )
            yield from self._feeds(build, listing)

    def touched(self, build: Build, change: Change) -> Iterator[Page]:
        item, previous = change.item, change.previous
        for url in change.memberships.keys() | change.former.keys():
            listing = change.memberships.get(url) or change.former[url]
            moment = item.published_at if url in change.memberships else previous.published_at
            stays = url in change.memberships and url in change.former and previous.published_at == item.published_at
            added = url in change.memberships and not stays
            numbers, total = _pages_to_redraw(build.office, listing, item, moment, stays=stays, added=added)
            yield from self._pages(build, listing, numbers, total)
        yield from self.missing(build, change)

    def missing(self, build: Build, change: Change) -> Iterator[Page]:
        """A category with nothing published still has its page: the menu and the sitemap name it."""
        sections = [layout.category_listing(c) for c in Category.objects.filter(office=build.office)]
        for listing in {s.url: s for s in [layout.announcements(build.office), *sections]}.values():
            if listing.url not in change.memberships and not (files.root() / files.file_for(listing.url)).exists():
                yield from self._pages(build, listing, set(), listing.items(build.office).count())

    def _pages(self, build: Build, listing: layout.Listing, numbers: set[int], total: int) -> Iterator[Page]:
        office, base, last = build.office, build.base, pages.listing_pages(total)
        yield Page(files.file_for(listing.url), partial(pages.listing_front, listing, office, total, base))
        for number in sorted(numbers):
            rel = files.file_for(listing.page_url(number))
            draw = partial(pages.listing_page, listing, office, number, total, base)
            yield Page(rel, None if number > last else draw)  # past the last: the listing lost its newest page
        yield from self._feeds(build, listing)

    @staticmethod
    def _feeds(build: Build, listing: layout.Listing) -> Iterator[Page]:
        if listing.kind == "category":
            category = Category.objects.get(pk=listing.key[0])
            for kind in ("rss", "atom"):
                draw = partial(feeds.feed, build.office, kind, category)
                yield Page(files.file_for(f"{listing.url}{kind}.xml"), draw)


def _listing_inputs(everything: Everything, listing: layout.Listing, number: int | None, total: int, shown) -> tuple:
    return listing, number, total, everything.card_keys(shown)


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


class MediaListings:
    """Galleries of their own, Galeri Foto and Video: an item's photos, videos and galleries are on them."""

    def every(self, build: Build, everything: Everything) -> list[Page]:
        return collections.all_collection_pages(build.office, build.base)

    def touched(self, build: Build, change: Change) -> list[Page]:
        fronts = [files.root() / files.file_for(c.url) for c in (collections.GALLERIES, collections.VIDEOS)]
        if change.collections_since is None and all(f.exists() for f in fronts):
            return []
        return collections.all_collection_pages(build.office, build.base, change.collections_since)


class SitePages:
    """Beranda, the categories, the archive and its years, the profile, the error pages and robots.txt."""

    def every(self, build: Build, everything: Everything) -> list[Page]:
        found = self._always(build) + self._archive(build, everything.months, {y for y, _m, _n in everything.months})
        return found + self._fixed(build)

    def touched(self, build: Build, change: Change) -> list[Page]:
        found = self._always(build)
        if change.months:
            found += self._archive(build, change.all_months, {y for y, _m in change.months})
        if not (files.root() / "404.html").exists():
            found += self._fixed(build)
        return found

    @staticmethod
    def _always(build: Build) -> list[Page]:
        return [
            Page(files.file_for(layout.HOME), partial(pages.home, build.office, build.base)),
            Page(files.file_for(layout.CATEGORIES), partial(pages.categories, build.office, build.base)),
        ]

    @staticmethod
    def _archive(build: Build, all_months: list, years: set[int]) -> list[Page]:
        office, base = build.office, build.base
        found = [Page(files.file_for(layout.ARCHIVE), partial(pages.archive, office, all_months, base))]
        for year in sorted(years):
            found.append(
                Page(files.file_for(layout.year_url(year)), partial(pages.year, office, year, all_months, base))
            )
        return found

    @staticmethod
    def _fixed(build: Build) -> list[Page]:
        office, base = build.office, build.base
        return [
            Page("404.html", partial(pages.error_page, office, 404, base)),
            Page("410.html", partial(pages.error_page, office, 410, base)),
            Page("robots.txt", feeds.robots),
            Page(files.file_for(layout.PROFILE), partial(pages.profile, office, base)),
            Page("favicon.ico", partial(icons.favicon_ico, office, base["site"].profile)),
        ]


class Feeds:
    """RSS, Atom, the sitemap index, the sitemaps of pages and of the last two days, one sitemap a month."""

    def every(self, build: Build, everything: Everything) -> list[Page]:
        found = self._site(build, everything.months)
        for y, m, _n in everything.months:
            shown = tuple((c.url, c.published_at) for c in everything.by_month[(y, m)])
            draw = partial(feeds.month_sitemap, build.office, y, m)
            found.append(Page(files.file_for(layout.month_sitemap_url(y, m)), draw, _const(shown)))
        return found

    def touched(self, build: Build, change: Change) -> list[Page]:
        found = self._site(build, change.all_months)
        for y, m in sorted(change.months):
            found.append(
                Page(files.file_for(layout.month_sitemap_url(y, m)), partial(feeds.month_sitemap, build.office, y, m))
            )
        return found

    @staticmethod
    def _site(build: Build, all_months: list) -> list[Page]:
        office = build.office
        return [
            Page(files.file_for(layout.RSS), partial(feeds.feed, office, "rss")),
            Page(files.file_for(layout.ATOM), partial(feeds.feed, office, "atom")),
            Page(files.file_for(layout.SITEMAP), partial(feeds.sitemap_index, all_months)),
            Page(files.file_for(layout.SITEMAP_PAGES), partial(feeds.pages_sitemap, office, all_months)),
            Page(files.file_for(layout.SITEMAP_NEWS), partial(feeds.news_sitemap, office)),
        ]


KINDS = (Listings(), Articles(), MediaListings(), SitePages(), Feeds())
