import time

from django.core.management.base import BaseCommand

from redaksi.social.followup_worker import followups_sweep
from redaksi.social.sending import shares_sweep


class Command(BaseCommand):
    help = "Post the due shares of step 8, read the due reach figures, and do the due follow-ups (update, delete)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=float, default=0, help="repeat every N seconds (for a service unit)")

    def handle(self, *args, loop: float, **options):
        while True:
            posted, reach = shares_sweep()
            done = followups_sweep()  # updates and deletes after a correction or takedown
            self.stdout.write(f"posted {posted}, reach read {reach}, follow-ups done {done}")
            if not loop:
                return
            time.sleep(loop)
