"""The item page in a real browser: the whole text with its table, and the item's photos."""

import io
from pathlib import Path

import pytest

from redaksi.media.models import ItemMedia
from redaksi.media.services import photo_render
from redaksi.media.services import photos as photo_services
from redaksi.media.tests.conftest import camera_jpeg

from .factories import advance, new_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
ROWS = "".join(f"<tr><td>Desa {n}</td><td>{n * 10}</td></tr>" for n in range(1, 13))
BODY = "<p>Paragraf pembuka.</p>" * 8 + f"<table><tbody>{ROWS}</tbody></table><p>Penutup berita.</p>"


@pytest.fixture
def item_with_photos(staff, office, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REDAKSI_MEDIA = {"UPLOAD_TEMP_DIR": str(tmp_path / "uploads")}
    item = new_item(staff, office, title="Imunisasi di Puskesmas Duri", body=BODY)
    for seed in (1, 2):
        data = camera_jpeg(800, 533, seed=seed)
        result = photo_services.photo_upload(
            actor=staff["reporter"],
            item_id=item.pk,
            fileobj=io.BytesIO(data),
            filename=f"foto{seed}.jpg",
            size=len(data),
        )
        photo_render(photo_id=result.photo.pk)
        result.photo.refresh_from_db()
        result.photo.caption, result.photo.alt_text = f"Keterangan foto {seed}", f"Petugas menyuntik anak {seed}"
        result.photo.save(update_fields=["caption", "alt_text"])
    second = ItemMedia.objects.filter(item=item).order_by("position").last()
    ItemMedia.objects.filter(item=item).update(is_lead=False)
    ItemMedia.objects.filter(pk=second.pk).update(is_lead=True)
    return advance(item, staff, 2)


@pytest.mark.parametrize("width", [1280, 360])
def test_the_item_page_shows_the_whole_text_and_the_photos(page, login, live_server, staff, item_with_photos, width):
    page.set_viewport_size({"width": width, "height": 800})
    login(staff["editor"])
    page.goto(f"{live_server.url}/redaksi/berita/{item_with_photos.pk}/")
    body = page.locator(".item-body")
    # No inner scroll box: the text is as tall as it needs to be, and every row of the table shows.
    assert body.evaluate("el => el.scrollHeight <= el.clientHeight + 1")
    assert body.evaluate("el => getComputedStyle(el).maxHeight") == "none"
    assert body.locator("tr").count() == 12 and body.locator("tr").last.is_visible()
    assert "Penutup berita." in body.inner_text()

    photos = page.locator(".item-photos img")
    assert photos.count() == 2
    assert photos.first.get_attribute("alt") == "Petugas menyuntik anak 2"  # the lead photo comes first
    page.locator(".item-photos").scroll_into_view_if_needed()
    loaded = """async () => {
        const images = [...document.querySelectorAll(".item-photos img")];
        await Promise.all(images.map((image) => image.decode()));
        return images.every((image) => image.naturalWidth > 0);
    }"""
    assert page.evaluate(loaded)
    assert "Keterangan foto 1" in page.locator(".item-photos").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"item-page-{width}.png"), full_page=True)


def test_on_a_phone_the_timeline_reads_as_one_card_per_step(page, login, live_server, staff, item_with_photos):
    login(staff["editor"])
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server.url}/redaksi/berita/{item_with_photos.pk}/")
    box = page.locator(".table-scroll:has(table.timeline)")
    assert box.evaluate("el => el.scrollWidth <= el.clientWidth"), "the timeline scrolls sideways"
    assert box.get_attribute("tabindex") is None  # nothing to scroll, so no tab stop
    performer = box.locator("tbody tr").first.locator("td").nth(1)
    label = "el => getComputedStyle(el, '::before').content"
    assert performer.evaluate(label) == '"Pelaksana"'
    assert performer.evaluate("el => getComputedStyle(el).display") == "block"

    # On a desk's screen it is a table again, with its column heads.
    page.set_viewport_size({"width": 1280, "height": 800})
    assert performer.evaluate("el => getComputedStyle(el).display") == "table-cell"
    assert page.locator("table.timeline thead").is_visible()
