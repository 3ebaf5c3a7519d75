"""The durable outbox shared by everything that leaves the house: mail now, social posts next.

A row is written in the caller's transaction (`Outbox.put`) and handed to the task queue once
that commits; a rolled-back event sends nothing. A row is claimed by a conditional update
(queued -> sending, with a lease in `next_try_at`), so two workers never send the same row; a
worker that dies mid-send leaves a lease that runs out, and the next sweep sends the row again,
under the same idempotency key. What a backend answers decides the row's fate:

    sent          -> SENT
    retry later   -> QUEUED after a back-off of 1, 2, 4 … 60 minutes; FAILED after max_attempts
    needs person  -> HELD until someone acts and calls `release()`
    refused       -> FAILED at once (kept, never deleted)

The sweep sends due rows itself instead of handing them to the queue: it is what recovers from a
queue that was down, so it must not depend on it.
"""

import logging
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Model, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .backends import Outcome, Result
from .models import OutboxRow

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def one_line(value: str, limit: int = 250) -> str:
    """A value on one line (no line breaks or control characters), at most `limit` characters."""
    value = " ".join(_UNSAFE.sub(" ", value).split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes, at most an hour between tries."""
    return timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


class Outbox:
    """The life of the rows of one concrete OutboxRow model. Subclasses implement `deliver()`."""

    def __init__(
        self,
        *,
        model: type[OutboxRow],
        task: str,
        max_attempts: Callable[[], int],
        lease: timedelta = LEASE,
    ):
        self.model = model
        self.task_path = task  # the dotted path of a django-tasks task taking the row's pk
        self.max_attempts = max_attempts
        self.lease = lease
        self.label = model._meta.label

    # The hooks. ---------------------------------------------------------------------------------
    def deliver(self, row: Any) -> Result:
        """Send one row through its backend (`redaksi.core.backends`) and say what happened."""
        raise NotImplementedError

    def sent_changes(self, row: Any) -> dict[str, Any]:
        """Columns to change once the row has gone (e.g. blank secrets it no longer needs)."""
        return {}

    # Writing. -----------------------------------------------------------------------------------
    def put(self, *, idempotency_key: str | None = None, **fields: Any) -> Any:
        """Record a row in the caller's transaction; it is handed to the task queue once that commits.

        With a key already in the outbox, the row of that key is returned and nothing new is sent.
        """
        if idempotency_key is not None:
            existing = self.model.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing
            fields["idempotency_key"] = idempotency_key
        try:
            with transaction.atomic():
                row = self.model.objects.create(next_try_at=timezone.now(), **fields)
        except IntegrityError:
            if idempotency_key is None:
                raise
            return self.model.objects.get(idempotency_key=idempotency_key)  # a concurrent put won
        transaction.on_commit(lambda: self.enqueue(row.pk))
        return row

    def release(self, pks) -> int:
        """Put held rows back in the queue, due now (after the person fixed what held them)."""
        now = timezone.now()
        rows = self.model.objects.filter(pk__in=list(pks), status=OutboxRow.Status.HELD)
        released = list(rows.values_list("pk", flat=True))
        rows.update(status=OutboxRow.Status.QUEUED, next_try_at=now, last_error="")
        for pk in released:
            transaction.on_commit(lambda pk=pk: self.enqueue(pk))
        return len(released)

    def enqueue(self, pk: int, run_after=None) -> None:
        try:
            task = import_string(self.task_path)
            if run_after is not None and task.get_backend().supports_defer:
                task = task.using(run_after=run_after)
            task.enqueue(pk)
        except Exception:  # a queue that is down must not break the request: the sweep sends it
            logger.exception("could not enqueue %s %s; the next sweep will send it", self.label, pk)

    # Sending. -----------------------------------------------------------------------------------
    def claim(self, pk: int) -> bool:
        now = timezone.now()
        due = Q(status=OutboxRow.Status.QUEUED) | Q(status=OutboxRow.Status.SENDING)
        return bool(
            self.model.objects.filter(due, pk=pk, next_try_at__lte=now).update(
                status=OutboxRow.Status.SENDING, next_try_at=now + self.lease
            )
        )

    def send(self, pk: int) -> bool:
        """Send one row if it is due and nobody else holds it. True when it went out."""
        if not self.claim(pk):
            return False
        row = self.model.objects.get(pk=pk)
        try:
            result = self.deliver(row)
        except Exception as exc:  # building the message failed: keep the row, try again later
            result = Result(Outcome.RETRY, detail=f"{type(exc).__name__}: {exc}")
        if result.outcome == Outcome.SENT:
            self._mark_sent(row, result)
            return True
        self._mark_unsent(row, result)
        return False

    def _mark_sent(self, row: Model, result: Result) -> None:
        self.model.objects.filter(pk=row.pk).update(
            status=OutboxRow.Status.SENT,
            attempts=F("attempts") + 1,
            sent_at=timezone.now(),
            last_error="",
            remote_id=one_line(result.remote_id, 300),
            **self.sent_changes(row),
        )

    def _mark_unsent(self, row: Any, result: Result) -> None:
        attempts = row.attempts + 1
        status = {
            Outcome.RETRY: OutboxRow.Status.QUEUED,
            Outcome.NEEDS_PERSON: OutboxRow.Status.HELD,
            Outcome.REFUSED: OutboxRow.Status.FAILED,
        }[result.outcome]
        if status == OutboxRow.Status.QUEUED and attempts >= self.max_attempts():
            status = OutboxRow.Status.FAILED
        next_try = timezone.now() + (result.retry_after or backoff(attempts))
        self.model.objects.filter(pk=row.pk).update(
            status=status, attempts=attempts, last_error=one_line(result.detail, 500), next_try_at=next_try
        )
        logger.warning(
            "%s %s not sent (attempt %s, %s): %s", self.label, row.pk, attempts, status, one_line(result.detail, 200)
        )
        if status == OutboxRow.Status.QUEUED:
            transaction.on_commit(lambda: self.enqueue(row.pk, run_after=next_try))

    def sweep(self, *, limit: int = 500) -> tuple[int, int]:
        """Send every due row, and every row whose sender's lease ran out: (sent, still waiting)."""
        waiting = Q(status__in=[OutboxRow.Status.QUEUED, OutboxRow.Status.SENDING])
        due = (
            self.model.objects.filter(waiting, next_try_at__lte=timezone.now())
            .order_by("next_try_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        sent = sum(1 for pk in list(due) if self.send(pk))
        return sent, self.model.objects.filter(waiting).count()
