from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import yaml
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import strategies as st

from redaksi.core import clock
from redaksi.core.clock import (
    WIB,
    OfficeCalendar,
    Timing,
    WorkWeek,
    add_working_time,
    is_working_time,
    load_holidays,
    next_working_moment,
    working_seconds,
)

MINUTE = 60
CALENDAR = OfficeCalendar(holidays=load_holidays([2025, 2026, 2027]))
LUNCH = ((time(7, 30), time(12, 0)), (time(13, 0), time(16, 0)))
# Lunch on weekdays, a short Friday with a long Friday-prayer break, and a Saturday morning:
# every shape the settings allow, to test the arithmetic on more than one week.
SHORT_FRIDAY = ((time(7, 30), time(11, 30)), (time(13, 30), time(15, 0)))
SATURDAY_MORNING = ((time(8), time(12)),)
ODD = OfficeCalendar(week=WorkWeek((LUNCH,) * 4 + (SHORT_FRIDAY, SATURDAY_MORNING, ())), holidays=CALENDAR.holidays)


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


# --- fixed examples ------------------------------------------------------------------------


def test_friday_afternoon_to_monday_morning_counts_only_office_time():
    # Fri 9 Jan 2026 15:30 to Mon 12 Jan 08:00: 30 minutes before closing, 30 after opening.
    assert working_seconds(CALENDAR, wib(2026, 1, 9, 15, 30), wib(2026, 1, 12, 8, 0)) == 60 * MINUTE
    assert add_working_time(CALENDAR, wib(2026, 1, 9, 15, 30), 60 * MINUTE) == wib(2026, 1, 12, 8, 0)


def test_independence_day_is_skipped():
    # 17 Aug 2026 is a Monday: Fri 15:00 to Tue 08:30 is one hour on Friday and one on Tuesday.
    assert working_seconds(CALENDAR, wib(2026, 8, 14, 15, 0), wib(2026, 8, 18, 8, 30)) == 120 * MINUTE
    assert not is_working_time(CALENDAR, wib(2026, 8, 17, 10, 0))
    assert next_working_moment(CALENDAR, wib(2026, 8, 17, 10, 0)) == wib(2026, 8, 18, 7, 30)


def test_lunch_break_is_not_counted_when_configured():
    lunch = OfficeCalendar(week=WorkWeek((LUNCH,) * 5 + ((), ())))
    assert working_seconds(lunch, wib(2026, 1, 13, 11, 30), wib(2026, 1, 13, 13, 30)) == 60 * MINUTE
    assert working_seconds(CALENDAR, wib(2026, 1, 13, 11, 30), wib(2026, 1, 13, 13, 30)) == 120 * MINUTE
    assert add_working_time(lunch, wib(2026, 1, 13, 11, 30), 31 * MINUTE) == wib(2026, 1, 13, 13, 1)
    assert not is_working_time(lunch, wib(2026, 1, 13, 12, 0))
    assert next_working_moment(lunch, wib(2026, 1, 13, 12, 15)) == wib(2026, 1, 13, 13, 0)


def test_idul_fitri_and_its_cuti_bersama_are_skipped():
    # 2026: Nyepi cuti bersama 18 Mar, Nyepi 19 Mar, Idul Fitri cuti bersama 20, 23 and 24 Mar.
    assert working_seconds(CALENDAR, wib(2026, 3, 17, 15, 0), wib(2026, 3, 25, 8, 30)) == 120 * MINUTE
    # 2025: Nyepi cuti bersama Fri 28 Mar; Idul Fitri 31 Mar and 1 Apr; cuti bersama 2-4 and 7 Apr.
    assert working_seconds(CALENDAR, wib(2025, 3, 27, 15, 0), wib(2025, 4, 8, 7, 30)) == 60 * MINUTE
    assert add_working_time(CALENDAR, wib(2025, 3, 27, 15, 0), 61 * MINUTE) == wib(2025, 4, 8, 7, 31)


def test_start_outside_office_hours():
    assert working_seconds(CALENDAR, wib(2026, 1, 10, 10, 0), wib(2026, 1, 12, 9, 0)) == 90 * MINUTE  # Saturday
    assert working_seconds(CALENDAR, wib(2026, 1, 13, 5, 0), wib(2026, 1, 13, 8, 0)) == 30 * MINUTE  # before opening
    assert working_seconds(CALENDAR, wib(2026, 1, 13, 17, 0), wib(2026, 1, 13, 23, 0)) == 0  # after closing
    assert add_working_time(CALENDAR, wib(2026, 1, 10, 10, 0), 1) == wib(2026, 1, 12, 7, 30, 1)


def test_times_given_in_utc_are_read_in_office_time_and_answered_in_utc():
    start = datetime(2026, 1, 9, 8, 30, tzinfo=UTC)  # Friday 15:30 WIB
    end = datetime(2026, 1, 12, 1, 0, tzinfo=UTC)  # Monday 08:00 WIB
    assert working_seconds(CALENDAR, start, end) == 60 * MINUTE
    assert add_working_time(CALENDAR, start, 60 * MINUTE) == end
    assert add_working_time(CALENDAR, start, 60 * MINUTE).tzinfo is UTC


def test_a_span_ending_at_closing_time_ends_at_closing_time():
    assert add_working_time(CALENDAR, wib(2026, 1, 9, 15, 30), 30 * MINUTE) == wib(2026, 1, 9, 16, 0)
    assert add_working_time(CALENDAR, wib(2026, 1, 9, 15, 30), 0) == wib(2026, 1, 9, 15, 30)


def test_exactly_four_weeks_end_at_friday_closing_not_monday_opening():
    # No holiday between September and December 2026; the week skipping must stop short.
    four_weeks = 4 * 5 * 510 * MINUTE
    assert add_working_time(CALENDAR, wib(2026, 9, 6, 0, 0), four_weeks) == wib(2026, 10, 2, 16, 0)
    assert working_seconds(CALENDAR, wib(2026, 9, 6, 0, 0), wib(2026, 10, 5, 7, 30)) == four_weeks


def test_end_before_start_is_zero_and_sub_seconds_are_dropped():
    assert working_seconds(CALENDAR, wib(2026, 1, 13, 10, 0), wib(2026, 1, 13, 9, 0)) == 0
    start = wib(2026, 1, 13, 9, 0).replace(microsecond=900_000)
    assert working_seconds(CALENDAR, start, start + timedelta(microseconds=200_000)) == 1


def test_a_whole_year_is_its_office_days():
    office_days = [
        day
        for day in (date(2026, 1, 1) + timedelta(days=n) for n in range(365))
        if day.weekday() < 5 and day not in CALENDAR.holidays
    ]
    assert len(office_days) == 261 - 21  # weekdays of 2026, less the holidays that fall on them
    seconds = len(office_days) * 510 * MINUTE
    assert working_seconds(CALENDAR, wib(2026, 1, 1), wib(2027, 1, 1)) == seconds
    assert add_working_time(CALENDAR, wib(2026, 1, 1), seconds) == wib(2026, 12, 31, 16, 0)


def test_reminder_moments_at_80_100_and_150_percent_of_a_standard():
    taken = wib(2026, 1, 9, 15, 0)  # Friday; a 60-minute standard
    moments = [add_working_time(CALENDAR, taken, 60 * MINUTE * percent // 100) for percent in (80, 100, 150)]
    assert moments == [wib(2026, 1, 9, 15, 48), wib(2026, 1, 9, 16, 0), wib(2026, 1, 12, 8, 0)]


def test_naive_datetimes_and_negative_spans_are_refused():
    with pytest.raises(ValueError, match="aware"):
        working_seconds(CALENDAR, datetime(2026, 1, 9, 8), wib(2026, 1, 9, 9))
    with pytest.raises(ValueError):
        add_working_time(CALENDAR, wib(2026, 1, 9, 8), -1)


def test_a_work_week_is_checked():
    with pytest.raises(ValueError, match="at least one"):
        WorkWeek(((),) * 7)
    with pytest.raises(ValueError, match="in order"):
        WorkWeek((((time(12), time(16)), (time(7, 30), time(11))),) + ((),) * 6)
    with pytest.raises(ValueError, match="seven"):
        WorkWeek(((),) * 5)


# --- the standard ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "status", "light", "percent"),
    [
        (0, "on_time", "green", 0),
        (47 * MINUTE + 59, "on_time", "green", 79),
        (48 * MINUTE, "on_time", "amber", 80),
        (60 * MINUTE, "on_time", "amber", 100),
        (60 * MINUTE + 1, "late", "red", 100),
        (90 * MINUTE, "late", "red", 150),
    ],
)
def test_timing_against_a_60_minute_standard(seconds, status, light, percent):
    timing = Timing(standard_minutes=60, working_seconds=seconds)
    assert (timing.status, timing.light, timing.percent) == (status, light, percent)
    assert timing.ratio == seconds / 3600


def test_timing_refuses_a_standard_of_nothing():
    with pytest.raises(ValueError):
        Timing(standard_minutes=0, working_seconds=10)


# --- properties -----------------------------------------------------------------------------

ZONES = st.sampled_from([UTC, WIB, ZoneInfo("Asia/Makassar"), ZoneInfo("Europe/Amsterdam")])
# Whole seconds: the clock drops sub-seconds (tested above), which would blur "≤ wall time".
MOMENTS = st.datetimes(datetime(2024, 12, 20), datetime(2028, 1, 10), timezones=ZONES).map(
    lambda moment: moment.replace(microsecond=0)
)
CALENDARS = st.sampled_from([CALENDAR, ODD])
SPANS = st.integers(min_value=0, max_value=3 * 365 * 510 * MINUTE)


def naive_working_seconds(calendar: OfficeCalendar, start: datetime, end: datetime) -> int:
    """Day by day, to check the week arithmetic against."""
    total, day = 0, start.astimezone(calendar.tz).date() - timedelta(days=1)
    while day <= end.astimezone(calendar.tz).date():
        if day not in calendar.holidays:
            for a, b in calendar.week.days[day.weekday()]:
                lo = max(start, datetime.combine(day, a, calendar.tz))
                hi = min(end, datetime.combine(day, b, calendar.tz))
                total += max(0, int((hi - lo).total_seconds()))
        day += timedelta(days=1)
    return total


@given(CALENDARS, MOMENTS, MOMENTS, MOMENTS)
def test_working_time_adds_up_over_a_split_point(calendar, a, b, c):
    a, b, c = sorted([a, b, c])
    assert working_seconds(calendar, a, c) == working_seconds(calendar, a, b) + working_seconds(calendar, b, c)


@given(CALENDARS, MOMENTS, MOMENTS, MOMENTS)
def test_working_time_grows_with_the_span_and_never_beats_the_wall_clock(calendar, a, b, c):
    a, b, c = sorted([a, b, c])
    assert working_seconds(calendar, a, b) <= working_seconds(calendar, a, c)
    assert working_seconds(calendar, b, c) <= working_seconds(calendar, a, c)
    assert 0 <= working_seconds(calendar, a, c) <= (c - a).total_seconds()


@given(CALENDARS, MOMENTS, st.integers(min_value=0, max_value=45 * 24 * 3600))
def test_week_arithmetic_agrees_with_counting_day_by_day(calendar, start, wall_seconds):
    end = start + timedelta(seconds=wall_seconds)
    assert working_seconds(calendar, start, end) == naive_working_seconds(calendar, start, end)


@given(CALENDARS, MOMENTS, SPANS)
def test_adding_working_time_is_the_inverse_and_the_earliest_such_moment(calendar, start, seconds):
    end = add_working_time(calendar, start, seconds)
    assert working_seconds(calendar, start, end) == seconds
    if seconds:
        # One second earlier is one second short, and that last second was office time.
        assert working_seconds(calendar, start, end - timedelta(seconds=1)) == seconds - 1
        assert is_working_time(calendar, end - timedelta(seconds=1))


@given(CALENDARS, MOMENTS)
def test_next_working_moment_is_the_first_office_second_from_now(calendar, moment):
    found = next_working_moment(calendar, moment)
    assert found >= moment and is_working_time(calendar, found)
    assert working_seconds(calendar, moment, found) == 0
    assert (found == moment) == is_working_time(calendar, moment)


# --- holiday files and settings -------------------------------------------------------------


@pytest.mark.parametrize("year", clock.holiday_years())
def test_every_holiday_file_parses_and_is_sound(year):
    entries = yaml.safe_load((clock.HOLIDAY_DIR / f"{year}.yaml").read_text(encoding="utf-8"))
    days = [entry["date"] for entry in entries]
    assert all(isinstance(day, date) and day.year == year for day in days)
    assert len(days) == len(set(days)), "a date listed twice"
    assert all(entry["name"].strip() for entry in entries)
    assert {entry["kind"] for entry in entries} <= set(clock.HOLIDAY_KINDS)
    assert {h.date for h in clock.read_holiday_file(year)} == set(days)
    assert date(year, 8, 17) in load_holidays([year]) and date(year, 1, 1) in load_holidays([year])


def test_shipped_years_and_counts_match_the_skb():
    assert clock.holiday_years() == [2025, 2026, 2027]
    kinds = {year: [h.kind for h in clock.read_holiday_file(year)] for year in (2025, 2026)}
    # 2025: 17 + 10, and 18 August added in August 2025. 2026: 17 + 8.
    assert (kinds[2025].count("libur_nasional"), kinds[2025].count("cuti_bersama")) == (17, 11)
    assert (kinds[2026].count("libur_nasional"), kinds[2026].count("cuti_bersama")) == (17, 8)


def test_a_bad_holiday_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(clock, "HOLIDAY_DIR", tmp_path)
    (tmp_path / "1999.yaml").write_text("- {date: 2000-01-01, name: Tahun Baru, kind: libur_nasional}\n")
    try:
        with pytest.raises(ValueError, match="a day of 1999"):
            clock.read_holiday_file(1999)
        with pytest.raises(ValueError, match="no holiday file"):
            clock.read_holiday_file(1998)
    finally:
        clock.read_holiday_file.cache_clear()


def test_calendar_from_settings_defaults(settings):
    if hasattr(settings, "REDAKSI_WORK_WEEK"):
        del settings.REDAKSI_WORK_WEEK
    calendar = clock.office_calendar_from_settings()
    assert calendar == CALENDAR
    assert calendar.tz.key == "Asia/Jakarta"


def test_calendar_from_settings_with_a_short_friday_and_an_office_holiday(settings):
    settings.REDAKSI_WORK_WEEK = {
        "timezone": "Asia/Makassar",
        "days": {"fri": [["07:30", "11:30"], ["13:30", "16:00"]]},
        "holiday_years": [2026],
        "extra_holidays": {"2026-07-13": "Hari Jadi Kabupaten"},
    }
    calendar = clock.office_calendar_from_settings()
    friday_11, friday_14 = (datetime(2026, 1, 9, hour, tzinfo=ZoneInfo("Asia/Makassar")) for hour in (11, 14))
    assert working_seconds(calendar, friday_11, friday_14) == 60 * MINUTE
    assert working_seconds(calendar, friday_11.astimezone(WIB), friday_14.astimezone(WIB)) == 60 * MINUTE
    assert calendar.holidays[date(2026, 7, 13)] == "Hari Jadi Kabupaten"
    assert date(2025, 8, 17) not in calendar.holidays


@pytest.mark.parametrize(
    "config",
    [{"hours": {}}, {"days": {"friday": []}}, {"days": {"fri": [["16:00", "07:30"]]}}, {"timezone": "Asia/Atlantis"}],
)
def test_calendar_from_settings_refuses_what_it_cannot_read(settings, config):
    settings.REDAKSI_WORK_WEEK = config
    with pytest.raises(ImproperlyConfigured, match="REDAKSI_WORK_WEEK"):
        clock.office_calendar_from_settings()
