"""The board in a real browser: every step's column can be reached, and every card has its light."""

from pathlib import Path

import pytest

from .factories import advance, new_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


@pytest.mark.parametrize("width", [1280, 360])
def test_every_column_is_reachable_from_the_step_strip(page, login, live_server, staff, office, width):
    advance(new_item(staff, office, title="Berita di Langkah Dua"), staff, 2)
    advance(new_item(staff, office, title="Berita di Langkah Delapan"), staff, 8)
    page.set_viewport_size({"width": width, "height": 800})
    login(staff["editor"])
    page.goto(f"{live_server.url}/redaksi/papan/")

    last = page.locator("#col-8")
    board = page.locator(".board").bounding_box()
    assert last.bounding_box()["x"] >= board["x"] + board["width"], "column 8 starts off-screen"
    # ...but the strip names every step, and the next column always shows its edge.
    assert page.locator(".board-steps a").count() == 8
    second = page.locator(".board__col").nth(1 if width == 360 else 5).bounding_box()
    assert second["x"] < board["x"] + board["width"] < second["x"] + second["width"]

    page.locator(".board-steps a[href='#col-8']").click()
    box = last.bounding_box()
    assert board["x"] - 1 <= box["x"] and box["x"] + box["width"] <= board["x"] + board["width"] + 1
    card = last.locator(".board__card", has_text="Berita di Langkah Delapan")
    assert card.locator(".light").is_visible()
    assert page.locator(".board__card").count() == page.locator(".board__card .light").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"board-{width}.png"), full_page=True)
