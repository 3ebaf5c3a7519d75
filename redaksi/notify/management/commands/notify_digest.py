from django.core.management.base import BaseCommand

from redaksi.notify.services import digest_send


class Command(BaseCommand):
    help = "Mail the daily digest to the users who chose it. Run once a day (for example at 07.00)."

    def handle(self, *args, **options):
        self.stdout.write(f"digests {digest_send()}")
