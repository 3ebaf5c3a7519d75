"""As the office's administrator in a real browser: revise the SOP, publish it, and see an item in progress
keep its version while a new item takes the new one; screenshots of each page at 360 and 1280 px."""

from pathlib import Path

import pytest
from django.urls import reverse

from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.tests.factories import advance, new_item
from redaksi.sop.models import SopDraft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "monitoring"


def shots(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_admin_revises_the_sop_and_items_in_progress_keep_their_version(page, login, live_server, staff, office):
    in_progress = new_item(staff, office, title="Berita Lama Sedang Jalan")
    advance(in_progress, staff, 2)
    sop_id = in_progress.sop_version.sop_id
    login(staff["sysadmin"])

    page.goto(live_server.url + reverse("monitoring:dashboard"))
    page.get_by_role("link", name="Revisi SOP").click()
    page.wait_for_selector(f"#sops tr[data-sop='{sop_id}']")
    shots(page, "sop-index")
    page.locator(f"#sops tr[data-sop='{sop_id}']").get_by_role("link", name="Mulai revisi").click()
    page.wait_for_selector("form[action$='/revisi/buka/']")
    shots(page, "sop-editor-start")
    page.get_by_role("button", name="Mulai revisi").click()
    page.wait_for_selector("#sop-form")
    assert page.locator("#f-identity\\.revised").input_value()  # dated today, to be checked

    # The time standard of step 2, beside what was observed there.
    page.fill("#f-steps-1-minutes", "25")
    assert "Teramati" in page.locator("li[data-step='2'] [data-observed]").inner_text()
    # A step after step 7, added in place (htmx), then filled in.
    page.get_by_role("button", name="Tambah langkah setelah 7").click()
    page.wait_for_selector("li[data-step='9']")
    assert page.locator("#f-steps-1-minutes").input_value() == "25"  # what was typed went along
    page.fill("#f-steps-7-activity", "Memeriksa tautan berita")
    page.fill("#f-steps-7-output", "Tautan diperiksa")
    page.fill("#f-steps-7-minutes", "-5")
    page.get_by_role("button", name="Simpan draf").click()
    page.wait_for_selector("#f-steps-7-minutes[aria-invalid=true]")
    assert "harus berupa jumlah menit yang positif" in page.locator("li[data-step='8']").inner_text()
    assert page.get_by_role("button", name="Terbitkan sebagai versi baru").is_disabled()
    shots(page, "sop-editor-problem")
    page.fill("#f-steps-7-minutes", "5")
    page.get_by_role("button", name="Simpan draf").click()
    page.wait_for_selector("[data-problems='0']")
    shots(page, "sop-editor")

    page.get_by_role("link", name="Pratinjau dokumen").click()
    page.wait_for_selector("[data-preview]")
    assert page.locator(".fc-shape").count() == 9
    assert "Memeriksa tautan berita" in page.locator("article.sop-document").inner_text()
    shots(page, "sop-editor-preview")
    page.get_by_role("link", name="Kembali ke draf").click()

    page.get_by_role("button", name="Terbitkan sebagai versi baru").click()
    page.wait_for_selector("h1.sop-title")
    assert "v2" in page.locator("h1.sop-title").inner_text()
    assert "SOP versi 2 kini berlaku" in page.content()
    assert not SopDraft.objects.exists()

    # The item in progress keeps version 1 (its step 2 still has 20 minutes); a new item takes version 2.
    in_progress.refresh_from_db()
    fresh = new_item(staff, office, title="Berita Baru Sesudah Revisi")
    page.goto(live_server.url + reverse("newsroom:item", kwargs={"pk": in_progress.pk}))
    assert "(v1)" in page.locator("body").inner_text()
    page.context.clear_cookies()
    login(staff["reporter"])  # a new item at its first step is its writer's
    page.goto(live_server.url + reverse("newsroom:item", kwargs={"pk": fresh.pk}))
    assert "(v2)" in page.locator("body").inner_text()
    shots(page, "sop-editor-new-item")
    assert NewsItem.objects.get(pk=in_progress.pk).sop_version.number == 1
    assert NewsItem.objects.get(pk=fresh.pk).sop_version.number == 2
    assert [s["minutes"] for s in fresh.sop_version.definition["steps"]][1] == 25
