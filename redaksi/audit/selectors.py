"""Reading the record. Filters and pages never count the whole table: it may hold millions of rows."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from .models import AuditEntry, AuditHead

PAGE_SIZE = 50
MAX_ACTOR_ID_DIGITS = 18  # fits a BIGINT


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def entry_filter(
    *,
    actor: str = "",
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    object_type: str = "",
    object_id: str = "",
) -> QuerySet[AuditEntry]:
    """Entries matching the filters. Dates are local (office) dates, both ends included."""
    entries = AuditEntry.objects.all()
    if actor:
        if actor.isdigit() and len(actor) <= MAX_ACTOR_ID_DIGITS:
            entries = entries.filter(actor_id=int(actor))
        else:
            entries = entries.filter(actor_name__icontains=actor)
    if action:
        entries = entries.filter(action__startswith=action)
    if date_from:
        entries = entries.filter(created_at__gte=_local_midnight(date_from))
    if date_to:
        entries = entries.filter(created_at__lt=_local_midnight(date_to + timedelta(days=1)))
    if object_type:
        entries = entries.filter(object_type=object_type)
    if object_id:
        entries = entries.filter(object_id=object_id)
    return entries


@dataclass(frozen=True)
class EntryPage:
    """One screen of entries, newest first, found by seq (keyset) instead of by page number."""

    entries: list[AuditEntry]
    newer_after: int | None  # the "newer" link shows entries with seq above this
    older_before: int | None  # the "older" link shows entries with seq below this


def entry_page(
    entries: QuerySet[AuditEntry], *, before: int | None = None, after: int | None = None, size: int = PAGE_SIZE
) -> EntryPage:
    if after is not None:
        rows = list(entries.filter(seq__gt=after).order_by("seq")[: size + 1])
        if len(rows) > size:
            rows = rows[:size][::-1]
            has_older = entries.filter(seq__lt=rows[-1].seq).exists()
            return EntryPage(rows, newer_after=rows[0].seq, older_before=rows[-1].seq if has_older else None)
        # Fewer than a page is newer: show the newest full page rather than a short one.
        before = None
    window = entries if before is None else entries.filter(seq__lt=before)
    rows = list(window.order_by("-seq")[: size + 1])
    has_older = len(rows) > size
    rows = rows[:size]
    has_newer = bool(rows) and before is not None and entries.filter(seq__gt=rows[0].seq).exists()
    return EntryPage(
        rows,
        newer_after=rows[0].seq if has_newer else None,
        older_before=rows[-1].seq if has_older else None,
    )


def chain_head() -> AuditHead | None:
    return AuditHead.objects.filter(pk=1).first()
