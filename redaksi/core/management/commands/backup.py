from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from redaksi.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database, the media library and the rendered public site into a new folder with a "
        "manifest of SHA-256 hashes. The audit key is not included: keep it apart (the manifest names it "
        "by fingerprint)."
    )

    def add_arguments(self, parser):
        default = settings.REDAKSI_BACKUP_DIR
        parser.add_argument("--to", type=Path, default=Path(default), help="folder for backups (default: %(default)s)")
        parser.add_argument("--keep", type=int, default=0, help="then delete all but the newest N backups there")

    def handle(self, *args, to: Path, keep: int, **options):
        try:
            made = backup_create(to=to)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup made: {made.folder}"))
        self.stdout.write(f"Audit key fingerprint: {made.manifest['audit_key_fingerprint']}")
        if keep > 0:
            old = sorted(to.glob("redaksi-*T*Z"))[:-keep]
            for folder in old:
                for child in folder.iterdir():
                    child.unlink()
                folder.rmdir()
                self.stdout.write(f"Removed old backup {folder.name}")
