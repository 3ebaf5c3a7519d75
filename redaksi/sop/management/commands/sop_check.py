from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from redaksi.sop.definition import DefinitionError, load_definition


class Command(BaseCommand):
    help = "Validate an SOP definition file; every problem names its field and line."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            definition = load_definition(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{file}: cannot read: {exc}") from exc
        except DefinitionError as exc:
            for problem in exc.problems:
                self.stderr.write(f"{file}: {problem}")
            raise CommandError(f"{file}: {len(exc.problems)} problem(s)") from exc
        steps = definition["steps"]
        self.stdout.write(
            self.style.SUCCESS(f"{file}: valid. {len(steps)} steps, {sum(s['minutes'] for s in steps)} minutes in all.")
        )
