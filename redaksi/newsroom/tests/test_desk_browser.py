"""One item through all 8 steps in a real browser, by four people, on a frozen office clock."""

from datetime import datetime
from pathlib import Path

import pytest
import time_machine

from redaksi.conftest import PASSWORD
from redaksi.core.clock import WIB
from redaksi.newsroom.models import NewsItem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def at(hour: int, minute: int) -> datetime:
    return datetime(2026, 11, 23, hour, minute, tzinfo=WIB)  # a Monday, a working day


def test_item_through_all_steps_with_rejection_and_correction_loop(browser, live_server, bengkalis, staff, settings):
    # The clock jumps hours between steps; the 30-minute idle limit of staff sessions is not what is tested here.
    settings.REDAKSI_SESSION_IDLE_SECONDS = 24 * 3600
    pages = {}

    def as_user(who: str):
        if who not in pages:
            context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.set_default_timeout(15_000)
            page.goto(f"{live_server.url}/akun/masuk/")
            page.fill("#id_username", staff[who].username)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{live_server.url}/redaksi/")
            pages[who] = page
        return pages[who]

    def act(who: str, outcome: str, reason: str = "", links: str = "") -> None:
        page = as_user(who)
        page.goto(f"{live_server.url}/redaksi/berita/{item_id}/")
        if reason:
            page.fill("#id_reason", reason)
        if links:
            page.fill("#id_links", links)
        page.click(f"button[name=outcome][value={outcome}]")
        page.wait_for_load_state()
        assert page.url.endswith(f"/redaksi/berita/{item_id}/"), page.url

    with time_machine.travel(at(8, 0), tick=False) as clock:
        for who in ("reporter", "editor", "head", "admin"):
            as_user(who)
        writer = as_user("reporter")
        writer.goto(f"{live_server.url}/redaksi/berita/baru/")
        writer.fill("#id_title", "Bupati Resmikan Jembatan Teluk Lancar")
        writer.fill("#id_lead", "Jembatan sepanjang 120 meter menghubungkan dua desa.")
        writer.locator(".jodit-wysiwyg").fill("Bupati Bengkalis meresmikan jembatan penghubung.")
        writer.click("#item-form button[type=submit]")
        writer.wait_for_url("**/redaksi/berita/*/")
        item_id = NewsItem.objects.get().pk

        # The head sees nothing to do yet; the reporter cannot approve.
        assert as_user("head").locator("button[name=outcome]").count() == 0
        plan = [
            ((8, 45), "reporter", "done", "", ""),
            ((9, 5), "editor", "done", "", ""),
            ((9, 15), "head", "reject", "Foto kurang jelas", ""),
            ((9, 30), "editor", "done", "", ""),
            ((9, 40), "head", "approve", "", ""),
            ((9, 50), "reporter", "done", "", ""),
            ((10, 20), "admin", "done", "", ""),
            ((10, 30), "editor", "reject", "Galeri foto belum lengkap", ""),
            ((10, 40), "admin", "done", "", ""),
            ((10, 50), "editor", "approve", "", ""),
            ((11, 0), "admin", "done", "", ""),
            ((11, 5), "admin", "done", "", "https://www.facebook.com/diskominfotik/posts/1"),
        ]
        for (hour, minute), who, outcome, reason, links in plan:
            clock.move_to(at(hour, minute))
            act(who, outcome, reason, links)

        page = as_user("head")
        page.goto(f"{live_server.url}/redaksi/berita/{item_id}/")
        rows = page.locator("tr[data-step]")
        steps = [int(rows.nth(i).get_attribute("data-step")) for i in range(rows.count())]
        assert steps == [1, 2, 3, 2, 3, 4, 5, 6, 5, 6, 7, 8]
        outcomes = [rows.nth(i).get_attribute("data-outcome") for i in range(rows.count())]
        assert outcomes == [
            "done",
            "done",
            "reject",
            "done",
            "approve",
            "done",
            "done",
            "reject",
            "done",
            "approve",
            "done",
            "done",
        ]
        minutes = [
            int(rows.nth(i).locator("td[data-elapsed]").get_attribute("data-elapsed")) // 60
            for i in range(rows.count())
        ]
        assert minutes == [45, 20, 10, 15, 10, 10, 30, 10, 10, 10, 10, 5]
        lights = [rows.nth(i).locator("td[data-elapsed]").get_attribute("data-light") for i in range(rows.count())]
        assert lights[0] == "green" and lights[1] == "amber" and lights[6] == "red"
        total = page.locator("tfoot td[data-elapsed]")
        assert int(total.get_attribute("data-elapsed")) == 185 * 60 and total.get_attribute("data-light") == "red"
        assert "Foto kurang jelas" in page.content() and "Galeri foto belum lengkap" in page.content()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "desk-item-timeline.png"), full_page=True)

    item = NewsItem.objects.get()
    assert item.body == "<p>Bupati Bengkalis meresmikan jembatan penghubung.</p>"  # typed in the rich-text editor
    assert item.current_step is None and item.published_at == at(11, 0)
    assert item.share_links == ["https://www.facebook.com/diskominfotik/posts/1"]
    for page in pages.values():
        page.context.close()
