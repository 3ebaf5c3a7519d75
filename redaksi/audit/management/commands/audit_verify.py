from django.core.management.base import BaseCommand, CommandError

from redaksi.audit.anchors import anchor_breaks, last_anchor
from redaksi.audit.models import AuditEntry
from redaksi.audit.services import audit_breaks


class Command(BaseCommand):
    help = (
        "Verify the hash chain of the record and the anchors kept outside the database; "
        "exit non-zero naming the first break."
    )

    def handle(self, *args: object, **options: object) -> None:
        first = next(audit_breaks(), None)
        if first is not None:
            raise CommandError(f"Audit chain broken at {first}")
        first = next(anchor_breaks(), None)
        if first is not None:
            raise CommandError(f"Audit chain rolled back at {first}")
        count = AuditEntry.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {count} entries."))
        anchor = last_anchor()
        if anchor is not None:
            self.stdout.write(f"Newest anchor ({anchor['at']}, entry {anchor['seq']}) matches the record.")
