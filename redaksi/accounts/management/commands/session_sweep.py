from django.core.management.base import BaseCommand

from redaksi.accounts import sessions


class Command(BaseCommand):
    help = (
        "End on the audit record the login sessions left idle or past their 12 hours (a periodic job), and "
        "delete session rows ended more than 90 days ago."
    )

    def handle(self, *args, **options):
        ended, deleted = sessions.sweep()
        self.stdout.write(f"sessions ended={ended} deleted={deleted}")
