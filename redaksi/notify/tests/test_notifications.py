from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.test import Client, RequestFactory
from django.utils import timezone

from redaksi.conftest import PASSWORD
from redaksi.core.clock import WIB
from redaksi.newsroom.models import NewsItem, StepRun
from redaksi.newsroom.tests.factories import advance, new_item
from redaksi.notify.context_processors import unread
from redaksi.notify.models import FreshnessWarning, Notification, SentReminder
from redaksi.notify.reminders import freshness_run, reminders_run, target_role_code
from redaksi.notify.selectors import freshness
from redaksi.notify.services import digest_send, preference_set

pytestmark = pytest.mark.django_db

MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=WIB)


def test_a_handoff_puts_an_entry_in_the_inbox_and_mails_the_next_role(
    staff, office, notify_settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = advance(new_item(staff, office), staff, 2)
    [note] = Notification.objects.filter(user=staff["editor"])
    assert note.kind == "handoff" and item.title in note.title and note.url == f"/redaksi/berita/{item.pk}/"
    [message] = [m for m in mail.outbox if m.to == [staff["editor"].email]]
    assert f"https://redaksi.example.go.id/redaksi/berita/{item.pk}/" in message.body
    assert not Notification.objects.filter(user=staff["reporter"]).exists()  # a new draft tells nobody


def test_a_return_tells_the_reason(staff, office, notify_settings, django_capture_on_commit_callbacks):
    from redaksi.newsroom.services import step_complete
    from redaksi.sop.engine import Outcome

    item = advance(new_item(staff, office), staff, 3)
    step_complete(
        actor=staff["head"],
        item_id=item.pk,
        step_number=3,
        outcome=Outcome.REJECT,
        expected_revision=item.revision,
        reason="foto kurang jelas",
    )
    note = Notification.objects.filter(user=staff["editor"]).first()
    assert note.kind == "returned" and "foto kurang jelas" in note.body


def test_a_digest_user_gets_one_mail_a_day(staff, office, notify_settings, django_capture_on_commit_callbacks):
    preference_set(actor=staff["editor"], mode="digest")
    with django_capture_on_commit_callbacks(execute=True):
        advance(new_item(staff, office, title="Satu"), staff, 2)
        advance(new_item(staff, office, title="Dua"), staff, 2)
    assert [m for m in mail.outbox if m.to == [staff["editor"].email]] == []
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send() == 1
        assert digest_send() == 0
    [digest] = [m for m in mail.outbox if m.to == [staff["editor"].email]]
    assert "Satu" in digest.body and "Dua" in digest.body


def test_the_inbox_page_the_unread_count_and_marking_read(staff, office, notify_settings):
    item = advance(new_item(staff, office), staff, 2)
    client = Client()
    client.login(username="editor", password=PASSWORD)
    page = client.get("/notifikasi/")
    assert page.status_code == 200 and item.title in page.content.decode()
    request = RequestFactory().get("/")
    request.user = staff["editor"]
    assert unread(request) == {"notify_unread": 1}
    note = Notification.objects.get(user=staff["editor"])
    response = client.post("/notifikasi/dibaca/", {"id": note.pk})
    assert response.status_code == 302 and response["Location"] == note.url
    assert unread(request) == {"notify_unread": 0}
    other = Client()
    other.login(username="reporter", password=PASSWORD)
    other.post("/notifikasi/dibaca/", {"id": note.pk})  # someone else's entry: untouched
    assert Client().get("/notifikasi/").status_code == 302


def test_the_settings_page_saves_the_choice(staff):
    client = Client()
    client.login(username="editor", password=PASSWORD)
    assert client.post("/notifikasi/pengaturan/", {"mode": "digest"}).status_code == 302
    assert staff["editor"].notify_preference.mode == "digest"
    assert client.post("/notifikasi/pengaturan/", {"mode": "evil"}).status_code == 200
    assert client.post("/notifikasi/pengaturan/?next=//evil.example", {"mode": "instant"})["Location"] == (
        "/notifikasi/pengaturan/"
    )  # bad input 28: no open redirect


def test_reminder_ladder_targets(bengkalis):
    from redaksi.sop.engine import Flow

    flow = Flow.from_definition(bengkalis.definition)
    assert target_role_code(flow, 2, "step") == "kasubag"
    assert target_role_code(flow, 2, "supervisor") == "kabag"  # the next decision step's role
    assert target_role_code(flow, 5, "supervisor") == "kasubag"
    assert target_role_code(flow, 7, "supervisor") == "kabag"  # no later decision: the head
    assert target_role_code(flow, 5, "head") == "kabag"


def test_reminders_at_80_100_and_150_percent_once_each_in_office_hours(staff, office, time_machine):
    time_machine.move_to(MONDAY_9, tick=False)
    item = advance(new_item(staff, office), staff, 2)  # step 2: 20 minutes, Kasubag
    time_machine.move_to(MONDAY_9 + timedelta(minutes=15), tick=False)
    assert reminders_run() == 0  # 75 %
    time_machine.move_to(MONDAY_9 + timedelta(minutes=16), tick=False)
    assert reminders_run() == 1  # 80 %: the step's role
    assert reminders_run() == 0  # never twice
    assert Notification.objects.filter(kind="reminder", user=staff["editor"]).count() == 1
    time_machine.move_to(MONDAY_9 + timedelta(minutes=20), tick=False)
    assert reminders_run() == 1  # 100 %: the supervisor (Kabag, the next decision)
    assert Notification.objects.filter(kind="reminder", user=staff["head"]).count() == 1
    time_machine.move_to(MONDAY_9 + timedelta(minutes=30), tick=False)
    assert reminders_run() == 1  # 150 %: the head
    assert sorted(SentReminder.objects.values_list("percent", flat=True)) == [80, 100, 150]
    run = StepRun.objects.get(item=item, step_number=2)
    assert SentReminder.objects.filter(step_run=run).count() == 3


def test_no_reminders_outside_office_hours(staff, office, time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 15, 50, tzinfo=WIB), tick=False)
    advance(new_item(staff, office), staff, 2)
    time_machine.move_to(datetime(2026, 11, 23, 20, 0, tzinfo=WIB), tick=False)
    assert reminders_run() == 0
    time_machine.move_to(datetime(2026, 11, 24, 7, 40, tzinfo=WIB), tick=False)  # 20 office minutes later
    assert reminders_run() == 2  # 80 and 100 %, at the next opening


def test_the_ladder_is_a_setting(staff, office, time_machine, settings):
    settings.REDAKSI_NOTIFY = {**settings.REDAKSI_NOTIFY, "REMINDER_LADDER": [{"percent": 50, "notify": "head"}]}
    time_machine.move_to(MONDAY_9, tick=False)
    advance(new_item(staff, office), staff, 2)
    time_machine.move_to(MONDAY_9 + timedelta(minutes=10), tick=False)
    assert reminders_run() == 1
    assert Notification.objects.filter(kind="reminder", user=staff["head"]).exists()


def test_freshness_warns_once_per_episode(staff, office, time_machine):
    time_machine.move_to(MONDAY_9, tick=False)
    item = advance(new_item(staff, office), staff, None)
    assert item.published_at is not None
    time_machine.move_to(MONDAY_9 + timedelta(days=2), tick=False)
    assert not freshness(office).stale and freshness_run() == 0
    time_machine.move_to(MONDAY_9 + timedelta(days=3), tick=False)  # Thursday 09.00: 3 working days
    state = freshness(office)
    assert state.stale and state.working_days == 3.0
    assert freshness_run() == 1
    assert freshness_run() == 0
    warned = set(Notification.objects.filter(kind="freshness").values_list("user__username", flat=True))
    assert warned == {"head", "sysadmin"}
    # A new publication ends the episode; the next silence warns again.
    time_machine.move_to(MONDAY_9 + timedelta(days=7), tick=False)
    advance(new_item(staff, office, title="Berita Baru"), staff, None)
    assert not freshness(office).stale
    time_machine.move_to(MONDAY_9 + timedelta(days=14), tick=False)
    assert freshness_run() == 1
    assert FreshnessWarning.objects.count() == 2


def test_weekends_do_not_count_for_freshness(staff, office, time_machine):
    friday = datetime(2026, 11, 27, 15, 0, tzinfo=WIB)
    time_machine.move_to(friday, tick=False)
    advance(new_item(staff, office), staff, None)
    time_machine.move_to(friday + timedelta(days=3), tick=False)  # Monday 15.00: one working day
    assert freshness(office).working_days == 1.0
    assert NewsItem.objects.count() == 1 and timezone.now()


def _open(user):
    return list(Notification.objects.filter(user=user, done_at__isnull=True).values_list("kind", flat=True))


def _badge(user):
    request = RequestFactory().get("/")
    request.user = user
    return unread(request)["notify_unread"]


def test_a_task_done_leaves_every_inbox_that_announced_it(staff, office, make_user, notify_settings):
    other_editor = make_user("kasubag", username="editor2", full_name="Kasubag Kedua")
    item = advance(new_item(staff, office), staff, 2)
    assert _open(staff["editor"]) == ["handoff"] and _open(other_editor) == ["handoff"]
    assert _badge(other_editor) == 1
    item = advance(item, staff, 3)  # the editor did step 2: done for both holders of the role
    assert _open(staff["editor"]) == [] and _open(other_editor) == []
    assert _badge(other_editor) == 0
    assert _open(staff["head"]) == ["approval"]
    advance(item, staff, 4)
    assert _open(staff["head"]) == []
    assert Notification.objects.filter(user=staff["head"], kind="approval").get().done_at is not None
    page = Client()
    page.login(username="editor2", password=PASSWORD)
    html = page.get("/notifikasi/").content.decode()
    assert "No task is waiting for you." in html and "Done" in html and item.title in html
    assert "ni-item--unread" not in html


def test_a_return_clears_the_approval_and_the_finished_sop_clears_everything(staff, office, notify_settings):
    from redaksi.newsroom.services import step_complete
    from redaksi.sop.engine import Outcome

    item = advance(new_item(staff, office), staff, 3)
    step_complete(
        actor=staff["head"], item_id=item.pk, step_number=3, outcome=Outcome.REJECT,
        expected_revision=item.revision, reason="foto kurang jelas",
    )  # fmt: skip
    assert _open(staff["head"]) == [] and _open(staff["editor"]) == ["returned"]
    item = advance(item, staff, 7)
    assert _open(staff["admin"]) == ["handoff"]
    advance(item, staff, None)
    assert not Notification.objects.filter(item=item, done_at__isnull=True).exists()


def test_the_one_who_hands_on_is_not_told_it_is_their_turn(
    staff, office, make_user, notify_settings, django_capture_on_commit_callbacks
):
    from redaksi.newsroom.services import step_complete
    from redaksi.sop.engine import Outcome

    both = make_user("kasubag", "staf-admin", username="both", full_name="Merangkap")
    item = advance(new_item(staff, office), staff, 5)
    with django_capture_on_commit_callbacks(execute=True):
        step_complete(actor=both, item_id=item.pk, step_number=5, outcome=Outcome.DONE, expected_revision=item.revision)
    assert _open(both) == [] and _open(staff["editor"]) == ["handoff"]  # step 6: Kasubag
    assert not [m for m in mail.outbox if m.to == [both.email]]
    assert [m for m in mail.outbox if m.to == [staff["editor"].email]]


def test_a_later_reminder_replaces_the_earlier_one_of_the_same_step(staff, office, time_machine):
    time_machine.move_to(MONDAY_9, tick=False)
    item = advance(new_item(staff, office), staff, 2)
    time_machine.move_to(MONDAY_9 + timedelta(minutes=20), tick=False)
    assert reminders_run() == 2  # 80 % to the editor, 100 % to the head
    time_machine.move_to(MONDAY_9 + timedelta(minutes=30), tick=False)
    assert reminders_run() == 1  # 150 %: the head again
    assert _open(staff["head"]) == ["reminder"]
    assert Notification.objects.filter(user=staff["head"], kind="reminder").count() == 2
    assert sorted(_open(staff["editor"])) == ["handoff", "reminder"]
    advance(item, staff, 3)
    assert _open(staff["editor"]) == [] and "reminder" not in _open(staff["head"])


def test_a_task_done_before_the_digest_stays_out_of_it(
    staff, office, notify_settings, django_capture_on_commit_callbacks
):
    preference_set(actor=staff["editor"], mode="digest")
    with django_capture_on_commit_callbacks(execute=True):
        advance(new_item(staff, office, title="Sudah Dikerjakan"), staff, 3)
        advance(new_item(staff, office, title="Masih Menunggu"), staff, 2)
        assert digest_send() == 1
    [digest] = [m for m in mail.outbox if m.to == [staff["editor"].email]]
    assert "Masih Menunggu" in digest.body and "Sudah Dikerjakan" not in digest.body
