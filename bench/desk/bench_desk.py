"""My work and the board at N news items: latency of the real views, in process.

    .venv/bin/python bench/desk/bench_desk.py                 # 100,000 items, SQLite in a temp folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/desk/bench_desk.py

The items are inserted in bulk (the desk's own services would take hours for 100,000), spread
over the 8 steps like a busy office's backlog; each view is then requested through Django's
test client as each role, and the timings of the whole request (middleware, queries, template)
are summarised. The web server in front adds the same small constant to every figure.
"""

import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
N = int(os.environ.get("BENCH_ITEMS", "100000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))

if not os.environ.get("DATABASE_URL"):
    os.environ["REDAKSI_VAR_DIR"] = tempfile.mkdtemp(prefix="redaksi-bench-")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

settings.DEBUG = False
settings.ALLOWED_HOSTS = ["testserver"]


def setup() -> dict:
    from redaksi.accounts.models import Office
    from redaksi.demo.staff import DEMO_PASSWORD, create_demo_staff
    from redaksi.newsroom.models import NewsItem
    from redaksi.sop.services import sop_load

    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        NewsItem.objects.all().delete()
    version = sop_load(text=settings.REDAKSI_DEFAULT_SOP_FILE.read_text()).version
    office = Office.objects.get()
    staff = dict((p.username, u) for p, u in create_demo_staff(office))
    writers = [staff["pengolah"], staff["pengolah2"]]
    now = timezone.now()
    batch = []
    started = time.perf_counter()
    for i in range(N):
        # A backlog: most items finished long ago, the rest spread over the steps.
        step = None if i % 10 < 7 else (i % 8) + 1
        since = now - timedelta(minutes=(N - i) * 3)
        batch.append(
            NewsItem(
                office=office, sop_version=version, title=f"Berita nomor {i} tentang pembangunan desa",
                slug=f"berita-{i}", body="<p>Isi.</p>", created_by=writers[i % 2], current_step=step,
                current_since=since if step else None, finished_at=None if step else since,
                published_at=None if step else since,
            )
        )  # fmt: skip
        if len(batch) == 5000:
            NewsItem.objects.bulk_create(batch)
            batch = []
    NewsItem.objects.bulk_create(batch)
    print(f"inserted {N:,} items in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        # PostgreSQL answers the per-step counts from the index alone once the visibility map is set.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {"password": DEMO_PASSWORD, **staff}


def measure(client: Client, path: str) -> tuple[float, float, float]:
    for _ in range(5):
        assert client.get(path).status_code == 200
    times = []
    for _ in range(REQUESTS):
        t = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], times[-1]


def main() -> None:
    staff = setup()
    rows = []
    for username, path in [
        ("kabag", "/redaksi/"),
        ("kasubag", "/redaksi/"),
        ("pengolah", "/redaksi/"),
        ("adminweb", "/redaksi/"),
        ("kabag", "/redaksi/papan/"),
        ("pengolah", "/redaksi/papan/?saya=1"),
        ("kabag", "/redaksi/papan/?q=nomor+99"),
    ]:
        client = Client()
        assert client.login(username=username, password=staff["password"])
        p50, p95, worst = measure(client, path)
        rows.append((username, path, p50, p95, worst))
    print(f"\n{N:,} items, {connection.vendor}, {REQUESTS} requests each, {os.cpu_count()} cores\n")
    print("| user | page | p50 ms | p95 ms | max ms |")
    print("|---|---|---:|---:|---:|")
    for username, path, p50, p95, worst in rows:
        print(f"| {username} | `{path}` | {p50:.1f} | {p95:.1f} | {worst:.1f} |")


if __name__ == "__main__":
    main()
