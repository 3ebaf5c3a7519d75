"""A full rebuild of the public site: cold, with nothing changed, and after one item's title changed.

Usage (from the repository root; everything goes into a scratch folder, WORK, default /tmp/redaksi-rebuild-bench):

    .venv/bin/python bench/public/bench_rebuild.py 100000 [--photos 2000] [--runs 3]

Seeds the items (as seed_and_measure.py does) into a scratch SQLite database, empties the site folder, then
times: the cold rebuild (every page drawn and written), `--runs` rebuilds that find nothing changed (median),
and a rebuild after one item's title changed. It prints the pages drawn and skipped, and the load average
before and after each measure: on a shared machine, read the figures with the load beside them.
"""

import os
import shutil
import statistics
import sys
import time
from pathlib import Path

WORK = Path(os.environ.get("WORK", "/tmp/redaksi-rebuild-bench"))
os.environ.setdefault("REDAKSI_VAR_DIR", str(WORK / "var"))
os.environ.setdefault("REDAKSI_PUBLIC_ROOT", str(WORK / "var" / "public_site"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
(WORK / "var").mkdir(parents=True, exist_ok=True)
sys.path.insert(0, str(Path(__file__).resolve().parent))

import seed_and_measure  # noqa: E402  (sets Django up)
from django.conf import settings  # noqa: E402
from django.utils.translation import override  # noqa: E402

from redaksi.newsroom.models import NewsItem  # noqa: E402
from redaksi.public.render import engine  # noqa: E402


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def timed_rebuild(label: str) -> float:
    before = load()
    started = time.monotonic()
    with override("id"):
        writer = engine.rebuild()
    seconds = time.monotonic() - started
    drawn = len(writer.written) + len(writer.unchanged)
    print(
        f"{label}: {seconds:.1f} s, {drawn} files drawn ({len(writer.written)} written), "
        f"{len(writer.skipped)} skipped, {len(writer.removed)} removed; load {before} -> {load()}",
        flush=True,
    )
    return seconds


def main(argv: list[str]) -> None:
    n = int(argv[0])
    photos = int(argv[argv.index("--photos") + 1]) if "--photos" in argv else 0
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 3
    office = seed_and_measure.seed(n)
    photos = seed_and_measure.seed_photos(office, photos)
    print(f"items={n} photos={photos} nproc={os.cpu_count()} root={settings.REDAKSI_PUBLIC_ROOT}", flush=True)
    shutil.rmtree(settings.REDAKSI_PUBLIC_ROOT, ignore_errors=True)
    timed_rebuild("cold rebuild (empty folder)")
    unchanged = [timed_rebuild(f"rebuild, nothing changed, run {i + 1}") for i in range(runs)]
    print(f"rebuild_nothing_changed_seconds median={statistics.median(unchanged):.1f}", flush=True)
    item = NewsItem.objects.filter(office=office, published_at__isnull=False).order_by("pk")[n // 2]
    NewsItem.objects.filter(pk=item.pk).update(title=item.title + " (ralat)")
    timed_rebuild("rebuild after one title changed")


if __name__ == "__main__":
    main(sys.argv[1:])
