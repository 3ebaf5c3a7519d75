from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks import task_backends

from redaksi.media.models import Photo, Status
from redaksi.media.tasks import render_photo

STALE = timedelta(minutes=10)


def _queued_photo_ids(since) -> set[int] | None:
    """Photos whose render waits in the database queue or runs (started after `since`); None off that queue."""
    if not type(task_backends["default"]).__module__.startswith("django_tasks_db"):
        return None
    from django.db.models import Q
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.filter(task_path=f"{render_photo.module_path}").filter(
        Q(status=TaskResultStatus.READY) | Q(status=TaskResultStatus.RUNNING, started_at__gte=since)
    )
    return {args[0] for args in (r["args"] for r in rows.values_list("args_kwargs", flat=True)) if args}


class Command(BaseCommand):
    help = (
        "Retry photos left waiting or half-processed (a periodic job): a worker stopped mid-render or a queue "
        "outage never leaves a photo 'making web versions' for good."
    )

    def handle(self, *args, **options):
        since = timezone.now() - STALE
        stuck = Photo.objects.filter(status__in=[Status.PENDING, Status.PROCESSING], uploaded_at__lt=since)
        queued = _queued_photo_ids(since)
        retried = 0
        for pk in stuck.values_list("pk", flat=True):
            if queued is not None and pk in queued:
                continue
            render_photo.enqueue(pk)
            retried += 1
        self.stdout.write(f"photos retried={retried}")
