import time

from django.core.management.base import BaseCommand

from redaksi.notify.outbox import mail_flush
from redaksi.notify.softcopy import softcopy_sweep


class Command(BaseCommand):
    help = "Send the due mail of the outbox and finish any approval sheet not yet rendered."

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=float, default=0, help="repeat every N seconds (for a service unit)")

    def handle(self, *args, loop: float, **options):
        while True:
            softcopy_sweep()
            sent, waiting = mail_flush()
            self.stdout.write(f"sent {sent}, waiting {waiting}")
            if not loop:
                return
            time.sleep(loop)
