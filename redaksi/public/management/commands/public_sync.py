from django.core.management.base import BaseCommand

from redaksi.public import counter, site, tasks
from redaksi.public.render import engine


class Command(BaseCommand):
    help = (
        "Periodic upkeep of the public site (run every minute from cron or a timer): render scheduled items "
        "that are due, move read counts into the database, and recompute Berita Terpopuler."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-popular", action="store_true", help="Skip the Berita Terpopuler ranking.")

    def handle(self, *args, **options):
        due = engine.render_due()
        moved = counter.flush()
        changed = False
        office = site.site_office()
        if office is not None and not options["no_popular"]:
            changed = tasks.recompute_popular(office)
        self.stdout.write(f"due={due} reads={moved} popular_changed={changed}")
