from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from redaksi.core import health


class Command(BaseCommand):
    help = (
        "Enqueue the worker's heartbeat (a periodic job, every minute): /readyz reports the worker down when "
        "none has finished lately. Heartbeats older than a day are deleted."
    )

    def handle(self, *args, **options):
        health.heartbeat.enqueue()
        if health._uses_database_queue():
            from django_tasks_db.models import DBTaskResult

            DBTaskResult.objects.filter(
                task_path=health.HEARTBEAT_TASK, enqueued_at__lt=timezone.now() - timedelta(days=1)
            ).delete()
