import pytest
from django.core import mail
from django.db import transaction

from redaksi.notify.models import OutboundMail
from redaksi.notify.outbox import REDACTED, mail_flush, mail_queue, mail_send

pytestmark = pytest.mark.django_db


def queue(**kw):
    values = {"kind": "test", "to": ["kabag@example.go.id"], "subject": "Uji", "text": "Isi", "html": "<p>Isi</p>"}
    values.update(kw)
    return mail_queue(**values)


def test_a_mail_of_a_rolled_back_transaction_is_never_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        queue()
        raise RuntimeError
    assert OutboundMail.objects.count() == 0
    assert mail.outbox == []


def test_the_mail_goes_out_after_commit_through_a_real_smtp_server(smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        row = queue(attachments=[("a.txt", b"lampiran", "text/plain")], reply_to="persetujuan+x@example.go.id")
        assert smtp.messages == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    row.refresh_from_db()
    assert row.status == OutboundMail.Status.SENT and row.attempts == 1 and row.sent_at
    [received] = smtp.messages
    message = received["message"]
    assert received["to"] == ["kabag@example.go.id"]
    assert message["Subject"] == "Uji"
    assert message["Reply-To"] == "persetujuan+x@example.go.id"
    assert message["Message-ID"] == row.message_id
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_body(("plain",)).get_content().strip() == "Isi"
    assert message.get_body(("html",)).get_content().strip() == "<p>Isi</p>"
    assert [a.get_filename() for a in message.iter_attachments()] == ["a.txt"]


def test_with_smtp_down_nothing_is_lost_and_it_goes_out_when_it_is_back(
    smtp, django_capture_on_commit_callbacks, time_machine
):
    smtp.stop()
    with django_capture_on_commit_callbacks(execute=True):
        row = queue()
    row.refresh_from_db()
    assert row.status == OutboundMail.Status.QUEUED
    assert row.attempts == 1 and "Connection" in row.last_error
    assert mail_flush() == (0, 1)  # not due yet: back-off
    smtp.start()
    time_machine.move_to(row.next_try_at, tick=False)
    assert mail_flush() == (1, 0)
    row.refresh_from_db()
    assert row.status == OutboundMail.Status.SENT and row.attempts == 2 and row.last_error == ""
    assert len(smtp.messages) == 1


def test_a_mail_is_sent_once_even_when_two_workers_try(smtp):
    row = queue()
    assert mail_send(row.pk) is True
    assert mail_send(row.pk) is False
    assert len(smtp.messages) == 1


def test_after_many_failures_the_mail_is_marked_failed_and_kept(smtp, settings, time_machine):
    settings.REDAKSI_NOTIFY = {**settings.REDAKSI_NOTIFY, "MAIL_MAX_ATTEMPTS": 2}
    smtp.stop()
    row = queue()
    mail_send(row.pk)
    row.refresh_from_db()
    time_machine.move_to(row.next_try_at, tick=False)
    mail_send(row.pk)
    row.refresh_from_db()
    assert row.status == OutboundMail.Status.FAILED and row.attempts == 2
    assert row.text == "Isi"  # kept for the administrator to see and resend


def test_a_line_break_in_the_subject_cannot_add_a_header(smtp):
    """Bad input 35: a title with CR/LF ends in one subject line, no Bcc added."""
    row = queue(subject="Judul\r\nBcc: evil@example.com\nX-Evil: 1", to=["kabag@example.go.id"])
    assert mail_send(row.pk)
    [received] = smtp.messages
    assert received["to"] == ["kabag@example.go.id"]
    assert received["message"]["Bcc"] is None and received["message"]["X-Evil"] is None
    assert received["message"]["Subject"] == "Judul Bcc: evil@example.com X-Evil: 1"


def test_link_tokens_are_blanked_in_the_outbox_once_sent(smtp):
    row = queue(text="Tautan /notifikasi/persetujuan/SECRET/", html="<a href='/x/SECRET/'>x</a>", redact=["SECRET"])
    assert mail_send(row.pk)
    row.refresh_from_db()
    assert "SECRET" not in row.text + row.html and REDACTED in row.text
    assert "SECRET" in smtp.messages[0]["message"].get_body(("plain",)).get_content()


def test_the_send_command_flushes_the_outbox(smtp):
    from django.core.management import call_command

    queue()
    queue(to=["kasubag@example.go.id"])
    call_command("notify_send")
    assert len(smtp.messages) == 2


def test_a_mail_queued_twice_under_one_key_is_one_row_and_one_message(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(idempotency_key="approval:7")
        again = queue(idempotency_key="approval:7", subject="Uji lagi")
    assert again.pk == first.pk and again.message_id == first.message_id
    assert OutboundMail.objects.count() == 1
    assert [m.subject for m in mail.outbox] == ["Uji"]


def test_mail_leaves_through_the_backend_its_alias_names(settings, django_capture_on_commit_callbacks):
    from redaksi.core.backends import LocmemBackend

    LocmemBackend.reset()
    settings.REDAKSI_BACKENDS = {
        **settings.REDAKSI_BACKENDS,
        "quiet": {"BACKEND": "redaksi.core.backends.LocmemBackend"},
    }
    settings.REDAKSI_NOTIFY = {**settings.REDAKSI_NOTIFY, "MAIL_BACKEND": "quiet"}
    with django_capture_on_commit_callbacks(execute=True):
        row = queue()
    row.refresh_from_db()
    [delivery] = LocmemBackend.outbox()
    assert mail.outbox == []  # Django's EMAIL_BACKEND was not asked
    assert delivery.alias == "quiet" and delivery.key == row.idempotency_key
    assert delivery.payload.subject == "Uji" and delivery.payload.extra_headers["Message-ID"] == row.message_id
    assert row.status == OutboundMail.Status.SENT and row.remote_id == delivery.remote_id
    LocmemBackend.reset()
