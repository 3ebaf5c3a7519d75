"""The read counter: counts gather in the cache and reach the database in batches, never per view.

Counts live under one cache key per item. Items with counts waiting are listed per generation; a
flush moves to the next generation first, so reads that arrive during a flush wait for the next one
instead of being lost or counted twice.
"""

import re
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from redaksi.accounts.models import Office

from .models import DailyViews, ItemViews

PREFIX = "public:views:"
GEN = PREFIX + "gen"
BOTS = re.compile(
    r"bot|crawl|spider|slurp|archiver|fetch|scan|monitor|preview|facebookexternalhit|whatsapp|telegram|"
    r"curl|wget|httpie|python|go-http|java/|okhttp|libwww|headless|lighthouse|pingdom|phantom|selenium",
    re.IGNORECASE,
)
POPULAR_DAYS = 7
POPULAR_SIZE = 10


def is_bot(user_agent: str) -> bool:
    return not user_agent or len(user_agent) > 1000 or bool(BOTS.search(user_agent))


def _incr(key: str) -> int:
    try:
        return cache.incr(key)
    except ValueError:  # missing: create it, then count (another request may have created it meanwhile)
        cache.add(key, 0, None)
        return cache.incr(key)


def _generation() -> int:
    value = cache.get(GEN)
    if value is None:
        cache.add(GEN, 1, None)
        value = cache.get(GEN) or 1
    return int(value)


def record_view(item_id: int) -> bool:
    """Count one read. True when the item is the first with counts waiting in this generation."""
    _incr(f"{PREFIX}n:{item_id}")
    gen = _generation()
    if cache.add(f"{PREFIX}flag:{gen}:{item_id}", 1, None):
        index = _incr(f"{PREFIX}list:{gen}")
        cache.set(f"{PREFIX}list:{gen}:{index}", item_id, None)
        return index == 1
    return False


def pending(item_id: int) -> int:
    return int(cache.get(f"{PREFIX}n:{item_id}") or 0)


def flush() -> int:
    """Move waiting counts into the database; the number of reads moved."""
    gen = _generation()
    _incr(GEN)
    length = int(cache.get(f"{PREFIX}list:{gen}") or 0)
    counts: dict[int, int] = {}
    for start in range(1, length + 1, 1000):
        keys = [f"{PREFIX}list:{gen}:{i}" for i in range(start, min(start + 1000, length + 1))]
        item_ids = set(cache.get_many(keys).values())
        for item_id in item_ids:
            key = f"{PREFIX}n:{item_id}"
            n = int(cache.get(key) or 0)
            if n:
                cache.decr(key, n)
                counts[item_id] = n
        cache.delete_many(keys + [f"{PREFIX}flag:{gen}:{i}" for i in item_ids])
    cache.delete(f"{PREFIX}list:{gen}")
    if counts:
        _store(counts)
    return sum(counts.values())


@transaction.atomic
def _store(counts: dict[int, int]) -> None:
    from redaksi.newsroom.models import NewsItem

    existing = set(NewsItem.objects.filter(pk__in=counts).values_list("pk", flat=True))
    counts = {k: v for k, v in counts.items() if k in existing}
    today = timezone.localdate()
    ItemViews.objects.bulk_create([ItemViews(item_id=k) for k in counts], ignore_conflicts=True)
    DailyViews.objects.bulk_create([DailyViews(item_id=k, day=today) for k in counts], ignore_conflicts=True)
    for item_id, n in counts.items():
        ItemViews.objects.filter(item_id=item_id).update(total=F("total") + n)
        DailyViews.objects.filter(item_id=item_id, day=today).update(count=F("count") + n)


def total(item_id: int) -> int:
    stored = ItemViews.objects.filter(item_id=item_id).values_list("total", flat=True).first() or 0
    return stored + pending(item_id)


@transaction.atomic
def popular_recompute(office: Office) -> bool:
    """Rank the most read public items of the last days; True when Berita Terpopuler changed."""
    from redaksi.newsroom.selectors import published_items

    since = timezone.localdate() - timedelta(days=POPULAR_DAYS - 1)
    public = published_items().filter(office=office).values("pk")
    ranked = list(
        DailyViews.objects.filter(day__gte=since, item_id__in=public)
        .values("item_id")
        .annotate(n=Sum("count"))
        .order_by("-n", "-item_id")
        .values_list("item_id", flat=True)[:POPULAR_SIZE]
    )
    before = list(
        ItemViews.objects.filter(popular_rank__isnull=False, item__office=office)
        .order_by("popular_rank")
        .values_list("item_id", flat=True)
    )
    if before == ranked:
        return False
    ItemViews.objects.filter(item__office=office, popular_rank__isnull=False).update(popular_rank=None)
    ItemViews.objects.bulk_create([ItemViews(item_id=k) for k in ranked], ignore_conflicts=True)
    for rank, item_id in enumerate(ranked, start=1):
        ItemViews.objects.filter(item_id=item_id).update(popular_rank=rank)
    return True
