from django.core.management.base import BaseCommand

from redaksi.notify.reminders import freshness_run, reminders_run


class Command(BaseCommand):
    help = "Send the reminders and escalations due now (office hours only), and the freshness warning."

    def handle(self, *args, **options):
        reminders = reminders_run()
        warnings = freshness_run()
        self.stdout.write(f"reminders {reminders}, freshness warnings {warnings}")
