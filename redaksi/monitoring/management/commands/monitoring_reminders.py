from django.core.management.base import BaseCommand

from redaksi.monitoring.reminders import round_reminders_run


class Command(BaseCommand):
    help = "Remind whoever may sign Tabel 7 that a semester's round is due, or overdue (once per person)."

    def handle(self, *args, **options):
        self.stdout.write(f"round reminders {round_reminders_run()}")
