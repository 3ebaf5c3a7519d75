"""Issue 15: a new SOP version that gives a step to another role, or drops a step, must leave no item in
progress on nobody's desk. The item keeps its own version's steps; the version in force says who does them."""

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from redaksi.accounts.selectors import person_of
from redaksi.audit.models import AuditEntry
from redaksi.conftest import PASSWORD
from redaksi.core.clock import WIB
from redaksi.core.errors import NotPermitted
from redaksi.newsroom import policy
from redaksi.newsroom.models import StepRun
from redaksi.newsroom.selectors import flow_for
from redaksi.newsroom.services import step_complete
from redaksi.notify.models import Notification
from redaksi.notify.reminders import reminders_run
from redaksi.sop.engine import Outcome

from .factories import advance, new_item
from .sopversions import bengkalis_changed, upload_by_kasubag, without_review

pytestmark = pytest.mark.django_db


def as_(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def desk_of(user) -> str:
    return as_(user).get(reverse("newsroom:desk")).content.decode()


@pytest.fixture
def in_progress(staff, office):
    """Items of version 1 waiting at steps 2, 5, 6 and 7."""
    return {n: advance(new_item(staff, office, title=f"Berita di langkah {n}"), staff, n) for n in (2, 5, 6, 7)}


def test_a_step_given_to_another_role_moves_its_items_to_that_roles_desk(staff, in_progress, bengkalis):
    item = in_progress[5]
    assert "Berita di langkah 5" in desk_of(staff["admin"])
    v2 = bengkalis_changed(upload_by_kasubag)
    item.refresh_from_db()
    assert item.sop_version == bengkalis and item.current_step == 5  # the item keeps its version and history
    assert "Berita di langkah 5" in desk_of(staff["editor"])
    assert "Berita di langkah 5" not in desk_of(staff["admin"])
    assert "Berita di langkah 6" in desk_of(staff["editor"]) and "Berita di langkah 7" in desk_of(staff["admin"])
    # The permission says the same as the desk.
    flow = flow_for(item)
    assert flow.step(5).role == "kasubag" and flow.step(5).own_role == "staf-admin"
    assert policy.may_complete_step(person_of(staff["editor"]), item, flow, 5, str)
    with pytest.raises(NotPermitted):
        step_complete(
            actor=staff["admin"], item_id=item.pk, step_number=5, outcome=Outcome.DONE, expected_revision=item.revision
        )
    # The open run waits for the new role, on record as the system's doing, with the reason.
    assert StepRun.objects.get(item=item, finished_at__isnull=True).role.code == "kasubag"
    [entry] = AuditEntry.objects.filter(action="sop.step.reassign")
    assert entry.actor_id is None and entry.object_id == str(item.pk)
    assert entry.data["from_role"] == "staf-admin" and entry.data["to_role"] == "kasubag"
    assert entry.data["version_in_force"] == v2.number == 2 and entry.data["item_version"] == 1
    assert entry.data["reason"] == "SOP version 2 gives step 5 to another role."
    # The new role is told; the old role's entry about the step is done.
    note = Notification.objects.get(user=staff["editor"], item=item, kind="handoff", done_at__isnull=True)
    assert "Berita di langkah 5" in note.title
    assert not Notification.objects.filter(user=staff["admin"], item=item, done_at__isnull=True).exists()
    step_complete(
        actor=staff["editor"], item_id=item.pk, step_number=5, outcome=Outcome.DONE, expected_revision=item.revision
    )
    item.refresh_from_db()
    assert item.current_step == 6


def test_the_board_and_the_item_page_agree(staff, in_progress):
    item = in_progress[5]
    bengkalis_changed(upload_by_kasubag)
    board = as_(staff["head"]).get(reverse("newsroom:board")).content.decode()
    column5 = board.split('id="col-5"')[1].split("</section>")[0]
    assert "Berita di langkah 5" in column5
    assert 'id="col-retired"' not in board
    page = as_(staff["editor"]).get(reverse("newsroom:item", args=[item.pk])).content.decode()
    assert "Uploaded: send for correction" in page
    assert "SOP version 2, now in force, gives that step to Kasubag" in page
    page = as_(staff["admin"]).get(reverse("newsroom:item", args=[item.pk])).content.decode()
    assert 'name="outcome"' not in page


def test_items_of_unchanged_steps_are_left_alone(staff, in_progress):
    bengkalis_changed(upload_by_kasubag)
    assert AuditEntry.objects.filter(action="sop.step.reassign").count() == 1
    for n in (2, 6, 7):
        assert flow_for(in_progress[n]).step(n).own_role == ""


def test_a_new_item_runs_under_the_new_version(staff, office, in_progress):
    v2 = bengkalis_changed(upload_by_kasubag)
    item = advance(new_item(staff, office, title="Berita baru"), staff, 5)
    assert item.sop_version == v2
    assert "Berita baru" in desk_of(staff["editor"]) and "Berita baru" not in desk_of(staff["admin"])


def test_an_item_at_a_step_the_new_version_dropped_goes_to_the_coordinating_role(staff, in_progress, settings):
    settings.LANGUAGE_CODE = "id"  # the notices, in the office's language
    item = in_progress[6]
    bengkalis_changed(without_review)
    flow = flow_for(item)
    assert flow.step(6).retired and flow.step(6).role == "kabag"  # the head who signs the SOP
    assert flow.step(7).number_in_force == 6 and flow.step(7).role == "staf-admin"  # publishing moved up one
    assert "Berita di langkah 6" in desk_of(staff["head"])
    assert "Berita di langkah 6" not in desk_of(staff["editor"])
    entry = AuditEntry.objects.get(action="sop.step.reassign", object_id=str(item.pk))
    assert entry.data["retired"] is True and entry.data["to_role"] == "kabag"
    assert "tidak ada lagi" in entry.data["reason"]
    # The board keeps it in a column of its own, with the notice; the publish column holds the step-7 item.
    board = as_(staff["sysadmin"]).get(reverse("newsroom:board")).content.decode()
    retired = board.split('id="col-retired"')[1].split("</section>")[0]
    assert "Berita di langkah 6" in retired and "tidak ada lagi" in retired
    assert "Berita di langkah 7" in board.split('id="col-6"')[1].split("</section>")[0]
    assert 'id="col-8"' not in board
    page = as_(staff["head"]).get(reverse("newsroom:item", args=[item.pk])).content.decode()
    assert "tidak ada lagi di SOP versi 2" in page and 'value="approve"' in page
    # The head finishes the old step; the item goes on under its own version, to the publishing role.
    step_complete(
        actor=staff["head"], item_id=item.pk, step_number=6, outcome=Outcome.APPROVE, expected_revision=item.revision
    )
    item.refresh_from_db()
    assert item.current_step == 7 and StepRun.objects.get(item=item, finished_at__isnull=True).role.code == "staf-admin"
    assert "Berita di langkah 6" in desk_of(staff["admin"])


def test_every_item_in_progress_is_on_some_desk_after_each_version(staff, in_progress):
    for change in (upload_by_kasubag, without_review):
        bengkalis_changed(change)
        for n, item in in_progress.items():
            item.refresh_from_db()
            step = flow_for(item).step(item.current_step)
            holders = [who for who in staff.values() if step.role in {c.role.code for c in person_of(who).capacities}]
            assert holders, (n, step)
            assert any(item.title in desk_of(who) for who in holders), (n, step)


def test_reminders_go_to_the_role_that_now_does_the_step(staff, office, time_machine):
    monday_9 = datetime(2026, 11, 23, 9, 0, tzinfo=WIB)
    time_machine.move_to(monday_9, tick=False)
    item = advance(new_item(staff, office, title="Berita lama"), staff, 5)  # 15 minutes
    bengkalis_changed(upload_by_kasubag)
    time_machine.move_to(monday_9 + timedelta(minutes=13), tick=False)
    assert reminders_run() == 1  # 80 %: the step's role, as the version in force says
    assert Notification.objects.filter(kind="reminder", item=item, user=staff["editor"]).exists()
    assert not Notification.objects.filter(kind="reminder", item=item, user=staff["admin"]).exists()


def test_an_approval_given_to_another_role_withdraws_the_old_links_and_mails_the_new_approver(staff, office):
    from redaksi.notify.models import ApprovalToken

    item = advance(new_item(staff, office, title="Berita menunggu persetujuan"), staff, 3)
    [old] = ApprovalToken.objects.filter(item=item)
    assert old.user == staff["head"]

    def approved_by_kasubag(steps):
        steps[2]["performer"] = "kasubag"

    bengkalis_changed(approved_by_kasubag)
    old.refresh_from_db()
    assert old.revoked_at is not None
    [new] = ApprovalToken.objects.filter(item=item, revoked_at__isnull=True)
    assert new.user == staff["editor"] and new.step_run.role.code == "kasubag"
    assert "Berita menunggu persetujuan" in desk_of(staff["editor"])
    assert "Berita menunggu persetujuan" not in desk_of(staff["head"])
    step_complete(
        actor=staff["editor"], item_id=item.pk, step_number=3, outcome=Outcome.APPROVE, expected_revision=item.revision
    )
    item.refresh_from_db()
    assert item.current_step == 4 and item.approvals.get().signed_as == "Kasubag"
