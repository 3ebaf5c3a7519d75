"""The office clock: how much office time lies between two instants, and when a span of it ends.

Step durations, lateness and reminders are computed from the times a step run records and
the office calendar, never kept as counters (design.md: "The clock is a function of the
record"). This module is pure: no database and no models; only
`office_calendar_from_settings` reads Django settings.

Working time is a set of half-open local intervals [start, end) per weekday, minus whole
non-working dates: libur nasional and cuti bersama from ``holidays/<year>.yaml``, plus any
the office adds. The clock counts whole seconds: sub-second parts of timestamps are
dropped first, so that the durations of the parts of a split span add up exactly.

Indonesia has no daylight saving time. Other zones work as long as no offset change falls
inside a working interval (changes happen at night), because whole weeks are counted from
the nominal length of each day.

Settings (every key optional; an unknown key fails at start-up)::

    REDAKSI_WORK_WEEK = {
        "timezone": "Asia/Jakarta",  # WIB; "Asia/Makassar" is WITA, "Asia/Jayapura" WIT
        "days": {  # replaces the default for the days named: mon tue wed thu fri sat sun
            "fri": [["07:30", "11:30"], ["13:30", "16:00"]],  # several intervals: a break
            "sat": [],  # an empty list: a day off
        },
        "holiday_years": [2025, 2026],  # default: every holidays/<year>.yaml shipped
        "extra_holidays": {"2026-07-11": "Hari Jadi Kabupaten"},  # the office's own days off
    }

Without it: Monday to Friday 07:30-16:00 WIB, and every holiday file shipped.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, NamedTuple
from zoneinfo import ZoneInfo

import yaml

WIB = ZoneInfo("Asia/Jakarta")
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HOLIDAY_DIR = Path(__file__).resolve().parent / "holidays"
HOLIDAY_KINDS = ("libur_nasional", "cuti_bersama")

_ONE_DAY = timedelta(days=1)
_SECOND = timedelta(seconds=1)

Interval = tuple[time, time]


def _clock_seconds(moment: time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


@dataclass(frozen=True)
class WorkWeek:
    """Working intervals per weekday, Monday first, in local wall-clock time."""

    days: tuple[tuple[Interval, ...], ...]

    def __post_init__(self) -> None:
        if len(self.days) != 7:
            raise ValueError("a work week has seven days, Monday first")
        for name, intervals in zip(DAY_NAMES, self.days, strict=True):
            previous_end = time.min
            for start, end in intervals:
                if not previous_end <= start < end:
                    raise ValueError(f"{name}: intervals must be in order, each ending after it starts")
                previous_end = end
        if not any(self.days):
            # Adding working time to a week without any would never end.
            raise ValueError("a work week needs at least one working interval")

    @classmethod
    def default(cls) -> WorkWeek:
        office_day = ((time(7, 30), time(16, 0)),)
        return cls(days=(office_day,) * 5 + ((), ()))

    def day_seconds(self, weekday: int) -> int:
        return sum(_clock_seconds(end) - _clock_seconds(start) for start, end in self.days[weekday])

    @property
    def week_seconds(self) -> int:
        return sum(self.day_seconds(weekday) for weekday in range(7))


@dataclass(frozen=True)
class OfficeCalendar:
    """A work week in a time zone, and the dates the office is closed (date -> name)."""

    week: WorkWeek = field(default_factory=WorkWeek.default)
    tz: ZoneInfo = WIB
    holidays: Mapping[date, str] = field(default_factory=dict, hash=False)
    _closed: tuple[date, ...] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        # A read-only copy, so that a caller editing its dict cannot change a frozen calendar,
        # and the dates sorted, so that counting those in a range is a bisection.
        object.__setattr__(self, "holidays", MappingProxyType(dict(self.holidays)))
        object.__setattr__(self, "_closed", tuple(sorted(self.holidays)))


# --- the clock -------------------------------------------------------------------------------


def _utc(moment: datetime, *, whole_seconds: bool = True) -> datetime:
    if moment.utcoffset() is None:
        raise ValueError("the office clock needs aware datetimes")
    moment = moment.astimezone(UTC)
    return moment.replace(microsecond=0) if whole_seconds else moment


def _local_day(calendar: OfficeCalendar, moment: datetime) -> date:
    return moment.astimezone(calendar.tz).date()


def _intervals_on(calendar: OfficeCalendar, day: date) -> list[tuple[datetime, datetime]]:
    """The day's working intervals as UTC instants; none when the office is closed."""
    if day in calendar.holidays:
        return []
    tz = calendar.tz
    return [
        (datetime.combine(day, start, tz).astimezone(UTC), datetime.combine(day, end, tz).astimezone(UTC))
        for start, end in calendar.week.days[day.weekday()]
    ]


def _overlap_seconds(calendar: OfficeCalendar, day: date, start: datetime, end: datetime) -> int:
    total = 0
    for opens, closes in _intervals_on(calendar, day):
        lo, hi = max(opens, start), min(closes, end)
        if lo < hi:
            total += (hi - lo) // _SECOND
    return total


def _whole_days_seconds(calendar: OfficeCalendar, first: date, stop: date) -> int:
    """Working seconds of the days first..stop-1, by week arithmetic rather than day by day."""
    days = (stop - first).days
    if days <= 0:
        return 0
    week = calendar.week
    weeks, rest = divmod(days, 7)
    total = weeks * week.week_seconds + sum(week.day_seconds((first.weekday() + i) % 7) for i in range(rest))
    closed = calendar._closed[bisect.bisect_left(calendar._closed, first) : bisect.bisect_left(calendar._closed, stop)]
    return total - sum(week.day_seconds(day.weekday()) for day in closed)


def working_seconds(calendar: OfficeCalendar, start: datetime, end: datetime) -> int:
    """Office seconds in [start, end); 0 when end is not after start."""
    start, end = _utc(start), _utc(end)
    if end <= start:
        return 0
    first, last = _local_day(calendar, start), _local_day(calendar, end)
    if first == last:
        return _overlap_seconds(calendar, first, start, end)
    return (
        _overlap_seconds(calendar, first, start, end)
        + _whole_days_seconds(calendar, first + _ONE_DAY, last)
        + _overlap_seconds(calendar, last, start, end)
    )


def _consume(calendar: OfficeCalendar, day: date, since: datetime, left: int) -> tuple[int, datetime | None]:
    """Spend up to `left` seconds of the day's office time after `since`: (what is left, when it ran out)."""
    for opens, closes in _intervals_on(calendar, day):
        opens = max(opens, since)
        if opens >= closes:
            continue
        span = (closes - opens) // _SECOND
        if left <= span:
            return 0, opens + left * _SECOND
        left -= span
    return left, None


def add_working_time(calendar: OfficeCalendar, start: datetime, seconds: int) -> datetime:
    """The earliest instant by which `seconds` of office time have passed since start.

    The inverse of working_seconds: working_seconds(c, s, add_working_time(c, s, x)) == x.
    The result is in start's time zone; a span that ends at closing time ends at closing
    time, not at the next opening.
    """
    if seconds < 0:
        raise ValueError("seconds must not be negative")
    if seconds == 0:
        return start
    since = _utc(start)
    day = _local_day(calendar, since)
    left, found = _consume(calendar, day, since, seconds)
    day += _ONE_DAY
    # Skip whole weeks at once. Closed days only lower a week's sum, so stopping a week short
    # of the nominal need can never overshoot the instant sought.
    week_seconds = calendar.week.week_seconds
    while found is None and left > week_seconds:
        stop = day + timedelta(weeks=max(1, left // week_seconds - 1))
        left -= _whole_days_seconds(calendar, day, stop)
        day = stop
    while found is None:
        left, found = _consume(calendar, day, since, left)
        day += _ONE_DAY
    return found.astimezone(start.tzinfo)


def is_working_time(calendar: OfficeCalendar, moment: datetime) -> bool:
    at = _utc(moment, whole_seconds=False)
    return any(opens <= at < closes for opens, closes in _intervals_on(calendar, _local_day(calendar, at)))


def next_working_moment(calendar: OfficeCalendar, moment: datetime) -> datetime:
    """Moment itself when the office is working then, else the next opening (in moment's zone)."""
    at = _utc(moment, whole_seconds=False)
    day = _local_day(calendar, at)
    while True:  # ends: a WorkWeek has working time, and closed dates are finite
        for opens, closes in _intervals_on(calendar, day):
            if at < closes:
                return moment if opens <= at else opens.astimezone(moment.tzinfo)
        day += _ONE_DAY


# --- a step against its standard -------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    """Working time spent against the standard of the SOP step."""

    standard_minutes: int
    working_seconds: int

    def __post_init__(self) -> None:
        if self.standard_minutes <= 0 or self.working_seconds < 0:
            raise ValueError("a standard is positive and a duration is not negative")

    @property
    def _standard_seconds(self) -> int:
        return self.standard_minutes * 60

    @property
    def ratio(self) -> float:
        return self.working_seconds / self._standard_seconds

    @property
    def percent(self) -> int:
        return self.working_seconds * 100 // self._standard_seconds

    @property
    def status(self) -> Literal["on_time", "late"]:
        return "on_time" if self.working_seconds <= self._standard_seconds else "late"

    @property
    def light(self) -> Literal["green", "amber", "red"]:
        # Integers, not the float ratio: exactly 80 % must be amber, never 79.999... %.
        if 5 * self.working_seconds < 4 * self._standard_seconds:
            return "green"
        return "amber" if self.working_seconds <= self._standard_seconds else "red"


# --- holidays and settings -------------------------------------------------------------------


class Holiday(NamedTuple):
    date: date
    name: str
    kind: str


@functools.cache
def read_holiday_file(year: int) -> tuple[Holiday, ...]:
    """The checked entries of holidays/<year>.yaml, read once per process."""
    path = HOLIDAY_DIR / f"{year}.yaml"
    if not path.is_file():
        raise ValueError(f"no holiday file for {year}: {path}")
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(entries, list):
        raise ValueError(f"{path.name}: expected a list of holidays")
    holidays: dict[date, Holiday] = {}
    for number, entry in enumerate(entries, start=1):
        where = f"{path.name}, entry {number}"
        if not isinstance(entry, dict) or set(entry) != {"date", "name", "kind"}:
            raise ValueError(f"{where}: expected exactly date, name and kind")
        day, name, kind = entry["date"], entry["name"], entry["kind"]
        # PyYAML reads an unquoted 2025-08-17 as a date; a datetime there is a typo.
        if not isinstance(day, date) or isinstance(day, datetime) or day.year != year:
            raise ValueError(f"{where}: date must be a day of {year}")
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"{where}: name is empty")
        if kind not in HOLIDAY_KINDS:
            raise ValueError(f"{where}: kind must be one of {', '.join(HOLIDAY_KINDS)}")
        if day in holidays:
            raise ValueError(f"{where}: {day} is listed twice")
        holidays[day] = Holiday(day, name.strip(), kind)
    return tuple(sorted(holidays.values()))


def holiday_years() -> list[int]:
    return sorted(int(path.stem) for path in HOLIDAY_DIR.glob("*.yaml") if path.stem.isdigit())


def load_holidays(years: Iterable[int]) -> dict[date, str]:
    return {holiday.date: holiday.name for year in years for holiday in read_holiday_file(year)}


def calendar_from_config(config: Mapping[str, Any]) -> OfficeCalendar:
    """An OfficeCalendar from a dict shaped like REDAKSI_WORK_WEEK (see the module docstring)."""
    unknown = set(config) - {"timezone", "days", "holiday_years", "extra_holidays"}
    if unknown:
        raise ValueError(f"unknown keys: {', '.join(sorted(unknown))}")
    days = list(WorkWeek.default().days)
    for name, intervals in config.get("days", {}).items():
        if name not in DAY_NAMES:
            raise ValueError(f"unknown day {name!r}; the days are {', '.join(DAY_NAMES)}")
        days[DAY_NAMES.index(name)] = tuple((time.fromisoformat(a), time.fromisoformat(b)) for a, b in intervals)
    holidays = load_holidays(config.get("holiday_years", holiday_years()))
    for day, name in config.get("extra_holidays", {}).items():
        holidays[date.fromisoformat(day) if isinstance(day, str) else day] = name
    tz = ZoneInfo(config.get("timezone", "Asia/Jakarta"))
    return OfficeCalendar(week=WorkWeek(tuple(days)), tz=tz, holidays=holidays)


def office_calendar_from_settings() -> OfficeCalendar:
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        return calendar_from_config(getattr(settings, "REDAKSI_WORK_WEEK", None) or {})
    except (ValueError, TypeError, KeyError) as exc:  # ZoneInfoNotFoundError is a KeyError
        raise ImproperlyConfigured(f"REDAKSI_WORK_WEEK: {exc}") from exc
