"""The figures of one SOP over a period, read from the step runs (monitoring never writes an item).

Counts are aggregated in the database. A duration is office working time (the clock the desk's lights
use), which needs the office calendar: the runs come back as one list of timestamps and are measured
here, with no query per item or per run.

Median: the middle value (the mean of the two middle values for an even count). p90: the nearest-rank
percentile, the value below or at which 90 % of the runs lie.
"""

import math
import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from redaksi.accounts.models import User
from redaksi.newsroom import timing
from redaksi.newsroom.models import NewsItem, StepRun
from redaksi.sop.models import Sop, SopStep, SopVersion

from . import daycache
from .fastclock import Epoch, WorkingClock, epoch
from .period import Period

SPAN_MARGIN_DAYS = 31  # runs that began up to a month before the period are measured on the prepared days


def median(values: list[int]) -> float | None:
    return statistics.median(values) if values else None


def p90(values: list[int]) -> int | None:
    """Nearest rank: the ceil(0.9 n)-th smallest value."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass
class Durations:
    """Working seconds of finished runs, and how many of them kept within the step's standard."""

    seconds: list[int] = field(default_factory=list)
    queue: list[int] = field(default_factory=list)
    within: int = 0

    def add(self, seconds: int, queue: int | None, standard_minutes: int) -> None:
        self.seconds.append(seconds)
        if queue is not None:
            self.queue.append(queue)
        self.within += seconds <= standard_minutes * 60

    @property
    def runs(self) -> int:
        return len(self.seconds)

    @property
    def within_percent(self) -> int | None:
        return percent(self.within, self.runs)

    def summary(self) -> dict:
        return {
            "runs": self.runs,
            "median_seconds": median(self.seconds),
            "p90_seconds": p90(self.seconds),
            "median_queue_seconds": median(self.queue),
            "within": self.within,
            "within_percent": self.within_percent,
        }


def sop_steps(sop: Sop) -> list[SopStep]:
    """The steps as the newest version words them (the report's rows)."""
    version = sop.latest_version()
    return list(SopStep.objects.filter(version=version).select_related("role")) if version else []


def finished_runs(sop: Sop, period: Period):
    """Passes through a step that ended in the period (a pass cut short by a later edit is not one).

    Read through the items that can hold such a pass, which the item indexes find: an item's
    `finished_at` only moves forward, so an item with a pass ending in the period is still in the
    flow, or finished at or after the pass. The runs of each are then found by the run index (item,
    finished_at), never by reading every run.
    """
    candidates = items_of(sop).filter(
        Q(finished_at__gte=period.start) | Q(finished_at__isnull=True) | Q(current_step__isnull=False),
        created_at__lt=period.stop,
    )
    return StepRun.objects.filter(
        item_id__in=candidates.values("pk"), finished_at__gte=period.start, finished_at__lt=period.stop
    ).exclude(outcome=StepRun.Outcome.REOPENED)


def _standards(sop: Sop) -> dict[tuple[int, int], int]:
    rows = SopStep.objects.filter(version__sop=sop).values_list("version_id", "number", "minutes")
    return {(version, number): minutes for version, number, minutes in rows}


def measure_runs(sop: Sop, period: Period) -> tuple[dict[int, Durations], dict[int, Durations]]:
    """Durations per step number and per person (who finished the run), measured day by day (`daycache`)."""
    cal = timing.calendar()
    work = WorkingClock(cal, period.first - timedelta(days=SPAN_MARGIN_DAYS), period.last)
    groups = daycache.day_groups(finished_runs(sop, period), work, _standards(sop), f"monitoring:runs:v1:{sop.pk}")
    return daycache.merged(groups, "steps", Durations), daycache.merged(groups, "people", Durations)


def rejections(sop: Sop, period: Period) -> dict[int, int]:
    """Returns at each decision step (the approval's rejections, the correction's send-backs)."""
    rows = (
        finished_runs(sop, period)
        .filter(outcome=StepRun.Outcome.REJECT)
        .values("step_number")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["step_number"]: row["n"] for row in rows}


def items_of(sop: Sop):
    return NewsItem.objects.filter(office_id=sop.office_id, sop_version__in=SopVersion.objects.filter(sop=sop))


def late_now(sop: Sop, *, now: datetime | None = None) -> list[int]:
    """The items waiting at a step longer than its standard, right now (the desk's red lights)."""
    cal, standards, now = timing.calendar(), _standards(sop), now or timezone.now()
    today = now.astimezone(cal.tz).date()
    work, now_s = WorkingClock(cal, today - timedelta(days=SPAN_MARGIN_DAYS), today), epoch(now)
    rows = (
        items_of(sop)
        .filter(current_step__isnull=False, current_since__isnull=False)
        .values_list("pk", "current_step", Epoch("current_since"), "sop_version_id")
        .order_by("current_since", "pk")
    )
    return [
        pk for pk, number, since, version_id in rows if work.seconds(since, now_s) > standards[version_id, number] * 60
    ]


def people(ids) -> dict[int, User]:
    return {u.pk: u for u in User.objects.filter(pk__in=list(ids))}


def skipped_counts(sop: Sop, period: Period, numbers: list[int]) -> dict[int, int]:
    """Items finished in the period without a completed pass through each step: the finished items,
    less those with a pass per step, counted in two grouped queries."""
    finished = items_of(sop).filter(finished_at__gte=period.start, finished_at__lt=period.stop)
    total = finished.count()
    passed = (
        StepRun.objects.filter(item_id__in=finished.values("pk"), finished_at__isnull=False)
        .exclude(outcome=StepRun.Outcome.REOPENED)
        .values("step_number")
        .annotate(n=Count("item_id", distinct=True))
        .order_by()
        .values_list("step_number", "n")
    )
    done = dict(passed)
    return {n: total - done.get(n, 0) for n in numbers}


def missing_output_filter(kind: str) -> Q | None:
    """Finished passes whose kind leaves a record, lacking it: the approval's softcopy, the publication,
    the shared links."""
    kinds = set(kind.split("+"))
    checks = []
    if "approve" in kinds:
        checks.append(Q(approval__isnull=True))
    if "publish" in kinds:
        checks.append(~Q(output__has_key="published_at"))
    if "share" in kinds:
        checks.append(~Q(output__has_key="links") | Q(output__links=[]))
    if not checks:
        return None
    q = checks[0]
    for more in checks[1:]:
        q |= more
    return q


def missing_output_counts(sop: Sop, period: Period, steps: list[SopStep]) -> dict[int, int]:
    aggregates = {}
    for step in steps:
        q = missing_output_filter(step.kind)
        if q is not None:
            aggregates[f"s{step.number}"] = Count("pk", filter=q & Q(step_number=step.number))
    checked = [int(key[1:]) for key in aggregates]
    counts = finished_runs(sop, period).filter(step_number__in=checked).aggregate(**aggregates) if aggregates else {}
    return {step.number: counts.get(f"s{step.number}", 0) for step in steps}
