from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from redaksi.sop.definition import DefinitionError
from redaksi.sop.pdf import sop_pdf_request
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
        # The official PDF is drawn now, in the background, so that the first to ask for it need not wait.
        # Only a head start: before collectstatic (a fresh install) the page cannot be drawn yet, and the
        # first request for the PDF asks again.
        try:
            sop_pdf_request(version=version, language=settings.LANGUAGE_CODE)
        except ValueError as exc:
            self.stderr.write(f"{file}: the PDF will be drawn on its first request ({exc}).")
        verb = "loaded as" if result.created else "unchanged, already"
        self.stdout.write(
            self.style.SUCCESS(f"{file}: {verb} {version.sop.code} version {version.number} (id {version.pk}).")
        )
