"""The shared outbox, on a table of parcels sent through the locmem backend (redaksi/core/tests/outboxapp)."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from redaksi.core.backends import LocmemBackend, NeedsPerson, Refused, RetryLater
from redaksi.core.outbox import backoff
from redaksi.core.tests.outboxapp.models import Parcel
from redaksi.core.tests.outboxapp.outbox import OUTBOX

pytestmark = pytest.mark.django_db
Status = Parcel.Status


@pytest.fixture(autouse=True)
def parcels_backend(settings):
    settings.REDAKSI_BACKENDS = {
        **settings.REDAKSI_BACKENDS,
        "parcels": {"BACKEND": "redaksi.core.backends.LocmemBackend"},
    }
    LocmemBackend.reset()
    yield
    LocmemBackend.reset()


def sent_texts() -> list[str]:
    return [delivery.payload["text"] for delivery in LocmemBackend.outbox()]


def put(text="Paket", **kw):
    return OUTBOX.put(text=text, secret=kw.pop("secret", "rahasia"), **kw)


def test_a_row_of_a_rolled_back_transaction_is_never_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        put()
        raise RuntimeError
    assert Parcel.objects.count() == 0 and sent_texts() == []


def test_a_row_goes_out_after_commit_through_its_backend(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        row = put()
        assert sent_texts() == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    row.refresh_from_db()
    assert row.status == Status.SENT and row.attempts == 1 and row.sent_at and row.last_error == ""
    assert sent_texts() == ["Paket"]
    [delivery] = LocmemBackend.outbox()
    assert delivery.key == row.idempotency_key and row.remote_id == delivery.remote_id
    assert row.secret == ""  # the outbox's sent_changes hook ran with the "sent" mark


def test_back_off_doubles_from_a_minute_to_at_most_an_hour():
    assert [backoff(n).total_seconds() / 60 for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]


def test_a_failed_try_waits_its_back_off_and_the_sweep_sends_it_when_due(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    LocmemBackend.answer(ConnectionError("provider down"), ConnectionError("still down"))
    row = put()
    assert OUTBOX.send(row.pk) is False
    row.refresh_from_db()
    assert row.status == Status.QUEUED and row.attempts == 1 and row.last_error == "ConnectionError: provider down"
    assert row.next_try_at == timezone.now() + timedelta(minutes=1)
    assert OUTBOX.sweep() == (0, 1)  # not due yet
    time_machine.move_to(row.next_try_at, tick=False)
    assert OUTBOX.sweep() == (0, 1)
    row.refresh_from_db()
    assert row.attempts == 2 and row.next_try_at == timezone.now() + timedelta(minutes=2)
    time_machine.move_to(row.next_try_at, tick=False)
    assert OUTBOX.sweep() == (1, 0)
    row.refresh_from_db()
    assert row.status == Status.SENT and row.attempts == 3 and row.last_error == ""
    assert sent_texts() == ["Paket"]


def test_a_provider_that_says_when_to_come_back_is_believed(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    LocmemBackend.answer(RetryLater("rate limited", retry_after=timedelta(minutes=15)))
    row = put()
    OUTBOX.send(row.pk)
    row.refresh_from_db()
    assert row.next_try_at == timezone.now() + timedelta(minutes=15) and row.last_error == "RetryLater: rate limited"


def test_after_max_attempts_the_row_fails_and_is_kept(time_machine):
    LocmemBackend.answer(*[ConnectionError("down")] * 3)
    row = put()
    for _ in range(3):
        time_machine.move_to(Parcel.objects.get(pk=row.pk).next_try_at, tick=False)
        OUTBOX.send(row.pk)
    row.refresh_from_db()
    assert row.status == Status.FAILED and row.attempts == 3 and row.secret == "rahasia"
    time_machine.move_to(row.next_try_at + timedelta(hours=1), tick=False)
    assert OUTBOX.sweep() == (0, 0) and sent_texts() == []


def test_a_refusal_fails_at_once():
    LocmemBackend.answer(Refused("the network refused the text"))
    row = put()
    assert OUTBOX.send(row.pk) is False
    row.refresh_from_db()
    assert (
        row.status == Status.FAILED and row.attempts == 1 and row.last_error == "Refused: the network refused the text"
    )


def test_a_row_that_needs_a_person_waits_for_one_then_goes(time_machine):
    LocmemBackend.answer(NeedsPerson("the page's token expired"))
    row = put()
    OUTBOX.send(row.pk)
    row.refresh_from_db()
    assert row.status == Status.HELD and "token expired" in row.last_error
    time_machine.move_to(timezone.now() + timedelta(days=2), tick=False)
    assert OUTBOX.sweep() == (0, 0)  # held rows are not retried blindly
    assert OUTBOX.release([row.pk]) == 1
    assert OUTBOX.sweep() == (1, 0)
    assert sent_texts() == ["Paket"]
    assert OUTBOX.release([row.pk]) == 0  # only held rows are released


def test_a_row_is_sent_once_even_when_two_workers_try():
    row = put()
    assert OUTBOX.send(row.pk) is True
    assert OUTBOX.send(row.pk) is False
    assert sent_texts() == ["Paket"]


def test_the_sweep_takes_over_a_row_whose_worker_died_once_its_lease_runs_out(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    row = put()
    assert OUTBOX.claim(row.pk)  # a worker took it, then died before sending
    assert OUTBOX.sweep() == (0, 1)  # its lease still runs
    time_machine.move_to(timezone.now() + OUTBOX.lease, tick=False)
    assert OUTBOX.sweep() == (1, 0)
    assert sent_texts() == ["Paket"]


def test_the_same_key_names_one_row_and_one_message(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = put(idempotency_key="approval:17:3")
        again = put("Paket lain", idempotency_key="approval:17:3")
    assert again.pk == first.pk and Parcel.objects.count() == 1 and len(callbacks) == 1
    assert put(idempotency_key="approval:17:3").pk == first.pk  # also once it was sent
    assert sent_texts() == ["Paket"]


class WorkerDied(BaseException):
    """Not an Exception: nothing in the outbox may catch it, as nothing catches a killed process."""


def crash_between_send_and_mark(monkeypatch, row):
    def die(*args, **kwargs):
        raise WorkerDied

    with monkeypatch.context() as patch:
        patch.setattr(OUTBOX, "_mark_sent", die)
        with pytest.raises(WorkerDied):
            OUTBOX.send(row.pk)


def test_a_retry_after_a_crash_between_send_and_mark_does_not_send_twice(monkeypatch, time_machine):
    row = put()
    crash_between_send_and_mark(monkeypatch, row)
    assert sent_texts() == ["Paket"]  # the provider has it; the outbox still says "sending"
    assert Parcel.objects.get(pk=row.pk).status == Status.SENDING
    time_machine.move_to(timezone.now() + OUTBOX.lease, tick=False)
    assert OUTBOX.sweep() == (1, 0)
    row.refresh_from_db()
    assert row.status == Status.SENT
    # The provider honours the key: the second send is answered with the first message's id.
    assert sent_texts() == ["Paket"] and row.remote_id == LocmemBackend.outbox()[0].remote_id


def test_without_idempotency_at_the_provider_a_crash_means_at_least_once(settings, monkeypatch, time_machine):
    """The documented limit (SMTP, and networks without keys): the same key is sent twice."""
    settings.REDAKSI_BACKENDS = {
        **settings.REDAKSI_BACKENDS,
        "parcels": {"BACKEND": "redaksi.core.backends.LocmemBackend", "OPTIONS": {"idempotent": False}},
    }
    row = put()
    crash_between_send_and_mark(monkeypatch, row)
    time_machine.move_to(timezone.now() + OUTBOX.lease, tick=False)
    assert OUTBOX.sweep() == (1, 0)
    assert sent_texts() == ["Paket", "Paket"]
    assert len({d.key for d in LocmemBackend.outbox()}) == 1


def test_a_queue_that_is_down_loses_nothing(monkeypatch, django_capture_on_commit_callbacks):
    from redaksi.core.tests.outboxapp import tasks

    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(type(tasks.send_parcel_task), "enqueue", down)
    with django_capture_on_commit_callbacks(execute=True):
        row = put()  # the caller's request goes on
    assert Parcel.objects.get(pk=row.pk).status == Status.QUEUED and sent_texts() == []
    assert OUTBOX.sweep() == (1, 0)
    assert sent_texts() == ["Paket"]


def test_a_message_that_cannot_be_built_is_kept_for_a_retry(monkeypatch):
    def broken(row):
        raise ValueError("bad inline part")

    monkeypatch.setattr(OUTBOX, "deliver", broken)
    row = put()
    assert OUTBOX.send(row.pk) is False
    row.refresh_from_db()
    assert row.status == Status.QUEUED and row.last_error == "ValueError: bad inline part"
