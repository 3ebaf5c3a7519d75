"""Step durations against the SOP's time standards, in office working time.

Computed from the step-run rows every time, never stored: the clock is a function of the record.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from redaksi.core import clock

from .models import StepRun


@dataclass(frozen=True)
class StepTiming(clock.Timing):
    """Office time at a step against its standard, with queue time (waiting) apart from work time."""

    queue_seconds: int | None = None
    work_seconds: int | None = None

    @property
    def elapsed_minutes(self) -> int:
        return round(self.working_seconds / 60)

    @property
    def late(self) -> bool:
        return self.status == "late"


def calendar() -> clock.OfficeCalendar:
    return clock.office_calendar_from_settings()


def run_timing(
    run: StepRun, standard_minutes: int, *, now: datetime | None = None, cal: clock.OfficeCalendar | None = None
) -> StepTiming:
    cal = cal or calendar()
    end = run.finished_at or now or timezone.now()
    queue = work = None
    if run.taken_at is not None:
        queue = clock.working_seconds(cal, run.available_at, run.taken_at)
        work = clock.working_seconds(cal, run.taken_at, end)
    return StepTiming(standard_minutes, clock.working_seconds(cal, run.available_at, end), queue, work)


def waiting_timing(
    since: datetime, standard_minutes: int, *, now: datetime | None = None, cal: clock.OfficeCalendar | None = None
) -> StepTiming:
    return StepTiming(standard_minutes, clock.working_seconds(cal or calendar(), since, now or timezone.now()))


def total_timing(timings: Iterable[clock.Timing], sop_minutes: int) -> StepTiming:
    return StepTiming(sop_minutes, sum(t.working_seconds for t in timings))
