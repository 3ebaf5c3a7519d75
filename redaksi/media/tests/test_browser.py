"""A reporter imports a camera card's folder and a video in a real browser, captions them, and sees renditions."""

import re
import threading
from pathlib import Path

import pytest

from redaksi.media.hooks import publish_blockers
from redaksi.media.models import ItemMedia, Photo, Status, Video

from .conftest import FFMPEG, camera_jpeg, make_video

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


@pytest.fixture(autouse=True)
def one_request_at_a_time(live_server):
    # The test database is SQLite in memory: one connection that the live server's threads share, where
    # a write next to another request's unfinished read fails at once ("table is locked"); the file
    # database of production waits instead. The browser still sends in parallel; the server takes turns.
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    httpd = live_server.thread.httpd
    app, lock = httpd.get_app(), threading.Lock()

    def serialized(environ, start_response):
        with lock:
            return app(environ, start_response)

    httpd.set_app(serialized)


def card_folder(root: Path, *, with_video: bool) -> Path:
    """What a camera card looks like: DCIM/100CANON with JPEGs, a sidecar file, and maybe a clip."""
    folder = root / "DCIM" / "100CANON"
    folder.mkdir(parents=True)
    (folder / "IMG_0001.JPG").write_bytes(camera_jpeg(1800, 1200, seed=1))
    (folder / "IMG_0002.JPG").write_bytes(camera_jpeg(1800, 1200, orientation=6, seed=2))
    (folder / "IMG_0003.JPG").write_bytes(camera_jpeg(1200, 1800, seed=3, model="EOS R6"))
    again = root / "DCIM" / "101CANON"
    again.mkdir()
    (again / "IMG_0103.JPG").write_bytes((folder / "IMG_0003.JPG").read_bytes())  # the same photo twice
    (folder / "CANONMSC.CTG").write_bytes(b"\x00" * 64)  # the camera's catalogue: not media, skipped
    if with_video:
        make_video(folder / "MVI_0004.MP4", seconds=1, size="640x360")
    return root / "DCIM"


def test_card_import_captions_and_renditions(page, live_server, login, staff, item, tmp_path):
    with_video = FFMPEG is not None
    dcim = card_folder(tmp_path / "card", with_video=with_video)
    login(staff["reporter"])
    page.goto(f"{live_server.url}/redaksi/media/berita/{item.pk}/")
    page.locator("input[data-folder]").set_input_files(dcim)

    expected_files = 5 if with_video else 4
    page.wait_for_function(
        "n => document.querySelectorAll('.upload-row--ok, .upload-row--bad').length >= n",
        arg=expected_files,
        timeout=60_000,
    )
    rows = page.locator(".upload-row")
    assert page.locator(".upload-row--bad").count() == 0, rows.all_inner_texts()
    assert page.locator(".upload-row--skip").count() == 1  # CANONMSC.CTG
    assert page.locator("[data-overall-bar]").get_attribute("value") == "100"
    assert page.locator("[data-count-of=photo-list]").inner_text() == "(3)"
    assert re.search(r"101CANON/IMG_0103.JPG\n.*\(IMG_0003.JPG\)", "\n".join(rows.all_inner_texts()))
    cards = page.locator("[data-photo-card]")
    assert cards.count() == 3  # the copy was recognised as the same photo
    assert Photo.objects.count() == 3 and not Photo.objects.exclude(status=Status.READY).exists()

    # Every card shows its rendition, turned upright (the second photo was shot in portrait).
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-photo-card] picture img')]"
        ".filter(i => i.complete && i.naturalWidth > 0).length === 3"
    )
    portrait = Photo.objects.get(original_filename="IMG_0002.JPG")
    assert (portrait.width, portrait.height) == (1200, 1800)
    current = page.evaluate(f"() => document.querySelector('#photo-{portrait.pk} picture img').currentSrc")
    assert re.search(r"/w\d+\.(avif|webp)$", current), current

    page.screenshot(path=str(ARTIFACTS / "media-import-1280.png"), full_page=True)

    # Caption each photo through its own form (htmx swaps the card in place).
    for n, photo in enumerate(Photo.objects.order_by("pk"), start=1):
        card = page.locator(f"#photo-{photo.pk}")
        card.locator("textarea[name$=caption]").fill(f"Bupati Bengkalis meresmikan jembatan, foto {n}.")
        card.locator("input[name$=credit]").fill("Humas Bengkalis")
        card.locator("input[name$=alt_text]").fill(f"Bupati memotong pita di jembatan ({n})")
        if n == 1:
            card.locator("picture img").click(position={"x": 10, "y": 10})  # the focal point, top left
        card.locator("button[type=submit]").first.click()
        page.locator(f"#photo-{photo.pk} .media-form__save .badge").wait_for()
    for photo in Photo.objects.all():
        assert photo.caption.startswith("Bupati Bengkalis") and photo.credit == "Humas Bengkalis" and photo.alt_text
    first = Photo.objects.order_by("pk").first()
    assert first.focal_x < 0.2 and first.focal_y < 0.2 and first.status == Status.READY

    if with_video:
        video = Video.objects.get()
        assert video.status == Status.READY, video.error
        page.reload()
        player = page.locator("[data-video-card] video")
        assert player.get_attribute("poster").endswith("/poster.jpg")
        page.wait_for_function("() => document.querySelector('[data-video-card] video').readyState >= 0")
    else:
        pytest.skip("ffmpeg is not installed (Debian package ffmpeg): the photo part passed, the video part not run")

    assert ItemMedia.objects.filter(item=item).count() == 4
    # Uploads run side by side, so the first photo to arrive becomes the lead; staff can change it.
    assert ItemMedia.objects.get(item=item, is_lead=True).photo_id is not None
    assert publish_blockers(item) == []

    page.reload()
    page.screenshot(path=str(ARTIFACTS / "media-captioned-1280.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.screenshot(path=str(ARTIFACTS / "media-captioned-390.png"), full_page=True)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390


def test_one_bad_file_does_not_stop_the_rest(page, live_server, login, staff, item, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.jpg").write_bytes(camera_jpeg(seed=5))
    (folder / "evil.jpg").write_bytes(b"<svg onload=alert(1)></svg>")
    (folder / "also-good.jpg").write_bytes(camera_jpeg(seed=6))
    login(staff["reporter"])
    page.goto(f"{live_server.url}/redaksi/media/berita/{item.pk}/")
    page.locator("input[data-files]:not([data-folder])").set_input_files(sorted(folder.iterdir()))
    page.wait_for_function("() => document.querySelectorAll('.upload-row--ok, .upload-row--bad').length === 3")
    assert page.locator(".upload-row--ok").count() == 2
    bad = page.locator(".upload-row--bad").inner_text()
    assert "evil.jpg" in bad and "SVG" in bad
    assert page.locator("[data-photo-card]").count() == 2
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTIFACTS / "media-upload-errors-390.png"), full_page=True)
