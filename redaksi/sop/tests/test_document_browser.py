from pathlib import Path

import pytest
from django.urls import reverse

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
EXPECTED_COLUMNS = (
    ["staf-pengolah-data", "kasubag", "kabag", "staf-pengolah-data"]
    + ["staf-admin", "kasubag"]
    + [
        "staf-admin",
        "staf-admin",
    ]
)
EXPECTED_SYMBOLS = ["terminator", "process", "decision", "process", "process", "decision", "process", "terminator"]


def check_symbols_in_their_columns(page) -> None:
    shapes = page.locator(".sop-flow .fc-shape")
    assert shapes.count() == 8
    for number in range(1, 9):
        shape = page.locator(f'.fc-shape[data-step="{number}"]')
        assert shape.is_visible()
        assert shape.get_attribute("data-symbol") == EXPECTED_SYMBOLS[number - 1]
        role = EXPECTED_COLUMNS[number - 1]
        header = page.locator(f'th.sop-flow__performer[data-role="{role}"]').bounding_box()
        box = shape.bounding_box()
        centre = box["x"] + box["width"] / 2
        assert header["x"] < box["x"] and box["x"] + box["width"] < header["x"] + header["width"], (number, role)
        assert abs(centre - (header["x"] + header["width"] / 2)) < 2, (number, role)
        # Inside its own row, vertically centred.
        row = page.locator(f'tr.sop-flow__step[data-step="{number}"]').bounding_box()
        assert row["y"] < box["y"] and box["y"] + box["height"] < row["y"] + row["height"]
        assert abs(box["y"] + box["height"] / 2 - (row["y"] + row["height"] / 2)) < 2


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_document_draws_each_symbol_in_its_performer_column(page, login, live_server, staff, bengkalis):
    ARTIFACTS.mkdir(exist_ok=True)
    login(staff["reporter"])
    page.goto(live_server.url + reverse("sop:document", args=[bengkalis.sop.pk]))
    assert page.locator("h1.sop-title").inner_text().startswith("SOP AP: Pengelolaan Berita/Rilis di Website")
    check_symbols_in_their_columns(page)
    assert page.locator("button[data-print]").is_visible()  # shown by sop-document.js
    # The loop-back lanes run in the narrow column right of the performers.
    lane = page.locator('tr.sop-flow__step[data-step="3"] td.sop-flow__lane').bounding_box()
    admin = page.locator('th.sop-flow__performer[data-role="staf-admin"]').bounding_box()
    assert lane["x"] >= admin["x"] + admin["width"] - 1 and lane["width"] < 30
    page.screenshot(path=str(ARTIFACTS / "sop-document-desktop.png"), full_page=True)

    page.emulate_media(media="print")
    check_symbols_in_their_columns(page)
    assert not page.locator("header.topbar").is_visible()
    page.pdf(path=str(ARTIFACTS / "sop-document-print.pdf"), prefer_css_page_size=True)  # what "Print" gives
    page.emulate_media(media="screen")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    check_symbols_in_their_columns(page)  # the table scrolls sideways on a phone, the drawing still fits it
    scroll = page.locator(".sop-scroll")
    assert scroll.evaluate("el => el.scrollWidth > el.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # only the table scrolls
    page.screenshot(path=str(ARTIFACTS / "sop-document-phone.png"), full_page=True)
