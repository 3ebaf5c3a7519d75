"""The whole public site read once, in a few queries, for a rebuild.

A publish asks the database for the few pages it redraws; a rebuild would ask the same questions
hundreds of thousands of times, so it reads every public item once and answers from memory: the
listings, "related news", read counts, the months. The answers are the same as the database's.
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Prefetch

from redaksi.accounts.models import Office
from redaksi.media import public_selectors
from redaksi.newsroom.models import Category, NewsItem, Tag

from ..models import ItemViews
from . import layout, pages

CHUNK = 500


class Everything:
    """Every public item of the office as cards, grouped into listings, with what their pages show."""

    def __init__(self, office: Office) -> None:
        self.office = office
        self.items = list(layout.public_items(office).select_related("category").order_by("published_at", "pk"))
        leads = public_selectors.all_lead_photos(office.pk)
        self.cards = [pages.card(i, leads.get(i.pk)) for i in self.items]  # card() puts the public text in
        self.urls = {c.pk: c.url for c in self.cards}
        self._card_keys: dict[int, str] = {}
        self.tags_of: dict[int, list[int]] = defaultdict(list)
        by_pk = {c.pk for c in self.cards}
        through = NewsItem.tags.through.objects.filter(newsitem_id__in=by_pk)
        for item_id, tag_id in through.values_list("newsitem_id", "tag_id"):
            self.tags_of[item_id].append(tag_id)
        self.tags = {t.pk: (t.name, t.slug) for t in Tag.objects.filter(office=office)}
        month_of = {c.pk: layout.local_month(c.published_at) for c in self.cards}
        self.listings = _group(office, self.cards, self.tags_of, month_of)
        self.related_of = _related(self.cards)
        self.views = dict(ItemViews.objects.filter(item_id__in=by_pk).values_list("item_id", "total"))
        self.with_media = public_selectors.items_with_media(office.pk)
        self.media_keys: dict[int, list[str]] = {}
        self.drawn: set[int] = set()  # items whose page was drawn (not skipped): their search text may change
        by_month: dict[tuple[int, int], list] = defaultdict(list)
        for c in self.cards:
            by_month[month_of[c.pk]].append(c)
        self.by_month = dict(by_month)
        self.months = [(y, m, len(cs)) for (y, m), cs in sorted(by_month.items(), reverse=True)]

    def card_keys(self, cards) -> tuple[str, ...]:
        """Cards stand for what a listing or "related news" shows of an item; each is digested once."""
        keys = self._card_keys
        for c in cards:
            if c.pk not in keys:
                keys[c.pk] = hashlib.blake2b(repr(c).encode(), digest_size=8).hexdigest()
        return tuple(keys[c.pk] for c in cards)

    def chunks(self) -> Iterator[list[NewsItem]]:
        for start in range(0, len(self.items), CHUNK):
            yield self.items[start : start + CHUNK]

    def media_sets(self, chunk: list[NewsItem]) -> dict[int, public_selectors.ItemMediaSet]:
        sets = public_selectors.item_media_sets([i.pk for i in chunk if i.pk in self.with_media])
        for pk, media_set in sets.items():
            self.media_keys[pk] = sorted(media_set.keys())
        return sets

    def article_inputs(self, item: NewsItem, media_set) -> tuple:
        """Everything an article shows besides the parts all pages share."""
        category = (item.category.name, item.category.slug) if item.category_id else None
        tags = sorted(self.tags[t] for t in self.tags_of.get(item.pk, ()) if t in self.tags)
        fields = (item.pk, item.title, item.slug, item.lead, item.body, item.place, item.byline, item.published_at)
        return (
            fields,
            category,
            tuple(tags),
            media_signature(media_set),
            self.card_keys(self.related_of(item)),
            self.views.get(item.pk, 0),
        )


def media_signature(media_set) -> tuple:
    if media_set is None:
        return ()
    return (
        _signature(media_set.lead) if media_set.lead else None,
        tuple(_signature(p) for p in media_set.photos),
        tuple(_signature(v) for v in media_set.videos),
        tuple((_signature(g), tuple(_signature(p) for p in ps)) for g, ps in media_set.galleries),
    )


def _signature(obj) -> tuple:
    """A model instance's field values and those of what was prefetched with it (renditions, entries)."""
    fields = tuple((f.attname, getattr(obj, f.attname)) for f in obj._meta.concrete_fields)
    cached = getattr(obj, "_prefetched_objects_cache", {})
    return fields, tuple((name, tuple(_signature(o) for o in rows)) for name, rows in sorted(cached.items()))


def items_for_render(pks: list[int]) -> list[NewsItem]:
    return list(
        NewsItem.objects.select_related("category", "office")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        .filter(pk__in=pks)
        .order_by("published_at", "pk")
    )


def _group(office: Office, ordered: list[pages.Card], tags_of, month_of) -> list[tuple[layout.Listing, list]]:
    by_category: dict[int, list] = defaultdict(list)
    by_tag: dict[int, list] = defaultdict(list)
    by_month: dict[tuple[int, int], list] = defaultdict(list)
    for c in ordered:
        if c.category_id:
            by_category[c.category_id].append(c)
        for tag_id in tags_of.get(c.pk, ()):
            by_tag[tag_id].append(c)
        by_month[month_of[c.pk]].append(c)
    result = [(layout.all_news(), ordered)]
    for category in Category.objects.filter(office=office):
        result.append((layout.category_listing(category), by_category.get(category.pk, [])))
    announcements = layout.announcements(office)
    if announcements.kind == "empty":
        result.append((announcements, []))
    for tag in Tag.objects.filter(office=office, pk__in=by_tag):
        result.append((layout.tag_listing(tag), by_tag[tag.pk]))
    result += [(layout.month_listing(y, m), cards) for (y, m), cards in sorted(by_month.items())]
    return result


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
