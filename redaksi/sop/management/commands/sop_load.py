from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from redaksi.sop.definition import DefinitionError
from redaksi.sop.services import sop_load


class Command(BaseCommand):
    help = "Load an SOP definition file. Unchanged content is a no-op; changed content becomes a new version."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            text = file.read_text(encoding="utf-8")
            result = sop_load(text=text, source_name=file.name)
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{file}: cannot read: {exc}") from exc
        except DefinitionError as exc:
            for problem in exc.problems:
                self.stderr.write(f"{file}: {problem}")
            raise CommandError(f"{file}: not loaded, {len(exc.problems)} problem(s)") from exc
        version = result.version
        verb = "loaded as" if result.created else "unchanged, already"
        self.stdout.write(
            self.style.SUCCESS(f"{file}: {verb} {version.sop.code} version {version.number} (id {version.pk}).")
        )
