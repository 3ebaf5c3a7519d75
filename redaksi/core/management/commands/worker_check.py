import secrets
import time

from django.core.management.base import BaseCommand, CommandError

from redaksi.core.tasks import echo


class Command(BaseCommand):
    help = "Enqueue a task and wait for the worker to run it: proves the task queue and a worker are alive."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=30.0)

    def handle(self, *args, timeout: float, **options):
        token = secrets.token_hex(8)
        result = echo.enqueue(token)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result.refresh()
            if result.is_finished:
                if result.return_value != token:
                    raise CommandError(f"The worker answered {result.return_value!r}, not {token!r}.")
                self.stdout.write(self.style.SUCCESS(f"Task worker alive ({echo.get_backend().alias}: {result.id})."))
                return
            time.sleep(0.2)
        raise CommandError(f"No worker ran the task within {timeout:.0f} s: is the worker running?")
