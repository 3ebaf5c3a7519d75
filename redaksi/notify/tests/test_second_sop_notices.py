"""Under an SOP whose "no" returns to the writer, only the item's writer is told it came back."""

import pytest

from redaksi.conftest import FIXTURES
from redaksi.newsroom.services import ItemText, item_create, step_complete
from redaksi.notify.models import Notification
from redaksi.sop.engine import Outcome
from redaksi.sop.services import sop_load

pytestmark = pytest.mark.django_db


def test_a_return_to_the_first_step_tells_its_writer_only(bengkalis, settings, make_user):
    path = FIXTURES / "humas-pengumuman.yaml"
    version = sop_load(text=path.read_text(), source_name=path.name).version
    settings.REDAKSI_NEWS_SOP_CODE = "penerbitan-pengumuman"
    office = version.sop.office
    writer = make_user("penulis", username="penulis", office=office)
    other_writer = make_user("penulis", username="penulis2", office=office)
    reviewer = make_user("redaktur", username="redaktur", office=office)
    item = item_create(actor=writer, office=office, text=ItemText(title="Pengumuman Libur", lead="", body="<p>Isi</p>"))
    step_complete(actor=writer, item_id=item.pk, step_number=1, outcome=Outcome.DONE, expected_revision=None)
    step_complete(
        actor=reviewer, item_id=item.pk, step_number=2, outcome=Outcome.REJECT,
        expected_revision=None, reason="Tanggal salah",
    )  # fmt: skip
    [note] = Notification.objects.filter(kind="returned")
    assert note.user == writer and "Tanggal salah" in note.body
    assert not Notification.objects.filter(user=other_writer).exists()  # the draft is not theirs to act on
    assert Notification.objects.get(user=reviewer).done_at is not None  # the review was done
