"""The media panel in a real browser: camera photos uploaded after a Word picture take the lead, the lead
comes first, and a saved caption clears its warning without a reload."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import camera_jpeg
from .test_browser import one_request_at_a_time  # noqa: F401 - the fixture
from .test_panel import upload, word_picture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


@pytest.mark.parametrize("width", [1280, 360])
def test_uploads_take_the_lead_from_a_word_picture_and_a_save_clears_its_warning(
    page, live_server, login, staff, item, tmp_path, width
):
    upload(staff, item, word_picture(), "word-1")
    for n, size in ((1, (1000, 750)), (2, (1600, 1200))):
        (tmp_path / f"DSC_000{n}.JPG").write_bytes(camera_jpeg(*size, seed=n))
    page.set_viewport_size({"width": width, "height": 900})
    login(staff["reporter"])
    page.goto(f"{live_server.url}/redaksi/media/berita/{item.pk}/")
    assert page.locator("#media-blockers li").count() == 1
    page.locator("input[data-files]:not([data-folder])").set_input_files(
        [tmp_path / "DSC_0001.JPG", tmp_path / "DSC_0002.JPG"]
    )
    # Once the batch is done the list is drawn again: the largest camera photo is the lead, and first.
    expect(page.locator("#photo-panel [data-photo-card]")).to_have_count(3)
    first = page.locator("#photo-panel [data-photo-card]").first
    first.locator(".media-card__filename", has_text="DSC_0002.JPG").wait_for()
    assert first.get_attribute("data-lead") is not None
    expect(page.locator("#media-blockers li")).to_have_count(3)
    # A caption saved on one card clears its warning at the top, with no reload.
    first.locator("textarea[name$='-caption']").fill("Bupati meninjau jembatan")
    first.locator("input[name$='-alt_text']").fill("Bupati berdiri di atas jembatan baru")
    first.locator("button[type=submit]").click()
    expect(page.locator("#media-blockers li")).to_have_count(2)
    assert "DSC_0002.JPG" not in page.locator("#media-blockers").inner_text()
    assert "Bupati meninjau jembatan" in page.locator("#gallery-chooser").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.evaluate("window.scrollTo(0, 0)")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"media-panel-{width}.png"), full_page=True)
