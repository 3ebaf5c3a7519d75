"""An inbox entry is worded in its reader's language, whatever language its cause spoke."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from redaksi.conftest import PASSWORD
from redaksi.core.clock import WIB
from redaksi.newsroom.tests.factories import advance, new_item
from redaksi.notify.messages import Message, recover, render
from redaksi.notify.models import Notification
from redaksi.notify.reminders import reminders_run

MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=WIB)


def inbox(user, language: str) -> str:
    c = Client(HTTP_ACCEPT_LANGUAGE=language)
    assert c.login(username=user.username, password=PASSWORD)
    return c.get(reverse("notify:inbox")).content.decode()


@pytest.mark.django_db
def test_an_entry_caused_in_english_reads_in_each_readers_language(
    staff, office, notify_settings, django_capture_on_commit_callbacks
):
    notify_settings.LANGUAGE_CODE = "id"  # the office's language, as in production
    item = advance(new_item(staff, office, title="Bupati Resmikan Jembatan"), staff, 2)
    editor = Client(HTTP_ACCEPT_LANGUAGE="en")  # the editor works in English
    assert editor.login(username=staff["editor"].username, password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(
            reverse("newsroom:step", args=[item.pk, 2]), {"outcome": "done", "expected_revision": item.revision}
        )
    assert response.status_code == 302
    [note] = Notification.objects.filter(user=staff["head"], kind="approval")
    assert note.title_key == "approval.title" and note.params["title"] == "Bupati Resmikan Jembatan"
    assert note.title == "Menunggu persetujuan Anda: Bupati Resmikan Jembatan"  # the office's words, not the editor's
    assert "Menunggu persetujuan Anda: Bupati Resmikan Jembatan" in inbox(staff["head"], "id")
    assert "Langkah 3: Menyetujui berita untuk di unggah." in inbox(staff["head"], "id")
    english = inbox(staff["head"], "en")
    assert "Waiting for your approval: Bupati Resmikan Jembatan" in english and "Menunggu" not in english
    # A mail goes in the office's language, whoever caused it.
    with django_capture_on_commit_callbacks(execute=True):
        head = Client(HTTP_ACCEPT_LANGUAGE="en")
        assert head.login(username=staff["head"].username, password=PASSWORD)
        head.post(reverse("newsroom:step", args=[item.pk, 3]), {"outcome": "approve", "expected_revision": 1})
    [handoff] = Notification.objects.filter(user=staff["reporter"], kind="handoff", item=item)
    assert handoff.title == "Giliran Anda: Bupati Resmikan Jembatan"
    assert [m.subject for m in mail.outbox if m.to == [staff["reporter"].email]] == [handoff.title]
    assert "Your turn: Bupati Resmikan Jembatan" in inbox(staff["reporter"], "en")


@pytest.mark.django_db
def test_a_reminders_moment_is_worded_in_the_readers_language(staff, office, time_machine):
    time_machine.move_to(MONDAY_9, tick=False)
    item = advance(new_item(staff, office), staff, 2)
    time_machine.move_to(MONDAY_9 + timedelta(minutes=16), tick=False)
    assert reminders_run() == 1
    note = Notification.objects.get(kind="reminder", item=item)
    assert note.body_key == "reminder.body"
    assert "23 November 2026 pukul 09.00 WIB" in inbox(staff["editor"], "id")
    assert "23 November 2026 at 09.00 WIB" in inbox(staff["editor"], "en")


def test_render_and_recover_in_both_languages():
    from django.utils import translation

    handoff = Message("handoff.body", {"n": 2, "activity": "Mengedit berita"})
    returned = Message("returned.body", {"n": 2, "activity": "Mengedit berita", "reason": "Foto kabur"})
    for language in ("en", "id"):
        with translation.override(language):
            worded = handoff.render(), returned.render()
        assert recover(worded[0], ("id", "en")) == ("handoff.body", {"n": "2", "activity": "Mengedit berita"})
        key, values = recover(worded[1], ("id", "en"))  # the longer message, though the short one fits too
        assert key == "returned.body" and values["reason"] == "Foto kabur"
    assert recover("Pesan lain dari admin", ("id", "en")) is None
    assert render("handoff.body", {"n": 2}) == ""  # a value missing: the stored words are shown instead
    with pytest.raises(KeyError):
        Message("no.such.message")


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_stored_entries_their_message_back(staff):
    executor = MigrationExecutor(connection)
    executor.migrate([("notify", "0004_notification_done")])
    old = executor.loader.project_state([("notify", "0004_notification_done")]).apps.get_model("notify", "Notification")
    user_id = staff["editor"].pk
    rows = {
        "en": old.objects.create(user_id=user_id, kind="handoff", title="Your turn: Banjir", body="Step 2: Edit."),
        "id": old.objects.create(
            user_id=user_id,
            kind="returned",
            title="Dikembalikan kepada Anda: Banjir",
            body="Langkah 2: Edit. Alasan: Foto kabur",
        ),
        "other": old.objects.create(user_id=user_id, kind="freshness", title="Catatan bebas", body=""),
    }
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    english = Notification.objects.get(pk=rows["en"].pk)
    assert (english.title_key, english.body_key) == ("handoff.title", "handoff.body")
    indonesian = Notification.objects.get(pk=rows["id"].pk)
    assert (indonesian.title_key, indonesian.body_key) == ("returned.title", "returned.body")
    assert indonesian.params == {"title": "Banjir", "n": "2", "activity": "Edit", "reason": "Foto kabur"}
    from django.utils import translation

    with translation.override("en"):
        assert indonesian.shown_title == "Returned to you: Banjir"
    with translation.override("id"):
        assert english.shown_title == "Giliran Anda: Banjir"
    other = Notification.objects.get(pk=rows["other"].pk)
    assert other.title_key == "" and other.shown_title == "Catatan bebas"
