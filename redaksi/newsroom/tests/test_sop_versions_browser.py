"""Issue 15 in a real browser: after a new SOP version gives the upload to the Kasubag, the Kasubag finds the
waiting item on their desk and does the step; after a later version drops the correction step, the Kabag
finds the item under "Langkah yang tidak ada lagi di SOP" and finishes it."""

from pathlib import Path

import pytest

from redaksi.conftest import PASSWORD
from redaksi.newsroom.models import NewsItem

from .factories import advance, new_item
from .sopversions import bengkalis_changed, upload_by_kasubag, without_review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"sop-version-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_new_role_finds_the_item_on_its_desk_and_does_the_step(browser, live_server, staff, office):
    item = advance(new_item(staff, office, title="Bupati Tinjau Banjir Rupat"), staff, 5)
    bengkalis_changed(upload_by_kasubag)

    def signed_in(who: str):
        context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/akun/masuk/")
        page.fill("#id_username", staff[who].username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/redaksi/")
        return page

    editor = signed_in("editor")
    card = editor.locator(".workitem", has_text="Bupati Tinjau Banjir Rupat")
    assert card.count() == 1 and "Langkah 5" in card.inner_text() and "SOP berubah" in card.inner_text()
    shoot(editor, "desk")
    card.locator("a.workitem__title").click()
    editor.wait_for_url(f"**/redaksi/berita/{item.pk}/")
    notice = editor.locator(".version-note").inner_text()
    assert "SOP versi 2 yang kini berlaku menyerahkan langkah itu kepada Kasubag" in notice
    shoot(editor, "item")
    editor.click("button[name=outcome][value=done]")
    editor.wait_for_load_state()
    item.refresh_from_db()
    assert item.current_step == 6 and item.sop_version.number == 1

    # A later version without the correction step: the Kabag, the SOP's coordinating role, finishes it.
    bengkalis_changed(lambda steps: (upload_by_kasubag(steps), without_review(steps)))
    head = signed_in("head")
    head.goto(f"{live_server.url}/redaksi/papan/")
    column = head.locator("#col-retired")
    assert "Bupati Tinjau Banjir Rupat" in column.inner_text() and "tidak ada lagi" in column.inner_text()
    shoot(head, "board")
    head.goto(f"{live_server.url}/redaksi/")
    head.locator("a.workitem__title", has_text="Bupati Tinjau Banjir Rupat").click()
    assert "tidak ada lagi di SOP versi 3" in head.locator(".version-note").inner_text()
    head.click("button[name=outcome][value=approve]")
    head.wait_for_load_state()
    assert NewsItem.objects.get(pk=item.pk).current_step == 7
