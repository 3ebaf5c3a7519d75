"""The monitoring dashboard at N news items (and their step runs): latency of the real view, in process.

    .venv/bin/python bench/monitoring/bench_dashboard.py        # 100,000 items, SQLite in a temp folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/monitoring/bench_dashboard.py

The items and their step runs are inserted in bulk, one item every 10 minutes back from now (about
two years for 100,000): the newest 300 somewhere along the 8 steps and one in a hundred of the
older ones left there, the rest finished; every pass taking
between half and one and a half times its standard, with a return at the approval for one item in
twenty. The dashboard is then requested through Django's test client as the Kabag, for the default
30 days and for a semester, and the timings of the whole request are summarised.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
N = int(os.environ.get("BENCH_ITEMS", "100000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "50"))

# BENCH_DIR keeps the SQLite database between runs (and BENCH_REUSE=1 reuses a dataset already built).
if not os.environ.get("DATABASE_URL"):
    os.environ["REDAKSI_VAR_DIR"] = os.environ.get("BENCH_DIR") or tempfile.mkdtemp(prefix="redaksi-bench-")
    Path(os.environ["REDAKSI_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
REUSE = os.environ.get("BENCH_REUSE") == "1"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
# The Kabag logs in by password alone here: the bench measures the pages, not the second factor.
os.environ.setdefault("REDAKSI_2FA_REQUIRED", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

settings.DEBUG = False
settings.ALLOWED_HOSTS = ["testserver"]
PERFORMER = {1: "pengolah", 2: "kasubag", 3: "kabag", 4: "pengolah", 5: "adminweb", 6: "kasubag", 7: "adminweb"}
PERFORMER[8] = "adminweb"


def _passes(rng: random.Random, last: int, steps: dict) -> list[tuple[int, str, int]]:
    """(step, outcome, minutes) for the steps an item went through, up to (not including) `last`."""
    passes = []
    for number in range(1, last):
        minutes = max(1, round(steps[number].minutes * rng.uniform(0.5, 1.5)))
        if number == 3 and rng.random() < 0.05:
            passes += [(3, "reject", minutes), (2, "done", steps[2].minutes)]
        passes.append((number, "approve" if number in (3, 6) else "done", minutes))
    return passes


def _insert(office, version, staff, rng) -> None:
    from redaksi.newsroom.models import NewsItem, StepRun

    steps = {s.number: s for s in version.steps.all()}
    now = timezone.now()
    items, plans = [], []
    for i in range(N):
        # 9: finished. The newest 300 items are on their way, and one older item in a hundred was left.
        last = (i % 8) + 1 if i >= N - 300 or i % 100 == 0 else 9
        start = now - timedelta(minutes=(N - i) * 10)
        passes = _passes(rng, last, steps)
        end = start + timedelta(minutes=sum(m for _n, _o, m in passes))
        published = end - timedelta(minutes=passes[-1][2]) if last == 9 else None
        items.append(
            NewsItem(
                office=office, sop_version=version, title=f"Berita nomor {i}", slug=f"berita-{i}",
                created_by=staff["pengolah"], current_step=None if last == 9 else last,
                current_since=None if last == 9 else end, finished_at=end if last == 9 else None,
                published_at=published,
            )
        )  # fmt: skip
        plans.append((start, passes))
    NewsItem.objects.bulk_create(items, batch_size=5000)
    runs = []
    for item, (at, passes) in zip(items, plans, strict=True):
        for number, outcome, minutes in passes:
            done = at + timedelta(minutes=minutes)
            who = staff[PERFORMER[number]]
            runs.append(
                StepRun(
                    item=item, step_number=number, role=steps[number].role, available_at=at, taken_at=at,
                    taken_by=who, finished_at=done, finished_by=who, outcome=outcome,
                    output={"links": ["https://example.org/p"]} if number == 8 else {"published_at": "x"},
                )
            )  # fmt: skip
            at = done
        if len(runs) > 20000:
            StepRun.objects.bulk_create(runs, batch_size=5000)
            runs = []
    StepRun.objects.bulk_create(runs, batch_size=5000)


def setup() -> dict:
    from redaksi.accounts.models import Office
    from redaksi.demo.staff import DEMO_PASSWORD, create_demo_staff
    from redaksi.newsroom.models import NewsItem, StepRun
    from redaksi.sop.services import sop_load

    call_command("migrate", verbosity=0)
    if REUSE and NewsItem.objects.count() >= N:
        from django.contrib.auth import get_user_model

        from redaksi.demo.staff import DEMO_PASSWORD

        users = get_user_model().objects.filter(username__in=set(PERFORMER.values()))
        print(f"reusing {NewsItem.objects.count():,} items and {StepRun.objects.count():,} step runs")
        return {"password": DEMO_PASSWORD, **{u.username: u for u in users}}
    if connection.vendor == "postgresql":
        StepRun.objects.all().delete()
        NewsItem.objects.all().delete()
    version = sop_load(text=settings.REDAKSI_DEFAULT_SOP_FILE.read_text()).version
    office = Office.objects.get()
    staff = {p.username: u for p, u in create_demo_staff(office)}
    started = time.perf_counter()
    _insert(office, version, staff, random.Random(12))
    print(f"inserted {N:,} items and {StepRun.objects.count():,} step runs in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {"password": DEMO_PASSWORD, **staff}


def measure(client: Client, path: str) -> tuple[float, float, float]:
    for _ in range(3):
        assert client.get(path).status_code == 200
    times = []
    for _ in range(REQUESTS):
        t = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], times[-1]


def main() -> None:
    staff = setup()
    today = timezone.localdate()
    semester = f"dari={today - timedelta(days=181)}&sampai={today}"
    client = Client()
    assert client.login(username="kabag", password=staff["password"])
    rows = []
    for label, path in [
        ("dashboard, last 30 days", "/pemantauan/"),
        ("dashboard, last 182 days", f"/pemantauan/?{semester}"),
        ("drill-down, passes of step 3", "/pemantauan/berita/?saring=step&nilai=3"),
        ("drill-down, late right now", "/pemantauan/berita/?saring=late&nilai=1"),
    ]:
        rows.append((label, path, *measure(client, path)))
    print(f"\n{N:,} items, {connection.vendor}, {REQUESTS} requests each, {os.cpu_count()} cores\n")
    print("| page | address | p50 ms | p95 ms | max ms |")
    print("|---|---|---:|---:|---:|")
    for label, path, p50, p95, worst in rows:
        print(f"| {label} | `{path}` | {p50:.1f} | {p95:.1f} | {worst:.1f} |")


if __name__ == "__main__":
    main()
