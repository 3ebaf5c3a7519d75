"""The dashboard's clock gives the core clock's answer for every pair of instants, holidays and all."""

import random
from datetime import date, datetime, timedelta

from redaksi.core import clock
from redaksi.core.clock import WIB
from redaksi.monitoring.fastclock import EPOCH, WorkingClock, epoch
from redaksi.newsroom import timing


def test_equal_to_the_core_clock_on_random_spans():
    cal = timing.calendar()
    assert date(2026, 12, 25) in cal.holidays  # the span crosses Christmas and a cuti bersama
    work = WorkingClock(cal, date(2026, 12, 1), date(2026, 12, 31))
    rng = random.Random(7)
    base = epoch(datetime(2026, 11, 20, tzinfo=WIB))  # before the prepared span: the fallback is checked too
    lengths = (600, 5400, 86_400, 7 * 86_400, 30 * 86_400)
    for _ in range(3000):
        start = base + rng.randrange(50 * 86_400)
        end = start + rng.randrange(rng.choice(lengths))
        expected = clock.working_seconds(cal, EPOCH + timedelta(seconds=start), EPOCH + timedelta(seconds=end))
        assert work.seconds(start, end) == expected, (start, end)


def test_edges():
    cal = timing.calendar()
    work = WorkingClock(cal, date(2026, 11, 23), date(2026, 11, 27))
    monday = datetime(2026, 11, 23, 7, 30, tzinfo=WIB)
    assert work.seconds(epoch(monday), epoch(monday)) == 0
    assert work.seconds(epoch(monday), epoch(monday - timedelta(hours=1))) == 0
    assert work.seconds(epoch(monday - timedelta(hours=2)), epoch(monday + timedelta(minutes=30))) == 1800
    # Monday 07:30 to Saturday 00:00: five office days of 8.5 hours.
    assert work.seconds(epoch(monday), epoch(datetime(2026, 11, 28, tzinfo=WIB))) == 5 * 8.5 * 3600


def test_fixed_offset_only_for_zones_without_summer_time():
    from zoneinfo import ZoneInfo

    from redaksi.monitoring.fastclock import fixed_offset

    assert fixed_offset(WIB, date(2026, 1, 1), date(2026, 7, 1)) == 7 * 3600
    assert fixed_offset(ZoneInfo("Asia/Jayapura"), date(2026, 1, 1), date(2026, 12, 31)) == 9 * 3600
    assert fixed_offset(ZoneInfo("Europe/Berlin"), date(2026, 1, 1), date(2026, 7, 1)) is None
