from django.core.management.base import BaseCommand, CommandError

from redaksi.audit.models import AuditEntry
from redaksi.audit.services import audit_breaks


class Command(BaseCommand):
    help = "Verify the hash chain of the record; exit non-zero naming the first broken entry."

    def handle(self, *args: object, **options: object) -> None:
        first = next(audit_breaks(), None)
        if first is not None:
            raise CommandError(f"Audit chain broken at {first}")
        count = AuditEntry.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {count} entries."))
