"""The desk's preview in a real browser: the article as readers will see it, with its photos loaded."""

from pathlib import Path

import pytest

from .test_browser import AXE
from .test_preview import draft  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REDAKSI_MEDIA = {"UPLOAD_TEMP_DIR": str(tmp_path / "uploads")}
    return settings.MEDIA_ROOT


@pytest.mark.parametrize("width", [1280, 360])
def test_the_preview_shows_the_photos_as_the_website_will(page, login, live_server, staff, draft, width):  # noqa: F811
    item, _lead, _other = draft
    page.set_viewport_size({"width": width, "height": 800})
    login(staff["reporter"])
    page.goto(f"{live_server.url}/redaksi/berita/{item.pk}/pratinjau/")
    assert page.locator("[data-preview]").is_visible()
    page.evaluate(AXE.read_text())  # evaluated from here: the desk's CSP allows no script tag of ours
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    # The bar sat before the skip link, outside any landmark (rule "region").
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in found] == []
    assert page.locator("[data-lead-photo] img").is_visible()
    page.locator(".gallery").last.scroll_into_view_if_needed()
    loaded = """async () => {
        const images = [...document.querySelectorAll(".article img")];
        await Promise.all(images.map((image) => image.decode()));
        return images.length >= 3 && images.every((image) => image.naturalWidth > 0);
    }"""
    assert page.evaluate(loaded)
    assert page.locator("video.video__player").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"preview-{width}.png"), full_page=True)
