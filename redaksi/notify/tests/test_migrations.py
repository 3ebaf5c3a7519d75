"""The mail outbox's move onto redaksi.core.outbox keeps the mail that was waiting (migrations 0002-0003)."""

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from redaksi.notify.models import OutboundMail
from redaksi.notify.outbox import mail_flush

BEFORE = [("notify", "0001_initial")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_waiting_mail_gets_a_key_each_and_still_goes_out():
    old = migrate(BEFORE).get_model("notify", "OutboundMail")
    now = timezone.now()
    for n, status in enumerate(["queued", "sending", "sent", "failed"]):
        old.objects.create(
            kind="test", to=[f"user{n}@example.go.id"], subject=f"Uji {n}", text="Isi", status=status, next_try_at=now
        )
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    rows = list(OutboundMail.objects.order_by("pk"))
    keys = {row.idempotency_key for row in rows}
    assert len(keys) == 4 and all(len(key) == 32 for key in keys)
    assert [row.status for row in rows] == ["queued", "sending", "sent", "failed"]
    assert all(row.remote_id == "" for row in rows)
    assert mail_flush() == (2, 0)  # the queued row, and the one whose sender's lease ran out
    assert sorted(m.to[0] for m in mail.outbox) == ["user0@example.go.id", "user1@example.go.id"]
