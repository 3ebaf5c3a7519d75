"""What a step's performer meets in Chromium after the SOP moved an item (issue 15, defects 6 and 8):
step 8 refuses an empty form, and an item Kabag returns is flagged, with the reason, on Kasubag's desk."""

import pytest

from redaksi.newsroom.models import NewsItem

from .factories import advance, new_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_step_8_refuses_an_empty_form_and_keeps_the_sop_open(page, live_server, login, staff, office):
    """Defect 6: the Staf Admin's step 8 (share) accepted an empty form and closed the SOP."""
    item = advance(new_item(staff, office), staff, 8)
    login(staff["admin"])
    page.goto(f"{live_server.url}/redaksi/berita/{item.pk}/")
    page.fill("#id_links", "")
    page.click("button[name=outcome][value=done]")
    page.wait_for_load_state()
    assert "Cantumkan alamat sedikitnya satu unggahan" in page.inner_text("body")
    item = NewsItem.objects.get(pk=item.pk)
    assert item.current_step == 8 and item.share_links == []

    page.fill("#id_links", "https://www.facebook.com/diskominfotik/posts/1")
    page.click("button[name=outcome][value=done]")
    page.wait_for_load_state()
    item.refresh_from_db()
    assert item.current_step is None and item.share_links == ["https://www.facebook.com/diskominfotik/posts/1"]


def test_an_item_kabag_returns_is_flagged_with_the_reason_on_kasubags_desk(page, live_server, login, staff, office):
    """Defect 8: Kasubag's desk did not flag a returned item; the reason was buried in the history."""
    returned = advance(new_item(staff, office, title="Festival Pantai Selatbaru"), staff, 3)
    waiting = advance(new_item(staff, office, title="Pasar Murah Jelang Natal"), staff, 2)
    login(staff["head"])  # Kabag decides at step 3
    page.goto(f"{live_server.url}/redaksi/berita/{returned.pk}/")
    page.fill("#id_reason", "Foto utama kurang jelas")
    page.click("button[name=outcome][value=reject]")
    page.wait_for_load_state()
    assert "Langkah 3 selesai" not in page.inner_text("body")
    page.context.clear_cookies()

    login(staff["editor"])  # Kasubag edits at step 2, where the item came back
    page.goto(f"{live_server.url}/redaksi/")
    card = page.locator("li", has=page.locator(f"a[href='/redaksi/berita/{returned.pk}/']")).last
    text = card.inner_text()
    assert "Dikembalikan" in text and "Foto utama kurang jelas" in text
    assert "Hendra Saputra mengembalikannya pada langkah 3" in text
    other = page.locator("li", has=page.locator(f"a[href='/redaksi/berita/{waiting.pk}/']")).last.inner_text()
    assert "Dikembalikan" not in other
