"""The inbox keeps only what still needs someone, and the item page says what a decision did to its links."""

from pathlib import Path

import pytest
from django.conf import settings

from redaksi.newsroom.tests.factories import advance, new_item
from redaksi.notify.models import ApprovalToken

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_inbox_shows_open_tasks_and_folds_the_done_ones(staff, office, make_user, page, live_server, login):
    ARTIFACTS.mkdir(exist_ok=True)
    second = make_user("kasubag", username="kasubag2", full_name="Nurul Aini")
    waiting = advance(new_item(staff, office, title="Pasar Murah Digelar di Enam Kecamatan"), staff, 2)
    done = advance(new_item(staff, office, title="Rapat Koordinasi Banjir Rob"), staff, 3)  # step 2 done by Siti
    login(second)
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/notifikasi/")
        items = page.locator(".ni-list").first.locator(".ni-item")
        assert items.count() == 1 and waiting.title in items.first.inner_text()
        assert page.locator(".ni-count").inner_text() == "1"
        page.click(".ni-done summary")
        assert done.title in page.locator(".ni-done").inner_text()
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the page overflows sideways by {overflow}px at {width}"
        page.screenshot(path=str(ARTIFACTS / f"notify-inbox-{width}.png"), full_page=True)


def test_a_rejection_on_the_desk_says_where_and_why_and_closes_the_links(
    staff, office, make_user, page, live_server, login, settings, tmp_path
):
    ARTIFACTS.mkdir(exist_ok=True)
    settings.MEDIA_ROOT = tmp_path / "media"
    make_user("kabag", username="kabag2", full_name="Yusuf Hamdani", email="yusuf@example.go.id")
    item = advance(new_item(staff, office, title="Festival Pantai Selatbaru"), staff, 3)
    assert ApprovalToken.objects.filter(item=item, revoked_at__isnull=True).count() == 2
    login(staff["head"])
    page.goto(f"{live_server.url}/redaksi/berita/{item.pk}/")
    page.fill("#id_reason", "Foto utama kurang jelas")
    page.click("button[name=outcome][value=reject]")
    page.wait_for_selector("#approval-links")
    body = page.inner_text("body")
    assert "Dikembalikan ke langkah 2" in body and "Foto utama kurang jelas" in body
    assert "Langkah 3 selesai" not in body
    links = page.inner_text("#approval-links")
    assert links.count("diputuskan di meja redaksi") == 2 and "Yusuf Hamdani" in links
    assert "Tidak ada tautan persetujuan yang masih berlaku" in links
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"notify-item-after-reject-{width}.png"), full_page=True)
