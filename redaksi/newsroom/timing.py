"""Step durations against the SOP's time standards, in office working time.

Computed from the step-run rows every time, never stored: the clock is a function of the record.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from redaksi.core import clock

from .models import StepRun

AMBER_AT = 0.8


@dataclass(frozen=True)
class Timing:
    standard_minutes: int
    elapsed_seconds: int
    queue_seconds: int | None = None
    work_seconds: int | None = None

    @property
    def ratio(self) -> float:
        return self.elapsed_seconds / (self.standard_minutes * 60) if self.standard_minutes else 0.0

    @property
    def percent(self) -> int:
        return round(self.ratio * 100)

    @property
    def light(self) -> str:
        if self.ratio > 1:
            return "red"
        return "amber" if self.ratio >= AMBER_AT else "green"

    @property
    def late(self) -> bool:
        return self.ratio > 1

    @property
    def elapsed_minutes(self) -> int:
        return round(self.elapsed_seconds / 60)


def _calendar() -> clock.OfficeCalendar:
    return clock.office_calendar_from_settings()


def working_seconds(start: datetime, end: datetime, calendar: clock.OfficeCalendar | None = None) -> int:
    return clock.working_seconds(calendar or _calendar(), start, end)


def run_timing(run: StepRun, standard_minutes: int, *, now: datetime | None = None, calendar=None) -> Timing:
    calendar = calendar or _calendar()
    end = run.finished_at or now or timezone.now()
    queue = work = None
    if run.taken_at is not None:
        queue = clock.working_seconds(calendar, run.available_at, run.taken_at)
        work = clock.working_seconds(calendar, run.taken_at, end)
    elapsed = clock.working_seconds(calendar, run.available_at, end)
    return Timing(standard_minutes, elapsed, queue, work)


def waiting_timing(since: datetime, standard_minutes: int, *, now: datetime | None = None, calendar=None) -> Timing:
    calendar = calendar or _calendar()
    return Timing(standard_minutes, clock.working_seconds(calendar, since, now or timezone.now()))


def total_timing(timings: Iterable[Timing], sop_minutes: int) -> Timing:
    return Timing(sop_minutes, sum(t.elapsed_seconds for t in timings))
