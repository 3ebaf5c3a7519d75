"""A scheduled publication goes live through production's own path: the database queue and the periodic job."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from redaksi.newsroom.selectors import public_path
from redaksi.newsroom.services import item_schedule
from redaksi.newsroom.tests.factories import advance, new_item

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def work() -> None:
    call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay", verbosity=0)


@pytest.fixture
def scheduled(staff, office, category, settings):
    settings.TASKS = DB_QUEUE

    def make(title: str):
        item = advance(new_item(staff, office, title=title, category=category()), staff, 7)
        item_schedule(actor=staff["admin"], item_id=item.pk, publish_at=timezone.now() + timedelta(minutes=1))
        return advance(item, staff, None)

    return make


@pytest.mark.django_db(transaction=True)
def test_the_worker_renders_a_scheduled_item_when_its_time_comes(scheduled, public_root, client):
    item = scheduled("Jadwal Lewat Antrean")
    work()
    assert client.get(public_path(item)).status_code == 404
    with time_machine.travel(timedelta(minutes=2)):
        work()
        assert client.get(public_path(item)).status_code == 200
    assert item.title in (public_root / "index.html").read_text()


@pytest.mark.django_db(transaction=True)
def test_the_periodic_job_renders_it_when_no_worker_runs(scheduled, public_root, client):
    item = scheduled("Jadwal Lewat Periodik")
    with time_machine.travel(timedelta(minutes=2)):
        call_command("periodic", "--once", stdout=io.StringIO(), stderr=io.StringIO())
        assert client.get(public_path(item)).status_code == 200
