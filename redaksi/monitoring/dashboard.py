"""The dashboard of one SOP over a period: what `stats` measures, put in rows for the page and exports."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, F
from django.db.models.functions import TruncWeek
from django.utils import timezone

from redaksi.newsroom import timing
from redaksi.social.selectors import reach_by_network
from redaksi.sop.models import Sop

from . import stats
from .fastclock import LocalDay, fixed_offset
from .period import Period

MONDAY_ZERO = date(1969, 12, 29)  # the Monday of the week of 1 January 1970
STALE_DAYS = 3  # days without a publication before the SOP's Peringatan is shown


@dataclass(frozen=True)
class Dashboard:
    sop: Sop
    period: Period
    steps: list[dict[str, Any]]
    people: list[dict[str, Any]]
    bottleneck: dict[str, Any] | None
    late_now: list[int]
    urgent: int
    skipped: int
    weeks: list[dict[str, Any]]
    median_queue_seconds: float | None
    last_published: datetime | None
    days_since_publication: int | None
    warning: str
    networks: list[dict[str, Any]]  # step 8's posts and their reach per network (social.selectors)

    @property
    def loops(self) -> list[dict[str, Any]]:
        return [s for s in self.steps if s["decision"]]

    @property
    def stale(self) -> bool:
        return self.days_since_publication is None or self.days_since_publication >= STALE_DAYS

    @property
    def published(self) -> int:
        return sum(w["count"] for w in self.weeks)


def _step_rows(sop: Sop, period: Period) -> tuple[list[dict[str, Any]], list[dict[str, Any]], float | None]:
    steps = stats.sop_steps(sop)
    numbers = [s.number for s in steps]
    measured = stats.measure_runs(sop, period)
    per_step, per_person, rejected, missing = measured.steps, measured.people, measured.rejected, measured.missing
    skipped = measured.skipped(numbers)
    rows = []
    for step in steps:
        row = {
            "number": step.number,
            "activity": step.activity,
            "role": step.role.name,
            "minutes": step.minutes,
            "decision": step.symbol == "decision",
            "rejections": rejected.get(step.number, 0),
            "skipped": skipped[step.number],
            "missing_outputs": missing.get(step.number, 0),
        }
        row.update(per_step[step.number].summary())
        rows.append(row)
    names = stats.people(per_person)
    person_rows = [
        {"id": pk, "name": str(names[pk]), **d.summary()}
        for pk, d in sorted(per_person.items(), key=lambda kv: (-kv[1].runs, str(names[kv[0]])))
    ]
    return rows, person_rows, stats.median_of_all(list(per_step.values()))


def bottleneck(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The step whose median lies furthest over (or least under) its standard; more runs break a tie."""
    measured = [r for r in rows if r["runs"]]
    if not measured:
        return None
    return max(measured, key=lambda r: (r["median_seconds"] / (r["minutes"] * 60), r["runs"], -r["number"]))


def week_rows(sop: Sop, period: Period) -> list[dict[str, Any]]:
    """Items published per week (Monday to Sunday), every week of the period, empty ones too."""
    tz = timing.calendar().tz
    published = stats.items_of(sop).filter(published_at__gte=period.start, published_at__lt=period.stop)
    offset = fixed_offset(tz, period.first, period.last)
    if offset is None:
        weeks = published.annotate(week=TruncWeek("published_at", tzinfo=tz))
    else:
        # Day 0 (1 January 1970) was a Thursday: the Monday of day d is week (d + 3) // 7.
        weeks = published.annotate(day=LocalDay("published_at", offset)).annotate(week=(F("day") + 3) / 7)
    counted = weeks.values("week").annotate(n=Count("pk")).order_by().values_list("week", "n")
    if offset is None:
        by_week = {_as_date(week): n for week, n in counted}
    else:
        by_week = {MONDAY_ZERO + timedelta(weeks=week): n for week, n in counted}
    monday = period.first - timedelta(days=period.first.weekday())
    rows = []
    while monday <= period.last:
        rows.append({"week": monday, "count": by_week.get(monday, 0)})
        monday += timedelta(days=7)
    return rows


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.astimezone(timing.calendar().tz).date() if timezone.is_aware(value) else value.date()
    return value


def build(sop: Sop, period: Period, *, now: datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    rows, person_rows, waits = _step_rows(sop, period)
    items = stats.items_of(sop)
    # The newest publication, read down the (office, published_at) index: MAX() made PostgreSQL read every item.
    live = items.filter(published_at__isnull=False, published_at__lte=now, taken_down_at__isnull=True)
    last = live.order_by("-published_at").values_list("published_at", flat=True).first()
    tz = timing.calendar().tz
    days = (now.astimezone(tz).date() - last.astimezone(tz).date()).days if last else None
    version = sop.latest_version()
    return Dashboard(
        sop=sop,
        period=period,
        steps=rows,
        people=person_rows,
        bottleneck=bottleneck(rows),
        late_now=stats.late_now(sop, now=now),
        urgent=items.filter(urgent_published_at__gte=period.start, urgent_published_at__lt=period.stop).count(),
        skipped=sum(r["skipped"] for r in rows),
        weeks=week_rows(sop, period),
        median_queue_seconds=waits,
        last_published=last,
        days_since_publication=days,
        warning=version.identity.get("warning", "") if version else "",
        networks=reach_by_network(items, period.start, period.stop),
    )
