"""The dashboard, Tabel 7, the evaluation and the XLSX show exactly the figures of a known history."""

from datetime import date, timedelta

import pytest
import time_machine

from redaksi.monitoring import dashboard
from redaksi.monitoring.period import Period
from redaksi.sop.models import Sop

from .history import NOW, build_history

PERIOD = Period(date(2026, 11, 16), date(2026, 11, 29))
MIN = 60

# Worked out by hand from history.PLAN (minutes):
# step 1: 30 50 70 60 90 -> median 60, p90 90, within 60 min: 3/5
# step 2: 10 5 20 25 20 15 -> median 17.5, p90 25, within 20: 5/6
# step 3: 5 10 15 20 -> median 12.5, p90 20, within 15: 3/4, one return
# step 4: 5 10 -> median 7.5, p90 10, 2/2;  step 5: 10 15 5 -> 10, 15, 3/3
# step 6: 10 20 5 -> median 10, p90 20, within 15: 2/3, one return
# step 7: 5 10 -> 7.5, 10, 2/2;  step 8: 10 25 -> median 17.5, p90 25, within 15: 1/2
EXPECTED = {
    1: (5, 60 * MIN, 90 * MIN, 60),
    2: (6, 17.5 * MIN, 25 * MIN, 83),
    3: (4, 12.5 * MIN, 20 * MIN, 75),
    4: (2, 7.5 * MIN, 10 * MIN, 100),
    5: (3, 10 * MIN, 15 * MIN, 100),
    6: (3, 10 * MIN, 20 * MIN, 67),
    7: (2, 7.5 * MIN, 10 * MIN, 100),
    8: (2, 17.5 * MIN, 25 * MIN, 50),
}
# reporter: 1 x5, 4 x2; editor: 2 x6, 6 x3; head: 3 x4; web admin: 5 x3, 7 x2, 8 x2
PEOPLE = {
    "Rizki Pratama": (7, 50 * MIN, 71),
    "Siti Rahmawati": (9, 15 * MIN, 78),
    "Hendra Saputra": (4, 12.5 * MIN, 75),
    "Dewi Lestari": (7, 10 * MIN, 86),
}


@pytest.fixture
def history(staff):
    return build_history(staff)


@pytest.fixture
def sop(bengkalis):
    return Sop.objects.get(pk=bengkalis.sop_id)


def test_dashboard_figures(history, sop):
    with time_machine.travel(NOW, tick=False):
        d = dashboard.build(sop, PERIOD)
    got = {s["number"]: (s["runs"], s["median_seconds"], s["p90_seconds"], s["within_percent"]) for s in d.steps}
    assert got == EXPECTED
    assert {s["number"]: s["rejections"] for s in d.steps if s["rejections"]} == {3: 1, 6: 1}
    assert [s["skipped"] for s in d.steps] == [0] * 8
    assert [s["missing_outputs"] for s in d.steps] == [0] * 8
    assert {p["name"]: (p["runs"], p["median_seconds"], p["within_percent"]) for p in d.people} == PEOPLE
    assert d.bottleneck["number"] == 8
    assert sorted(d.late_now) == sorted([history["C"].pk, history["E"].pk])
    assert d.urgent == 1
    assert [(w["week"], w["count"]) for w in d.weeks] == [(date(2026, 11, 16), 0), (date(2026, 11, 23), 3)]
    assert d.days_since_publication == 1


def test_skipped_steps_and_missing_outputs_are_counted_and_suggested(history, sop):
    """Rows as a paper-era import could leave them: A has no pass through the correction (step 6),
    B's share (step 8) has no link."""
    from redaksi.monitoring import selectors, tabel7
    from redaksi.newsroom.models import StepRun

    StepRun.objects.filter(item=history["A"], step_number=6).delete()
    StepRun.objects.filter(item=history["B"], step_number=8).update(output={})
    with time_machine.travel(NOW, tick=False):
        d = dashboard.build(sop, PERIOD)
        rows = {s["number"]: s for s in d.steps}
        assert [rows[n]["skipped"] for n in range(1, 9)] == [0, 0, 0, 0, 0, 1, 0, 0]
        assert [rows[n]["missing_outputs"] for n in range(1, 9)] == [0, 0, 0, 0, 0, 0, 0, 1]
        assert d.skipped == 1
        assert list(selectors.drill(sop, PERIOD, "skipped", "6")) == [history["A"]]
        assert list(selectors.drill(sop, PERIOD, "missing", "8")) == [history["B"]]
        # Step 6 now has B's two passes (20 and 5 minutes): 1 of 2 within 15 minutes.
        assert tabel7.suggest(rows[6]) == (
            "poor",
            [{"code": "slow", "percent": 50, "threshold": 80}, {"code": "skipped", "count": 1}],
        )
        assert tabel7.suggest(rows[8])[1][-1] == {"code": "missing", "count": 1}
        assert tabel7.suggest(rows[4]) == ("good", [])


def test_days_come_from_the_cache_until_their_runs_change(history, sop, staff):
    from django.core.cache import cache

    from redaksi.monitoring import daycache

    from .history import complete

    with time_machine.travel(NOW, tick=False) as clock:
        first = dashboard.build(sop, PERIOD)
        keys = [k for k in cache._cache if "monitoring:runs:v3" in k]  # locmem: one entry per day with runs,
        assert len([k for k in keys if ":days:" not in k]) == 4
        assert len([k for k in keys if ":days:" in k]) == 1  # and the days before today combined
        again = dashboard.build(sop, PERIOD)
        assert again.steps == first.steps and again.people == first.people
        # Thursday gets a new run: only Thursday is measured again, and the figures include it.
        clock.shift(timedelta(minutes=5))
        complete(history["D"], staff, 3, "D")
        calls = []
        original = daycache._measure
        daycache._measure = lambda runs, work, standards, wanted, missing: (
            calls.append(wanted) or original(runs, work, standards, wanted, missing)
        )
        try:
            later = dashboard.build(sop, PERIOD)
        finally:
            daycache._measure = original
        assert calls == [{date(2026, 11, 26)}]
        step3 = next(s for s in later.steps if s["number"] == 3)
        assert (step3["runs"], step3["within"]) == (5, 4)  # D's approval took 10 minutes


def test_skipped_steps_come_from_the_cache_until_their_day_changes(history, sop):
    """The items finished per day and their passes are cached with the day's runs: a removed pass
    changes the day's fingerprint, and the count follows."""
    from redaksi.monitoring import daycache
    from redaksi.newsroom.models import StepRun

    calls = []
    original = daycache._count_passes
    daycache._count_passes = lambda items, work, wanted, groups: (
        calls.append(wanted) or original(items, work, wanted, groups)
    )
    try:
        with time_machine.travel(NOW, tick=False):
            assert [s["skipped"] for s in dashboard.build(sop, PERIOD).steps] == [0] * 8
            assert calls == [{date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)}, {date(2026, 11, 26)}]
            assert [s["skipped"] for s in dashboard.build(sop, PERIOD).steps] == [0] * 8
            assert len(calls) == 2  # every day from the cache
            StepRun.objects.filter(item=history["A"], step_number=6).delete()  # A finished on Monday
            assert [s["skipped"] for s in dashboard.build(sop, PERIOD).steps] == [0, 0, 0, 0, 0, 1, 0, 0]
            assert calls[2:] == [{date(2026, 11, 23)}]
    finally:
        daycache._count_passes = original


def test_merging_in_order_and_the_median_of_all_match_a_plain_sort():
    """Today's few values go into the earlier days' by bisection; the wait median is read unmerged."""
    import random
    import statistics
    from itertools import chain

    from redaksi.monitoring import daycache, stats

    rng = random.Random(12)
    big = sorted(rng.randint(0, 9000) for _ in range(3000))
    small = sorted(rng.randint(-5, 9100) for _ in range(41))
    for runs in ([big, small], [small, big, small, []], [small, small], [[], []]):
        assert list(daycache._merged(runs)) == sorted(chain.from_iterable(runs))
    for sizes in ((3000, 41, 0), (3000, 40, 1), (1, 0, 0), (2,)):
        queues = [sorted(rng.randint(0, 500) for _ in range(n)) for n in sizes]
        durations = [stats.Durations(queue=q, ordered=True) for q in queues]
        assert stats.median_of_all(durations) == statistics.median(list(chain.from_iterable(queues)))
        assert stats.median_of_all([stats.Durations(queue=list(reversed(q))) for q in queues]) == stats.median_of_all(
            durations
        )
    assert stats.median_of_all([stats.Durations(ordered=True)]) is None
