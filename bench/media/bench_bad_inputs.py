"""How fast the photo upload endpoint refuses hostile input (bad inputs 20 and 22), timed.

    .venv/bin/python bench/media/bench_bad_inputs.py            # 20 rounds of each case
    BENCH_ROUNDS=50 .venv/bin/python bench/media/bench_bad_inputs.py

The test suite proves each refusal (status 400, nothing stored, little memory:
redaksi/media/tests/test_bad_inputs.py); how long a refusal takes depends on the machine, so it is
measured here. Each case is the same request the test sends, through Django's test client as a
logged-in reporter (middleware, session, the multipart parser and the view), against SQLite in a
temporary folder. The bound each case was once asserted with in the tests is printed beside it.
"""

import logging
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))

VAR = tempfile.mkdtemp(prefix="redaksi-bench-bad-")
os.environ["REDAKSI_VAR_DIR"] = VAR
os.environ.pop("DATABASE_URL", None)
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from redaksi.media.tests.test_bad_inputs import gif_claiming, ico_claiming, multipart, png_claiming  # noqa: E402

logging.getLogger("django.request").setLevel(logging.ERROR)  # each refusal would log a warning
settings.DEBUG = False
settings.ALLOWED_HOSTS = ["testserver"]
settings.MEDIA_ROOT = Path(VAR) / "media"


def setup() -> tuple[Client, str]:
    from redaksi.accounts.models import Office
    from redaksi.demo.staff import DEMO_PASSWORD, create_demo_staff
    from redaksi.newsroom.services import ItemText, item_create
    from redaksi.sop.services import sop_load

    call_command("migrate", verbosity=0)
    sop_load(text=settings.REDAKSI_DEFAULT_SOP_FILE.read_text())
    office = Office.objects.get()
    staff = {p.username: u for p, u in create_demo_staff(office)}
    text = ItemText(title="Bupati Resmikan Jembatan Desa", lead="Lead berita.", body="<p>Isi berita.</p>")
    item = item_create(actor=staff["pengolah"], office=office, text=text)
    client = Client()
    assert client.login(username="pengolah", password=DEMO_PASSWORD)
    return client, reverse("media:photo_upload", args=[item.pk])


def cases() -> list[tuple[str, str, float, object]]:
    """(bad input, case, the bound the test once asserted in seconds, request body or file)."""
    import base64

    encoded = base64.b64encode(b"\x00" * 30_000)
    stuffed = b"".join(encoded[i : i + 4] + b" " * 400 for i in range(0, len(encoded), 4))  # ~3 MB
    return [
        ("20", "PNG claiming 50,000 × 50,000", 1.0, ("file", png_claiming(50_000, 50_000))),
        ("20", "PNG claiming 144 MP", 1.0, ("file", png_claiming(12_000, 12_000))),
        ("20", "GIF claiming 65,535 × 65,535", 1.0, ("file", gif_claiming(65_535, 65_535))),
        ("20", "ICO holding a 50,000² PNG", 1.0, ("file", ico_claiming())),
        (
            "22",
            "101 files",
            2.0,
            multipart([("f", f"{n}.jpg", b"x", {"Content-Type": "image/jpeg"}) for n in range(101)]),
        ),
        ("22", "1,001 fields", 2.0, multipart([(f"field{n}", None, b"v", {}) for n in range(1001)])),
        ("22", "10,000 parts", 2.0, multipart([(f"p{n}", None, b"", {}) for n in range(10_000)])),
        (
            "22",
            "whitespace-stuffed base64 (3 MB)",
            3.0,
            multipart([("file", "a.jpg", stuffed, {"Content-Transfer-Encoding": "base64"})]),
        ),
    ]


def send(client: Client, url: str, payload) -> int:
    if isinstance(payload, tuple):
        _field, data = payload
        return client.post(url, {"file": SimpleUploadedFile("small.png", data)}).status_code
    return client.generic("POST", url, payload, content_type="multipart/form-data; boundary=BOUNDARY").status_code


def main() -> None:
    client, url = setup()
    rows = []
    for number, name, bound, payload in cases():
        assert send(client, url, payload) == 400  # warm-up, and the refusal itself
        times = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            status = send(client, url, payload)
            times.append((time.perf_counter() - started) * 1000)
            assert status == 400, status
        times.sort()
        rows.append((number, name, statistics.median(times), times[-1], bound))
    load = os.getloadavg()[0]
    print(
        f"\n{ROUNDS} rounds each; {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
        f" load average {load:.1f} at the end\n"
    )
    print("| bad input | case | median ms | max ms | bound the test asserted |")
    print("|---|---|---:|---:|---:|")
    for number, name, median, worst, bound in rows:
        print(f"| {number} | {name} | {median:.1f} | {worst:.1f} | {bound:.0f} s |")


if __name__ == "__main__":
    main()
