"""Office working time for tens of thousands of runs at once, equal to `core.clock.working_seconds`.

The dashboard measures every run of a period. Timestamps come from the database as whole seconds
since the epoch (no datetime objects to build), and the office's working intervals of each day of
the span are laid out once as epoch seconds, with a running total of whole days; a run then costs
two bisections and a few additions. Instants outside the prepared span fall back to the core clock.
"""

from bisect import bisect_right
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import BigIntegerField, Func

from redaksi.core import clock

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class Epoch(Func):
    """A datetime column as whole seconds since 1970 (UTC), computed by the database."""

    output_field = BigIntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="CAST(strftime('%%%%s', %(expressions)s) AS INTEGER)")

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="FLOOR(EXTRACT(EPOCH FROM %(expressions)s))::bigint")


class LocalDay(Func):
    """The office's local day of a datetime column, as days since 1970-01-01, for a zone with one
    fixed offset (WIB, WITA and WIT keep no summer time): integer arithmetic the database does
    itself, where a time zone conversion would call back into Python for every row on SQLite."""

    output_field = BigIntegerField()
    template = "((%(expressions)s + %(offset)s) / 86400)"

    def __init__(self, column: str, offset_seconds: int) -> None:
        super().__init__(Epoch(column), offset=int(offset_seconds))


def fixed_offset(tz: Any, first: date, last: date) -> int | None:
    """The zone's offset from UTC in seconds if it is the same all through the span, else None."""
    offsets = {tz.utcoffset(datetime.combine(day, time(12))) for day in (first, last)}
    dst = {tz.dst(datetime.combine(day, time(12))) for day in (first, last)}
    if len(offsets) == 1 and dst <= {None, timedelta(0)}:
        return int(offsets.pop().total_seconds())
    return None


def day_number(day: date) -> int:
    return (day - EPOCH.date()).days


def epoch(moment: datetime) -> int:
    return (moment - EPOCH) // timedelta(seconds=1)


class WorkingClock:
    def __init__(self, cal: clock.OfficeCalendar, first: date, last: date) -> None:
        self.cal, self.first, self.last = cal, first, last
        days = [first + timedelta(days=i) for i in range((last - first).days + 2)]
        self.midnights = [epoch(datetime.combine(d, time.min, cal.tz)) for d in days]
        self.intervals = [self._intervals(d) for d in days[:-1]]
        self.before = [0]  # working seconds of the whole days before each day of the span
        for intervals in self.intervals:
            self.before.append(self.before[-1] + sum(close - open_ for open_, close in intervals))

    def _intervals(self, day: date) -> list[tuple[int, int]]:
        if day in self.cal.holidays:
            return []
        tz = self.cal.tz
        return [
            (epoch(datetime.combine(day, start, tz)), epoch(datetime.combine(day, end, tz)))
            for start, end in self.cal.week.days[day.weekday()]
        ]

    @staticmethod
    def _overlap(intervals: list[tuple[int, int]], start: int, end: int) -> int:
        total = 0
        for open_, close in intervals:
            lo, hi = max(open_, start), min(close, end)
            if lo < hi:
                total += hi - lo
        return total

    def day_of(self, moment: int) -> date | None:
        """The office's local day of an epoch second, if it lies in the prepared span."""
        i = bisect_right(self.midnights, moment) - 1
        return self.first + timedelta(days=i) if 0 <= i < len(self.intervals) else None

    def seconds(self, start: int, end: int) -> int:
        """Office seconds in [start, end), both as whole epoch seconds."""
        if end <= start:
            return 0
        i, j = bisect_right(self.midnights, start) - 1, bisect_right(self.midnights, end) - 1
        if i < 0 or j >= len(self.intervals):
            return clock.working_seconds(self.cal, EPOCH + timedelta(seconds=start), EPOCH + timedelta(seconds=end))
        if i == j:
            return self._overlap(self.intervals[i], start, end)
        return (
            self._overlap(self.intervals[i], start, end)
            + self.before[j] - self.before[i + 1]
            + self._overlap(self.intervals[j], start, end)
        )  # fmt: skip
