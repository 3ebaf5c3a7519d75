from django.core.cache import cache
from django.core.management.base import BaseCommand

from redaksi.public import scanning, tasks

DAILY = 23 * 3600


class Command(BaseCommand):
    help = (
        "Scan the whole public website for judi online words, hidden links, links to unlisted domains, "
        "scripts and frames the templates never write, and files the renderer did not write. Run daily: by "
        "default it hands the scan to the task worker; --now scans here and prints what is new."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="scan in this process and list new findings")

    def handle(self, *args, **options):
        if not options["now"]:
            # The periodic loop calls this hourly; the whole site is scanned at most once a day.
            if cache.add("public:site_scan:daily", 1, DAILY):
                tasks.scan_site.enqueue()
                self.stdout.write("site scan queued for the worker")
            else:
                self.stdout.write("the site was scanned within the last day")
            return
        new = scanning.scan_site()
        for finding in new:
            self.stdout.write(f"{finding.kind}\t{finding.path}\t{finding.detail}")
        self.stdout.write(f"{len(new)} new findings")
