"""Four eyes under Plt./Plh.: whoever wrote or edited a text never approves it (issue 13, finding 1)."""

from datetime import date, timedelta

import pytest
from django.core import mail

from redaksi.accounts.models import ActingAppointment
from redaksi.core.errors import NotPermitted
from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.services import ItemText, item_save, step_complete
from redaksi.newsroom.tests.factories import advance, new_item
from redaksi.notify.models import ApprovalToken
from redaksi.sop.engine import Outcome

pytestmark = pytest.mark.django_db


def appoint_plh_kabag(user, office, by):
    ActingAppointment.objects.create(
        user=user,
        role=office.roles.get(code="kabag"),
        kind="plh",
        starts_on=date.today() - timedelta(days=1),
        ends_on=date.today() + timedelta(days=1),
        letter_number="800/7/2026",
        created_by=by,
    )


def approve(item, who):
    return step_complete(
        actor=who, item_id=item.pk, step_number=3, outcome=Outcome.APPROVE, expected_revision=item.revision
    )


@pytest.mark.parametrize("who", ["reporter", "editor"])
def test_a_plh_who_wrote_or_edited_the_text_can_neither_approve_it_nor_get_a_link(
    staff, office, notify_settings, django_capture_on_commit_callbacks, who
):
    appoint_plh_kabag(staff[who], office, staff["sysadmin"])
    with django_capture_on_commit_callbacks(execute=True):
        item = advance(new_item(staff, office), staff, 2)
        edited = ItemText(title=item.title, lead="Lead yang disunting Kasubag.", body=item.body)
        item_save(actor=staff["editor"], item_id=item.pk, text=edited, base_revision=item.revision)
        item = advance(item, staff, 3)
    assert NewsItem.objects.get(pk=item.pk).writer_ids == [staff["reporter"].pk, staff["editor"].pk]

    with pytest.raises(NotPermitted, match="four eyes"):
        approve(item, staff[who])
    item.refresh_from_db()
    assert item.current_step == 3
    # The approval links and mails go to the Kabag alone.
    assert set(ApprovalToken.objects.filter(item=item).values_list("user__username", flat=True)) == {"head"}
    assert not [m for m in mail.outbox if staff[who].email in m.to and "[ref:" in m.subject]
    # The Kabag, who touched nothing, approves.
    assert approve(item, staff["head"]).current_step == 4


def test_a_plh_who_did_not_touch_the_text_approves_as_plh(staff, office, make_user, notify_settings):
    outsider = make_user(username="plh2", full_name="Budi Santoso", email="budi@example.go.id")
    appoint_plh_kabag(outsider, office, staff["sysadmin"])
    item = advance(new_item(staff, office), staff, 3)
    assert approve(item, outsider).current_step == 4
