from django.conf import settings
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from redaksi.media.conf import setting
from redaksi.media.migrate import media_migrate

MB = 1024 * 1024


class Command(BaseCommand):
    help = (
        "Copy every media file (photo originals and renditions, videos, posters) from the current media storage "
        "to another STORAGES alias, checking size and SHA-256. Safe to run again: files already there are "
        "skipped, an interrupted run resumes. Never deletes anything at the source."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", dest="target", required=True, help="the STORAGES alias to copy to, e.g. s3")
        parser.add_argument(
            "--from", dest="source", default=None, help="the alias to copy from (default: REDAKSI_MEDIA_STORAGE)"
        )

    def handle(self, *args, target: str, source: str | None, **options):
        source = source or setting("STORAGE")
        for alias in (source, target):
            if alias not in settings.STORAGES:
                raise CommandError(f"No storage {alias!r}; STORAGES has: {', '.join(sorted(settings.STORAGES))}.")
        if source == target:
            raise CommandError(f"The media are already in {target!r}: nothing to copy.")
        every = 500 if options.get("verbosity", 1) < 2 else 1

        def progress(report):
            if report.done % every == 0 and report.done < report.total:
                self.stdout.write(f"  {report.done}/{report.total}")

        self.stdout.write(f"media_migrate {source} -> {target}")
        report = media_migrate(source=storages[source], target=storages[target], progress=progress)
        for name in report.missing:
            self.stderr.write(f"missing at the source: {name}")
        for name, why in report.failed:
            self.stderr.write(f"failed: {name}: {why}")
        self.stdout.write(
            f"files={report.total} copied={report.copied} present={report.present} missing={len(report.missing)} "
            f"failed={len(report.failed)} target_only={report.target_only} copied_mb={report.bytes_copied / MB:.1f}"
        )
        if report.failed:
            raise CommandError(f"{len(report.failed)} file(s) were not copied; run the command again.")
