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


@pytest.mark.django_db(transaction=True)
def test_entries_written_before_the_done_column_close_when_their_step_was_left(staff, office):
    from datetime import timedelta

    from redaksi.newsroom.models import StepRun
    from redaksi.newsroom.tests.factories import advance, new_item
    from redaksi.notify.models import Notification

    item = advance(new_item(staff, office), staff, 3)
    run = StepRun.objects.get(item=item, finished_at__isnull=True)
    old = migrate([("notify", "0003_outbox_row")]).get_model("notify", "Notification")
    old.objects.all().delete()
    earlier = old.objects.create(user_id=staff["editor"].pk, item_id=item.pk, kind="handoff", title="Giliran Anda")
    current = old.objects.create(user_id=staff["head"].pk, item_id=item.pk, kind="approval", title="Menunggu")
    news = old.objects.create(user_id=staff["head"].pk, kind="freshness", title="Website sepi")
    old.objects.filter(pk=earlier.pk).update(created_at=run.available_at - timedelta(minutes=5))
    old.objects.filter(pk=current.pk).update(created_at=run.available_at)
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert Notification.objects.get(pk=earlier.pk).done_at is not None
    assert Notification.objects.get(pk=current.pk).done_at is None
    assert Notification.objects.get(pk=current.pk).step_run_id == run.pk
    assert Notification.objects.get(pk=news.pk).done_at is None  # not about a step: left alone
