"""The figures of one SOP over a period, read from the step runs (monitoring never writes an item).

Counts are aggregated in the database. A duration is office working time (the clock the desk's lights
use), which needs the office calendar: the runs come back as one list of timestamps and are measured
here, with no query per item or per run.

Median: the middle value (the mean of the two middle values for an even count). p90: the nearest-rank
percentile, the value below or at which 90 % of the runs lie.
"""

import math
import statistics
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from redaksi.accounts.models import User
from redaksi.newsroom import timing
from redaksi.newsroom.models import NewsItem, StepRun
from redaksi.sop.models import Sop, SopStep, SopVersion

from . import daycache
from .fastclock import EPOCH as EPOCH_DATE
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


def median_of_all(durations: list["Durations"]) -> float | None:
    """The median of all their queue times (`statistics.median` of them together). In order, the
    k-th smallest is the least value with k of them at or below it: found by bisection, unmerged."""
    if not all(d.ordered for d in durations):
        return median([q for d in durations for q in d.queue])
    runs = [d.queue for d in durations if len(d.queue)]
    n = sum(len(run) for run in runs)
    if not n:
        return None

    def kth(k: int) -> int:
        lo, hi = min(run[0] for run in runs), max(run[-1] for run in runs)
        while lo < hi:
            mid = (lo + hi) // 2
            if sum(bisect_right(run, mid) for run in runs) >= k:
                hi = mid
            else:
                lo = mid + 1
        return lo

    return kth(n // 2 + 1) if n % 2 else (kth(n // 2) + kth(n // 2 + 1)) / 2


def _median_sorted(ordered: Sequence[int]) -> float | None:
    """`statistics.median` of values already in order (the same figure, without sorting again)."""
    n = len(ordered)
    if not n:
        return None
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass
class Durations:
    """Working seconds of finished runs, and how many of them kept within the step's standard."""

    seconds: Sequence[int] = field(default_factory=list)
    queue: Sequence[int] = field(default_factory=list)
    within: int = 0
    ordered: bool = False  # seconds and queue are each in order (as `daycache` combines them)

    def add(self, seconds: int, queue: int | None, standard_minutes: int) -> None:
        self.ordered = False
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
        ordered = self.seconds if self.ordered else sorted(self.seconds)
        return {
            "runs": self.runs,
            "median_seconds": _median_sorted(ordered),
            "p90_seconds": ordered[math.ceil(0.9 * len(ordered)) - 1] if ordered else None,
            "median_queue_seconds": _median_sorted(self.queue if self.ordered else sorted(self.queue)),
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
    items = items_of(sop).filter(created_at__lt=period.stop).order_by()
    # A union of three index searches ((office, finished_at) twice, (office, current_step, ...) once),
    # where one OR of the three reads every item. Step numbers start at 1: "> 0" is "at a step".
    candidates = (
        items.filter(finished_at__gte=period.start)
        .values("pk")
        .union(items.filter(finished_at__isnull=True).values("pk"), items.filter(current_step__gt=0).values("pk"))
    )
    return StepRun.objects.filter(
        item_id__in=candidates, finished_at__gte=period.start, finished_at__lt=period.stop
    ).exclude(outcome=StepRun.Outcome.REOPENED)


def _standards(sop: Sop) -> dict[tuple[int, int], int]:
    rows = SopStep.objects.filter(version__sop=sop).values_list("version_id", "number", "minutes")
    return {(version, number): minutes for version, number, minutes in rows}


@dataclass
class Measured:
    """The period's finished passes: durations per step and per person, returns and missing outputs per step."""

    steps: dict[int, Durations]
    people: dict[int, Durations]
    rejected: dict[int, int]
    missing: dict[int, int]
    finished: int  # items finished in the period
    passed: dict[int, int]  # of those, how many have a completed pass through each step

    def skipped(self, numbers: list[int]) -> dict[int, int]:
        """Items finished in the period without a completed pass through each step."""
        return {n: self.finished - self.passed.get(n, 0) for n in numbers}


def measure_runs(sop: Sop, period: Period) -> Measured:
    """The period's passes (durations by who finished the run), measured day by day (`daycache`): the
    runs are read once, and only those of days not measured before."""
    cal = timing.calendar()
    work = WorkingClock(cal, period.first - timedelta(days=SPAN_MARGIN_DAYS), period.last)
    days = [period.first + timedelta(days=i) for i in range(period.days)]
    runs, prefix, missing = finished_runs(sop, period), _cache_prefix(sop), missing_runs_filter(sop)
    group = daycache.period_group(runs, days, work, _standards(sop), prefix, missing, items_of(sop))
    return Measured(
        _durations(group["steps"]),
        _durations(group["people"]),
        group["rejected"],
        group["missing"],
        group["finished"].get(0, 0),
        group["passed"],
    )


def _durations(part: dict[int, list]) -> dict[int, Durations]:
    out: dict[int, Durations] = defaultdict(Durations)
    out.update({key: Durations(seconds, queues, within, True) for key, (seconds, queues, within) in part.items()})
    return out


def _cache_prefix(sop: Sop) -> str:
    """The day cache's keys name the newest version too: its steps' kinds decide what output is missing."""
    version = sop.latest_version()
    return f"monitoring:runs:v3:{sop.pk}:{version.pk if version else 0}"


def missing_runs_filter(sop: Sop) -> Q | None:
    """The runs lacking the output of their step's kind, over the steps of the SOP's newest version."""
    q = None
    for step in sop_steps(sop):
        lacks = missing_output_filter(step.kind)
        if lacks is not None:
            q = (q | (Q(step_number=step.number) & lacks)) if q is not None else Q(step_number=step.number) & lacks
    return q


def items_of(sop: Sop):
    return NewsItem.objects.filter(office_id=sop.office_id, sop_version__in=SopVersion.objects.filter(sop=sop))


def late_now(sop: Sop, *, now: datetime | None = None) -> list[int]:
    """The items waiting at a step longer than its standard, right now (the desk's red lights)."""
    cal, standards, now = timing.calendar(), _standards(sop), now or timezone.now()
    today = now.astimezone(cal.tz).date()
    rows = list(
        items_of(sop)
        .filter(current_step__isnull=False, current_since__isnull=False)
        .values_list("pk", "current_step", Epoch("current_since"), "sop_version_id")
        .order_by("current_since", "pk")
    )
    # The clock spans back to the longest wait (an item left at a step for a year is measured by
    # bisection too, not day by day through the core clock).
    now_s = epoch(now)
    since = min((row[2] for row in rows), default=now_s)
    first = (EPOCH_DATE + timedelta(seconds=since)).astimezone(cal.tz).date() - timedelta(days=1)
    work = WorkingClock(cal, min(first, today - timedelta(days=SPAN_MARGIN_DAYS)), today)
    return [
        pk for pk, number, since, version_id in rows if work.seconds(since, now_s) > standards[version_id, number] * 60
    ]


def people(ids) -> dict[int, User]:
    return {u.pk: u for u in User.objects.filter(pk__in=list(ids))}


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
