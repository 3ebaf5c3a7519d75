"""The publishing role makes a Galeri Foto in a real browser: uploads, captions, orders and publishes it."""

import threading
from datetime import date
from pathlib import Path

import pytest

from redaksi.media import selectors, services
from redaksi.media.models import Gallery, Photo, Status

from .conftest import camera_jpeg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


@pytest.fixture(autouse=True)
def one_request_at_a_time(live_server):
    # SQLite in memory is one connection shared by the live server's threads: let them take turns.
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    httpd = live_server.thread.httpd
    app, lock = httpd.get_app(), threading.Lock()

    def serialized(environ, start_response):
        with lock:
            return app(environ, start_response)

    httpd.set_app(serialized)


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    page.screenshot(path=str(ARTIFACTS / f"{name}-1280.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTIFACTS / f"{name}-390.png"), full_page=True)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, name
    page.set_viewport_size({"width": 1280, "height": 900})


def test_make_upload_caption_order_and_publish_a_gallery(page, live_server, login, staff, tmp_path):
    folder = tmp_path / "event"
    folder.mkdir()
    (folder / "IMG_0001.JPG").write_bytes(camera_jpeg(1600, 1067, seed=1))
    (folder / "IMG_0002.JPG").write_bytes(camera_jpeg(1600, 1067, seed=2, color=(200, 120, 40)))

    login(staff["admin"])
    page.goto(f"{live_server.url}/redaksi/media/galeri/")
    page.locator("a[href$='/galeri/baru/']").click()
    shoot(page, "media-gallery-new")
    page.fill("#id_title", "Hari Jadi Kabupaten Bengkalis ke-514")
    page.fill("#id_description", "Upacara peringatan di halaman kantor bupati.")
    page.fill("#id_event_date", "2026-11-20")
    page.fill("#id_place", "Bengkalis")
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_url("**/redaksi/media/galeri/*/")
    gallery = Gallery.objects.get()

    page.locator("input[data-files]:not([data-folder])").set_input_files(sorted(folder.iterdir()))
    page.wait_for_function("() => document.querySelectorAll('.upload-row--ok, .upload-row--bad').length === 2")
    assert page.locator(".upload-row--bad").count() == 0, page.locator(".upload-row").all_inner_texts()
    assert page.locator("[data-photo-card]").count() == 2
    assert not Photo.objects.exclude(status=Status.READY).exists()
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-photo-card] picture img')]"
        ".filter(i => i.complete && i.naturalWidth > 0).length === 2"
    )

    # The library picker searches as one types (htmx); both photos are in the gallery already.
    page.fill("#library-q", "zzz-nothing")
    page.wait_for_function("() => document.querySelector('#library-results').textContent.includes('zzz-nothing')")

    # Publishing now is refused with a clear message: the photos have no caption yet.
    page.reload()
    shoot(page, "media-gallery-edit")
    page.locator("button[value=publish]").click()
    assert "IMG_0001.JPG" in page.locator(".messages .error").inner_text()
    gallery.refresh_from_db()
    assert gallery.published_at is None

    # Uploads run side by side: the gallery takes them in the order they arrive. Staff put them in order.
    first, second = (entry.photo for entry in selectors.gallery_entries(gallery))
    for n, photo in enumerate((first, second), start=1):
        card = page.locator(f"#photo-{photo.pk}")
        card.locator("textarea[name$=caption]").fill(f"Upacara Hari Jadi Bengkalis, foto {n}.")
        card.locator("input[name$=credit]").fill("Humas Bengkalis")
        card.locator("input[name$=alt_text]").fill(f"Peserta upacara berbaris ({n})")
        card.locator(".media-form button[type=submit]").click()
        page.locator(f"#photo-{photo.pk} .media-form__save .badge").wait_for()

    # The second photo first: one click on "Earlier", answered by htmx with the list in its new order.
    page.locator(f"#photo-{second.pk} button[value=up]").click()
    page.wait_for_function(
        f"() => document.querySelector('[data-photo-card]').id === 'photo-{second.pk}'",
    )
    assert list(selectors.gallery_entries(gallery).values_list("photo_id", flat=True)) == [second.pk, first.pk]
    assert page.locator(f"#photo-{second.pk} button[value=up]").is_disabled()

    page.locator("button[value=publish]").click()
    page.locator(".messages .success").wait_for()
    gallery.refresh_from_db()
    assert gallery.published_at is not None
    assert [p.pk for p in selectors.gallery_photos(gallery)] == [second.pk, first.pk]
    shoot(page, "media-gallery-published")

    page.goto(f"{live_server.url}/redaksi/media/galeri/")
    assert "Hari Jadi Kabupaten Bengkalis ke-514" in page.locator(".gallery-list").inner_text()
    shoot(page, "media-gallery-list")


def test_saving_a_gallerys_details_untouched_keeps_its_event_date(page, live_server, login, staff):
    """Issue 15, defect 1: a date input given dd-mm-yyyy opens empty, and the next save erased the date."""
    gallery = services.gallery_details_save(
        actor=staff["admin"], title="Hari Jadi Kabupaten Bengkalis", event_date=date(2026, 11, 20), place="Bengkalis"
    )
    login(staff["admin"])  # Staf Admin keeps the galleries
    page.goto(f"{live_server.url}/redaksi/media/galeri/{gallery.pk}/")
    details = _details_form(page, gallery)
    assert page.input_value("#id_event_date") == "2026-11-20"
    page.fill("#id_place", "Halaman Kantor Bupati Bengkalis")
    details.locator("button[type=submit]").click()
    page.wait_for_load_state()
    gallery.refresh_from_db()
    assert gallery.place == "Halaman Kantor Bupati Bengkalis" and gallery.event_date == date(2026, 11, 20)

    page.goto(f"{live_server.url}/redaksi/media/galeri/{gallery.pk}/")
    details = _details_form(page, gallery)
    page.fill("#id_event_date", "2026-11-21")
    details.locator("button[type=submit]").click()
    page.wait_for_load_state()
    gallery.refresh_from_db()
    assert gallery.event_date == date(2026, 11, 21)


def _details_form(page, gallery):
    """The form of the gallery's details, unfolded (it folds away once the gallery has photos)."""
    form = page.locator(f"form[action='/redaksi/media/galeri/{gallery.pk}/']")
    form.evaluate("f => { const d = f.closest('details'); if (d) d.open = true; }")
    return form
