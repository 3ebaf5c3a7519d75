"""The approval pages, the mail and the approval sheet say what the SOP says: the decision step's own
activity for "yes", and the step its "no" returns to."""

import pytest
from django.test import Client

from redaksi.conftest import FIXTURES
from redaksi.newsroom.models import Approval, NewsItem
from redaksi.newsroom.services import ItemText, item_create, step_complete
from redaksi.notify import softcopy
from redaksi.notify.wording import decision_words
from redaksi.sop.engine import Outcome
from redaksi.sop.services import sop_load

from .test_approvals import approval_mails, token_for, url

pytestmark = pytest.mark.django_db

RETURNS = "step 2, Mengedit berita sehingga layak unggah (Kasubag)"


def test_the_mail_and_the_page_word_the_decision_as_the_sop_does(at_approval, staff):
    at_approval()
    message = [m for m in approval_mails() if m.to == [staff["head"].email]][0]
    assert f"returns it to {RETURNS}" in message.body
    assert f"Reject returns the item to {RETURNS}." in message.alternatives[0][0]
    page = Client().get(url(token_for(staff["head"].email))).content.decode()
    assert "Yes: Menyetujui berita untuk di unggah" in page
    assert f"No: return it to {RETURNS}" in page
    assert "for upload" not in page and "to the editor" not in page


def test_the_done_page_and_the_sheet_name_the_step_the_no_returned_to(at_approval, staff, monkeypatch, settings):
    item = at_approval()
    done = Client().post(url(token_for(staff["head"].email)), {"decision": "reject", "reason": "Foto kurang jelas"})
    assert "Returned to step 2, Mengedit berita sehingga layak unggah. Thank you." in done.content.decode()
    assert NewsItem.objects.get(pk=item.pk).current_step == 2
    record = Approval.objects.get(item=item).softcopy
    monkeypatch.setattr(softcopy, "render_pdf", lambda html, base_url: html.encode())
    settings.LANGUAGE_CODE = "id"
    sheet = softcopy.softcopy_pdf_bytes(record).decode()  # the sheet is rendered in the office's language
    assert "DIKEMBALIKAN" in sheet and "Langkah 3: Menyetujui berita untuk di unggah" in sheet
    assert "Dikembalikan ke langkah 2: Mengedit berita sehingga layak unggah (Kasubag)" in sheet
    assert "untuk diunggah" not in sheet and "penyunting" not in sheet.lower()


def test_an_sop_whose_no_returns_to_the_writer_says_so(bengkalis, settings, make_user):
    version = sop_load(
        text=(FIXTURES / "humas-pengumuman.yaml").read_text(), source_name="humas-pengumuman.yaml"
    ).version
    settings.REDAKSI_NEWS_SOP_CODE = "penerbitan-pengumuman"
    writer = make_user("penulis", username="penulis")
    item = item_create(actor=writer, office=version.sop.office, text=ItemText(title="Pengumuman"))
    words = decision_words(item, 3)
    assert words.yes == "Menyetujui pengumuman"
    assert (words.returns_to.number, words.returns_to.activity, words.returns_to_role) == (
        1,
        "Menulis naskah pengumuman",
        "Penulis",
    )
    step_complete(actor=writer, item_id=item.pk, step_number=1, outcome=Outcome.DONE, expected_revision=1)
    # The desk's own decision at step 2 is worded by the same SOP: its "no" returns to the writer too.
    assert decision_words(item, 2).returns_to.number == 1 and decision_words(item, 2).yes == "Menelaah naskah"
