from django.core.management.base import BaseCommand

from redaksi.audit.anchors import anchor_file, anchor_write


class Command(BaseCommand):
    help = "Append the record's head, sealed, to the anchor file outside the database (a periodic job)."

    def handle(self, *args: object, **options: object) -> None:
        anchor = anchor_write()
        if anchor is None:
            self.stdout.write("The newest anchor already names the head; nothing written.")
        else:
            self.stdout.write(f"Anchored entry {anchor['seq']} in {anchor_file()}.")
