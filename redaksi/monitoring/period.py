"""The stretch of days a report covers, in the office's time zone, and the semesters of Tabel 7."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from redaksi.newsroom import timing

DEFAULT_DAYS = 30
MAX_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    first: date  # both days included
    last: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time.min, tzinfo=timing.calendar().tz)

    @property
    def stop(self) -> datetime:
        """The first moment after the period."""
        return datetime.combine(self.last + timedelta(days=1), time.min, tzinfo=timing.calendar().tz)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def query(self) -> str:
        return f"dari={self.first.isoformat()}&sampai={self.last.isoformat()}"


def today() -> date:
    return timezone.now().astimezone(timing.calendar().tz).date()


def default_period() -> Period:
    last = today()
    return Period(last - timedelta(days=DEFAULT_DAYS - 1), last)


def semester_period(year: int, semester: int) -> Period:
    if semester == 1:
        return Period(date(year, 1, 1), date(year, 6, 30))
    return Period(date(year, 7, 1), date(year, 12, 31))


def semester_of(day: date) -> tuple[int, int]:
    return day.year, 1 if day.month <= 6 else 2


def parse_period(first: str | None, last: str | None) -> Period:
    """The period the query string asks for, the last 30 days when it asks for none."""
    if not first and not last:
        return default_period()
    try:
        start = date.fromisoformat(first or "")
        end = date.fromisoformat(last or "")
    except ValueError:
        raise ValidationError(_("Give both dates of the period as YYYY-MM-DD.")) from None
    if end < start:
        raise ValidationError(_("The period ends before it starts."))
    if (end - start).days + 1 > MAX_DAYS:
        raise ValidationError(_("A period may be at most three years long."))
    return Period(start, end)
