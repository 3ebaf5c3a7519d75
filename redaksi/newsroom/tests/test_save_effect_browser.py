"""At a correction step whose SOP says "title-or-lead", the form says as the person types whether
the save will go back to approval, and the save does what it said."""

import pytest

from redaksi.conftest import BENGKALIS
from redaksi.newsroom.models import NewsItem
from redaksi.sop.services import sop_load

from .factories import advance, new_item
from .test_reapproval import with_steps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_form_says_live_whether_the_save_goes_back_to_approval(page, live_server, login, staff, office):
    sop_load(text=with_steps(BENGKALIS, s6={"reapproval": "title-or-lead"}), source_name="koreksi.yaml")
    item = advance(new_item(staff, office), staff, 6)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(staff["editor"])
    page.goto(f"{live_server.url}/redaksi/berita/{item.pk}/sunting/")
    notice, live = page.locator("#save-effect"), page.locator("#save-effect-live")
    assert "Mengubah judul atau teras berita mengembalikan berita ke persetujuan (langkah 3" in notice.inner_text()
    assert live.inner_text() == "Judul dan teras berita tidak berubah: menyimpan tidak memerlukan persetujuan baru."
    page.fill("#id_title", item.title + " Baru")
    assert "Anda mengubah judul atau teras berita" in live.inner_text() and "langkah 3" in live.inner_text()
    page.fill("#id_title", item.title)  # back as it was: no change to the title after all
    assert live.inner_text().startswith("Judul dan teras berita tidak berubah")
    page.fill("#id_reason", "Salah ketik")
    editor = page.locator(".jodit-wysiwyg")
    editor.locator("p").first.click()
    page.keyboard.press("End")
    page.keyboard.type(" Dikoreksi")
    page.click("#item-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/redaksi/berita/{item.pk}/")
    item = NewsItem.objects.get(pk=item.pk)
    assert item.current_step == 6 and "Dikoreksi" in item.body  # as the form said: no new approval
    assert errors == []
