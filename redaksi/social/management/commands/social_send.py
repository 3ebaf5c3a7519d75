import time

from django.core.management.base import BaseCommand

from redaksi.social.sending import shares_sweep


class Command(BaseCommand):
    help = "Post the due shares of step 8 (retries, posts whose worker died) and read the due reach figures."

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=float, default=0, help="repeat every N seconds (for a service unit)")

    def handle(self, *args, loop: float, **options):
        while True:
            posted, reach = shares_sweep()
            self.stdout.write(f"posted {posted}, reach read {reach}")
            if not loop:
                return
            time.sleep(loop)
