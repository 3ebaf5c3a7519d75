"""Reads of notifications. `freshness` is what the desk shows when the website goes quiet."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max, Min, QuerySet
from django.utils import timezone

from redaksi.accounts.models import Office, User
from redaksi.core import clock
from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.selectors import published_items

from . import conf
from .models import Notification


def unread_count(user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True, done_at__isnull=True).count()


def inbox(user: User) -> QuerySet[Notification]:
    """What still needs the user: entries whose task nobody has done yet, newest first."""
    return Notification.objects.filter(user=user, done_at__isnull=True).select_related("item")


def inbox_done(user: User) -> QuerySet[Notification]:
    """Entries whose task was done (by the user or by another holder of the role), latest done first."""
    return (
        Notification.objects.filter(user=user, done_at__isnull=False).select_related("item").order_by("-done_at", "-pk")
    )


@dataclass(frozen=True)
class Freshness:
    """How long the office's website has gone without a new publication, in office working days."""

    since: datetime | None  # the last publication (or the first item, if nothing was ever published)
    working_days: float
    limit_days: int

    @property
    def stale(self) -> bool:
        return self.since is not None and self.working_days >= self.limit_days


def _day_seconds(cal: clock.OfficeCalendar) -> float:
    days = [cal.week.day_seconds(d) for d in range(7) if cal.week.day_seconds(d)]
    return sum(days) / len(days)


def freshness(office: Office, *, now: datetime | None = None, cal: clock.OfficeCalendar | None = None) -> Freshness:
    """A working day is the office's average working day, so Friday's short day counts as a day."""
    now = now or timezone.now()
    cal = cal or clock.office_calendar_from_settings()
    since = published_items(now=now).filter(office=office).aggregate(m=Max("published_at"))["m"]
    if since is None:
        since = NewsItem.objects.filter(office=office).aggregate(m=Min("created_at"))["m"]
    if since is None:
        return Freshness(None, 0.0, conf.freshness_days())
    days = clock.working_seconds(cal, since, now) / _day_seconds(cal)
    return Freshness(since, round(days, 1), conf.freshness_days())
