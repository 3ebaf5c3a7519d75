"""The periodic photo sweep: a photo whose render never ran, or died half-way, is made after all."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command

from redaksi.media import services
from redaksi.media.models import Photo, Status

from .conftest import camera_jpeg

pytestmark = pytest.mark.django_db


def sweep() -> str:
    out = io.StringIO()
    call_command("media_sweep", stdout=out)
    return out.getvalue().strip()


def test_a_photo_left_waiting_or_half_processed_is_rendered_by_the_sweep(staff, item):
    # The upload's commit never reached a worker (the after-commit enqueue is not run here).
    data = camera_jpeg()
    photo = services.photo_upload(
        actor=staff["reporter"], item_id=item.pk, fileobj=io.BytesIO(data), filename="IMG_1.JPG", size=len(data)
    ).photo
    Photo.objects.filter(pk=photo.pk).update(status=Status.PROCESSING)  # as a worker killed mid-render leaves it
    assert sweep() == "photos retried=0"  # too recent: its own task may still be on the way
    with time_machine.travel(timedelta(minutes=11)):
        assert sweep() == "photos retried=1"
    photo.refresh_from_db()
    assert photo.status == Status.READY and photo.renditions.exists()
    with time_machine.travel(timedelta(minutes=11)):
        assert sweep() == "photos retried=0"


def test_the_sweep_leaves_a_photo_whose_render_waits_in_the_queue(staff, item, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    from redaksi.media.tasks import render_photo

    data = camera_jpeg(seed=3)
    photo = services.photo_upload(
        actor=staff["reporter"], item_id=item.pk, fileobj=io.BytesIO(data), filename="IMG_2.JPG", size=len(data)
    ).photo
    render_photo.enqueue(photo.pk)  # the worker is down: the task waits
    with time_machine.travel(timedelta(minutes=11)):
        assert sweep() == "photos retried=0"
