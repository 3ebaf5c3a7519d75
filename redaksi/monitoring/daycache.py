"""The measured runs of each day, kept in the cache under a fingerprint of that day's rows.

Measuring a semester means office time for a few hundred thousand runs; most of those days will
never change again. So the durations, the returns and the passes lacking their output are grouped by
the local day the run finished (a finished run's times, outcome, output and approval are written once,
when it finishes), and each day's
group is cached under a key made of the SOP, the day, the count and highest id of the day's runs,
and the office calendar: a new or removed run, or another calendar, gives another key, so a cached
day is never stale. Only the days whose key is not in the cache are measured, in one query.
"""

import hashlib
from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from itertools import chain
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from redaksi.core import clock
from redaksi.newsroom.models import StepRun

from .fastclock import Epoch, WorkingClock

TIMEOUT = 14 * 24 * 3600
COMPOUND_LIMIT = 400  # days per fingerprint query (SQLite allows 500 SELECTs in one compound)
# {"steps": {number: [seconds, queues, within]}, "people": {...}, "rejected": {number: n}, "missing": {...}}
Group = dict[str, dict[int, Any]]


def calendar_key(cal: clock.OfficeCalendar) -> str:
    text = repr((cal.week, str(cal.tz), sorted(cal.holidays)))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def rows(qs: QuerySet) -> Iterator[tuple]:
    """The query's rows as the database gives them: plain integers here, so no per-value conversion."""
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(5000):
            yield from chunk


def _empty() -> Group:
    return {"steps": {}, "people": {}, "rejected": {}, "missing": {}, "finished": {}, "passed": {}}


def _add(group: dict[int, list], key: int, seconds: int, queue: int | None, standard: int) -> None:
    entry = group.setdefault(key, [[], [], 0])
    entry[0].append(seconds)
    if queue is not None:
        entry[1].append(queue)
    entry[2] += seconds <= standard * 60


def _measure(
    runs: QuerySet, work: WorkingClock, standards: dict, wanted: set[date], missing: Q | None
) -> dict[date, Group]:
    groups: dict[date, Group] = defaultdict(_empty)
    lacking = Case(When(missing, then=Value(1)), default=Value(0), output_field=IntegerField()) if missing else Value(0)
    qs = runs.values_list(
        "step_number", Epoch("available_at"), Epoch("taken_at"), Epoch("finished_at"), "item__sop_version_id",
        "finished_by_id", "outcome", lacking,
    )  # fmt: skip
    for number, available, taken, finished, version_id, person, outcome, lacks in rows(qs.order_by()):
        day = work.day_of(finished)
        if day not in wanted:
            continue
        if outcome == "reject":
            groups[day]["rejected"][number] = groups[day]["rejected"].get(number, 0) + 1
        if lacks:
            groups[day]["missing"][number] = groups[day]["missing"].get(number, 0) + 1
        seconds = work.seconds(available, finished)
        queue = work.seconds(available, taken) if taken is not None else None
        standard = standards[version_id, number]
        _add(groups[day]["steps"], number, seconds, queue, standard)
        if person is not None:
            _add(groups[day]["people"], person, seconds, queue, standard)
    for group in groups.values():  # sorted, the days' lists merge quickly (Timsort finds the runs)
        for part in ("steps", "people"):
            for entry in group[part].values():
                entry[0].sort()
                entry[1].sort()
    return groups


def period_group(
    runs: QuerySet,
    days: list[date],
    work: WorkingClock,
    standards: dict,
    key_prefix: str,
    missing: Q | None = None,
    items: QuerySet | None = None,
) -> Group:
    """The measured runs of `runs` over the days, as one group (lists in order): `missing` picks the
    runs that lack their output; with `items`, the group also holds how many of them finished
    ("finished": {0: n}) and how many of those passed each step ("passed").

    The days before today rarely change: they are combined once and kept under a digest of their
    day keys (any change to one of them gives another digest), and today's group is added to them."""
    tz = work.cal.tz
    cal = calendar_key(work.cal)
    keys = {day: f"{key_prefix}:{day}:{n}:{top}:{cal}" for day, n, top in _fingerprints(days, tz)}
    today = timezone.now().astimezone(tz).date()
    closed = {day: key for day, key in keys.items() if day < today}
    digest = hashlib.sha256("|".join(closed.values()).encode()).hexdigest()
    whole_key = f"{key_prefix}:days:{days[0]}:{days[-1]}:{digest}"
    base = cache.get(whole_key)
    if base is None:
        base = combined(_day_groups(runs, closed, work, standards, missing, items))
        cache.set(whole_key, base, TIMEOUT)
    recent = {day: key for day, key in keys.items() if day >= today}
    return combined([base, *_day_groups(runs, recent, work, standards, missing, items)])


def _day_groups(
    runs: QuerySet,
    keys: dict[date, str],
    work: WorkingClock,
    standards: dict,
    missing: Q | None,
    items: QuerySet | None,
) -> list[Group]:
    """One group per day of `keys`, from the cache where the day's key is there, else measured."""
    if not keys:
        return []
    tz = work.cal.tz
    found = cache.get_many(list(keys.values()))
    missing_days = {day for day, key in keys.items() if key not in found}
    if missing_days:
        span = (min(missing_days), max(missing_days) + timedelta(days=1))
        bounds: dict[str, Any] = {"finished_at__gte": _midnight(span[0], tz), "finished_at__lt": _midnight(span[1], tz)}
        fresh = _measure(runs.filter(**bounds), work, standards, missing_days, missing)
        if items is not None:
            _count_passes(items.filter(**bounds), work, missing_days, fresh)
        new = {keys[day]: fresh.get(day, _empty()) for day in missing_days}
        cache.set_many(new, TIMEOUT)
        found.update(new)
    return [found[key] for key in keys.values()]


def combined(groups: list[Group]) -> Group:
    """The groups as one: each key's durations merged in order into arrays (each group's are in
    order already), counts added up."""
    out = _empty()
    for part in ("steps", "people"):
        parts: dict[int, list] = {}
        for group in groups:
            for key, (seconds, queues, within) in group[part].items():
                entry = parts.setdefault(key, [[], [], 0])
                entry[0].append(seconds)
                entry[1].append(queues)
                entry[2] += within
        out[part] = {
            key: [_merged(seconds), _merged(queues), within] for key, (seconds, queues, within) in parts.items()
        }
    for part in ("rejected", "missing", "finished", "passed"):
        counts: dict[int, int] = out[part]
        for group in groups:
            for key, n in group[part].items():
                counts[key] = counts.get(key, 0) + n
    return out


def _merged(runs: list) -> array:
    """Sequences in order, merged into one array in order. A few values into many (today's into the
    days before) go in by bisection and copies of the stretches between them; else one sort."""
    runs = sorted((run for run in runs if len(run)), key=len, reverse=True)
    if not runs:
        return array("q")
    rest = sum(len(run) for run in runs[1:])
    if rest * 16 > len(runs[0]):
        return array("q", sorted(chain.from_iterable(runs)))
    out = array("q", runs[0])
    for run in runs[1:]:
        into, out, start = out, array("q"), 0
        for value in run:
            end = bisect_right(into, value, start)
            out.extend(into[start:end])
            out.append(value)
            start = end
        out.extend(into[start:])
    return out


def _count_passes(items: QuerySet, work: WorkingClock, wanted: set[date], groups: dict[date, Group]) -> None:
    """The items finished on each wanted day, and per step how many of them have a completed pass.

    An item finishes with its last run, at the same moment: the day's run fingerprint changes when an
    item finishes on it (or is deleted with its runs), and a finished item's runs never change again."""
    finished = items.values_list("pk", Epoch("finished_at"))
    day_of: dict[int, date] = {}
    for pk, moment in rows(finished.order_by()):
        day = work.day_of(moment)
        if day in wanted:
            day_of[pk] = day
            counts = groups[day]["finished"]
            counts[0] = counts.get(0, 0) + 1
    passes = (
        StepRun.objects.filter(item_id__in=items.values("pk"), finished_at__isnull=False)
        .exclude(outcome=StepRun.Outcome.REOPENED)
        .values_list("item_id", "step_number")
        .distinct()
    )
    for pk, number in rows(passes.order_by()):
        if pk in day_of:
            passed = groups[day_of[pk]]["passed"]
            passed[number] = passed.get(number, 0) + 1


def _fingerprints(days: list[date], tz: Any) -> list[tuple[date, int, int]]:
    """Each day's count and highest id of the step runs finished on it, of every item and outcome.

    A run is finished once, at the time it finishes (a pass cut short is finished as REOPENED), and
    ids only grow: a day whose count and highest id are unchanged holds the same finished runs.
    Counting every run (not only this SOP's) just measures a day again after a change elsewhere.
    One range of the index on finished_at per day, and no arithmetic per row."""
    ops, rows = connection.ops, []
    table, finished, pk = (ops.quote_name(n) for n in (StepRun._meta.db_table, "finished_at", "id"))
    if connection.vendor == "postgresql":  # one plan for every day, where planning a compound costs more
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT b.i, c.n, c.top FROM unnest(%s::timestamptz[], %s::timestamptz[]) WITH ORDINALITY"  # noqa: S608
                f" AS b(lo, hi, i) CROSS JOIN LATERAL (SELECT COUNT(*) AS n, MAX({pk}) AS top FROM {table}"
                f" WHERE {finished} >= b.lo AND {finished} < b.hi) AS c",
                [[_midnight(day, tz) for day in days], [_midnight(day + timedelta(days=1), tz) for day in days]],
            )
            return [(days[i - 1], n, top) for i, n, top in cursor.fetchall() if n]
    for chunk in range(0, len(days), COMPOUND_LIMIT):
        part = days[chunk : chunk + COMPOUND_LIMIT]
        sql = " UNION ALL ".join(
            f"SELECT {i}, COUNT(*), MAX({pk}) FROM {table} WHERE {finished} >= %s AND {finished} < %s"  # noqa: S608
            for i in range(len(part))
        )
        params = []
        for day in part:
            params += [ops.adapt_datetimefield_value(_midnight(d, tz)) for d in (day, day + timedelta(days=1))]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows += [(part[i], n, top) for i, n, top in cursor.fetchall() if n]
    return rows


def _midnight(day: date, tz: Any) -> datetime:
    return datetime.combine(day, time.min, tzinfo=tz)
