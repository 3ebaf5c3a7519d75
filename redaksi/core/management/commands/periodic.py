import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run the periodic commands of settings.REDAKSI_PERIODIC (name, every N seconds) in one loop: "
        "the embedded default's stand-in for cron or systemd timers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run every command once and stop")

    def handle(self, *args, once: bool = False, **options):
        jobs = [(name, every, list(extra)) for name, every, *extra in settings.REDAKSI_PERIODIC]
        due = {name: 0.0 for name, _every, _extra in jobs}
        while True:
            now = time.monotonic()
            for name, every, extra in jobs:
                if once or now >= due[name]:
                    due[name] = now + every
                    try:
                        call_command(name, *extra, verbosity=0)
                    except Exception as exc:  # one failing job must not stop the others
                        self.stderr.write(f"{name}: {exc.__class__.__name__}: {exc}")
            if once:
                return
            time.sleep(5)
