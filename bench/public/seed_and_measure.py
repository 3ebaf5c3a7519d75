"""Seed N published items into a scratch database, then time a full rebuild, search and publish-to-live.

Run by run.sh with REDAKSI_VAR_DIR and REDAKSI_PUBLIC_ROOT pointing at a scratch folder.
"""

import os
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
# The measures go through Django's test client, whose requests name the host "testserver".
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from redaksi.accounts.models import Office, User  # noqa: E402
from redaksi.demo.items import CATEGORIES, PARAGRAPHS  # noqa: E402
from redaksi.demo.staff import create_demo_staff  # noqa: E402
from redaksi.newsroom.models import Category, NewsItem, Tag  # noqa: E402
from redaksi.newsroom.selectors import news_sop_version, public_path  # noqa: E402
from redaksi.newsroom.services import ItemText, item_create, step_complete  # noqa: E402
from redaksi.sop.engine import Outcome  # noqa: E402

WORDS = [
    "bupati",
    "wakil",
    "camat",
    "desa",
    "kecamatan",
    "jembatan",
    "jalan",
    "sekolah",
    "puskesmas",
    "imunisasi",
    "banjir",
    "rob",
    "pasar",
    "murah",
    "festival",
    "pantai",
    "pelatihan",
    "website",
    "beasiswa",
    "mahasiswa",
    "internet",
    "nelayan",
    "petani",
    "sawit",
    "karet",
    "pelabuhan",
    "kapal",
    "ferry",
    "rupat",
    "bantan",
    "duri",
    "mandau",
    "bengkalis",
    "siak",
    "kecil",
    "bukit",
    "batu",
    "pinggir",
    "talang",
    "muandau",
    "rupat",
    "utara",
    "bandar",
    "laksamana",
]


def p95(values):
    return statistics.quantiles(values, n=20)[18] if len(values) >= 20 else max(values)


def seed(n: int) -> Office:
    call_command("migrate", verbosity=0)
    call_command("sop_load", str(settings.REDAKSI_DEFAULT_SOP_FILE), verbosity=0)
    office = Office.objects.get()
    create_demo_staff(office)
    if NewsItem.objects.exists():
        return office
    version = news_sop_version(office)
    author = User.objects.get(username="pengolah")
    cats = [Category.objects.get_or_create(office=office, slug=slugify(c), defaults={"name": c})[0] for c in CATEGORIES]
    tags = [Tag.objects.create(office=office, name=w.title(), slug=w) for w in sorted(set(WORDS))[:40]]
    rng = random.Random(7)
    now = timezone.now()
    start = now - timedelta(days=3 * 365)
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    through = NewsItem.tags.through
    for chunk in range(0, n, 2000):
        items = []
        for i in range(chunk, min(n, chunk + 2000)):
            title = " ".join(rng.choice(WORDS) for _ in range(7)).capitalize() + f" {i}"
            moment = start + (now - start) * (i / n)
            items.append(
                NewsItem(
                    office=office, sop_version=version, title=title, slug=slugify(title)[:100], lead=title + ".",
                    body=body, category=rng.choice(cats), byline=author.full_name, place="Bengkalis",
                    created_by=author, published_at=moment, finished_at=moment,
                )
            )  # fmt: skip
        NewsItem.objects.bulk_create(items, batch_size=500)
        created = NewsItem.objects.filter(pk__gt=(items[0].pk or 0) - 1) if items[0].pk else None
        if created is not None:
            through.objects.bulk_create(
                [through(newsitem_id=it.pk, tag_id=rng.choice(tags).pk) for it in items], batch_size=1000
            )
        print(f"seeded {min(n, chunk + 2000)}/{n}", file=sys.stderr)
    return office


def seed_photos(office: Office, count: int) -> int:
    """Give `count` items (spread over the years) a lead photo with every rendition, like the media app makes.

    One 1600x1067 photo is rendered once; each Photo row is its own (own key, so its own /media/ folder on
    the site) but the Rendition rows share the stored files, so the bench measures the renderer's copying,
    not the media worker.
    """
    import hashlib
    import io
    import uuid

    from PIL import Image

    from redaksi.media import images
    from redaksi.media.models import ItemMedia, Photo, Rendition, Status
    from redaksi.media.storage import media_storage

    if count <= 0 or Photo.objects.exists():
        return Photo.objects.count()
    im = Image.new("RGB", (1600, 1067), (40, 110, 170))
    im.paste((220, 160, 20), (0, 0, 600, 400))
    raw = io.BytesIO()
    im.save(raw, "JPEG", quality=88)
    storage = media_storage()
    original = storage.save("bench/original.jpg", io.BytesIO(raw.getvalue()))
    stored = []
    for enc in images.render_all(io.BytesIO(raw.getvalue()), "jpeg", focal=(0.5, 0.5)):
        ext = "jpg" if enc.format == "jpeg" else enc.format
        name = storage.save(f"bench/{enc.kind}{enc.width}.{ext}", io.BytesIO(enc.data))
        stored.append((enc, name))
    author = User.objects.get(username="pengolah")
    ids = list(NewsItem.objects.filter(office=office).order_by("pk").values_list("pk", flat=True))
    step = max(1, len(ids) // count)
    chosen = ids[::step][:count]
    for start in range(0, len(chosen), 500):
        batch = chosen[start : start + 500]
        photos = Photo.objects.bulk_create(
            [
                Photo(
                    key=uuid.uuid4(), office=office, uploaded_by=author, original=original, format="jpeg",
                    size_bytes=len(raw.getvalue()), sha256=hashlib.sha256(f"{pk}".encode()).hexdigest(),
                    width=1600, height=1067, caption=f"Foto kegiatan {pk}", credit="Humas", alt_text="Kegiatan",
                    status=Status.READY,
                )
                for pk in batch
            ]
        )  # fmt: skip
        Rendition.objects.bulk_create(
            [
                Rendition(
                    photo=p, kind=enc.kind, format=enc.format, width=enc.width, height=enc.height, file=name,
                    size_bytes=len(enc.data),
                )
                for p in photos
                for enc, name in stored
            ]
        )  # fmt: skip
        ItemMedia.objects.bulk_create(
            [ItemMedia(item_id=pk, photo=p, is_lead=True, added_by=author) for pk, p in zip(batch, photos, strict=True)]
        )
    return len(chosen)


def measure_rebuild() -> float:
    started = time.monotonic()
    call_command("public_rebuild", "--quiet-progress")
    return time.monotonic() - started


def measure_search(runs: int = 200) -> dict:
    client = Client()
    rng = random.Random(11)
    timings = {"common": [], "rare": [], "two words": []}
    for _ in range(runs):
        for kind, q in (
            ("common", "bengkalis"),
            ("rare", f"{rng.choice(WORDS)} {rng.randint(0, 99999)}"),
            ("two words", f"{rng.choice(WORDS)} {rng.choice(WORDS)}"),
        ):
            t = time.perf_counter()
            response = client.get("/cari/", {"q": q})
            timings[kind].append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200
    return {k: (statistics.median(v), p95(v)) for k, v in timings.items()}


def measure_publish(office: Office, count: int = 20) -> list[float]:
    """Publish on the real path (services, DB task queue, a db_worker polling every 0.1 s) and wait for the file."""
    users = {u.username: u for u in User.objects.filter(office=office)}
    performer = {"staf-pengolah-data": users["pengolah"], "kasubag": users["kasubag"], "kabag": users["kabag"]}
    performer["staf-admin"] = users["adminweb"]
    steps = news_sop_version(office).definition["steps"]
    items = []
    for i in range(count):
        item = item_create(
            actor=users["pengolah"], office=office,
            text=ItemText(title=f"Berita uji tayang {i}", lead="Uji.", body="<p>Isi.</p>", category=None),
        )  # fmt: skip
        for step in steps[:6]:
            decision = step["symbol"] == "decision"
            step_complete(
                actor=performer[step["performer"]], item_id=item.pk, step_number=step["number"],
                outcome=Outcome.APPROVE if decision else Outcome.DONE, expected_revision=None,
            )  # fmt: skip
        items.append(item)
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.1"],
        cwd=Path(__file__).resolve().parents[2], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        time.sleep(3)
        latencies = []
        for item in items:
            t = time.perf_counter()
            step_complete(
                actor=users["adminweb"], item_id=item.pk, step_number=7, outcome=Outcome.DONE, expected_revision=None
            )
            item.refresh_from_db()
            target = Path(settings.REDAKSI_PUBLIC_ROOT) / public_path(item).lstrip("/") / "index.html"
            while not target.exists():
                time.sleep(0.005)
                if time.perf_counter() - t > 30:
                    raise SystemExit("publish did not reach the site in 30 s")
            latencies.append((time.perf_counter() - t) * 1000)
        return latencies
    finally:
        worker.terminate()
        worker.wait()


if __name__ == "__main__":
    n = int(sys.argv[1])
    office = seed(n)
    photos = seed_photos(office, int(os.environ.get("PHOTOS", "0")))
    print(f"items={n} photos={photos}")
    if "--seed-only" in sys.argv:
        raise SystemExit(0)
    rebuild = measure_rebuild()
    print(f"rebuild_seconds={rebuild:.1f}")
    for kind, (median, high) in measure_search().items():
        print(f"search_{kind.replace(' ', '_')}_ms median={median:.1f} p95={high:.1f}")
    latencies = measure_publish(office)
    print(f"publish_to_live_ms median={statistics.median(latencies):.0f} p95={p95(latencies):.0f}")
    sample = NewsItem.objects.filter(published_at__isnull=False).order_by("pk")[n // 2]
    print(f"article_path={public_path(sample)}")
