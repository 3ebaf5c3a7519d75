from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from redaksi.core.backup import BackupError, backup_check, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup`: checks every file's hash and the audit key first, then "
        "replaces the database, the media library and the rendered site, and verifies the audit chain. "
        "Stop the web, worker and periodic units first."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--check", action="store_true", help="only check the backup; change nothing")
        parser.add_argument("--yes", action="store_true", help="do not ask before replacing this install's data")

    def handle(self, *args, folder: Path, check: bool, yes: bool, **options):
        try:
            manifest = backup_check(folder)
            if check:
                self.stdout.write(
                    self.style.SUCCESS(f"Backup whole, made {manifest['created_at']}, audit key matches.")
                )
                return
            if not yes and input(f"Replace ALL data of this install with {folder.name}? Type 'ya': ").strip() != "ya":
                raise CommandError("Not restored.")
            backup_restore(folder=folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Restored {folder.name} (made {manifest['created_at']})."))
        call_command("audit_verify", stdout=self.stdout, stderr=self.stderr)
