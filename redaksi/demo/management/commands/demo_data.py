from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from redaksi.accounts.twofactor.devices import has_second_factor
from redaksi.accounts.twofactor.required import must_have_second_factor
from redaksi.demo.identity import create_demo_identity
from redaksi.demo.items import create_demo_items
from redaksi.demo.media import create_demo_gallery
from redaksi.demo.staff import DEMO_PASSWORD, create_demo_staff
from redaksi.sop.models import Sop


class Command(BaseCommand):
    help = (
        "Create the demo staff, the website's logo and contacts, news items, photos and video (idempotent) "
        "and print the demo logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-media",
            action="store_true",
            help="No photos, video or gallery: the workflow alone, in a few seconds instead of about half a minute.",
        )

    def handle(self, *args, **options):
        if settings.REDAKSI_PROFILE == "production":
            raise CommandError(
                "demo_data refuses to run under the production profile: it would add demo logins "
                "with a published password and invented news to a real office."
            )
        sop = Sop.objects.select_related("office").order_by("pk").first()
        if sop is None:
            raise CommandError("Load an SOP first: manage.py sop_load sop/bengkalis-pengelolaan-berita.yaml")
        people = create_demo_staff(sop.office)
        if create_demo_identity(sop.office):
            self.stdout.write("Gave the website a logo and the office's contacts.")
        media = not options["without_media"]
        created = create_demo_items(sop.office, media=media, say=self.stdout.write)
        if created:
            self.stdout.write(f"Created {created} demo news items.")
        if media and create_demo_gallery(sop.office):
            self.stdout.write("Published the demo photo gallery.")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Redaksi demo: http://127.0.0.1:8000"))
        self.stdout.write(f"Password for every demo login: {DEMO_PASSWORD}")
        for person, user in people:
            what = ", ".join(r.name for r in user.roles.all()) or ("Administrator sistem" if user.is_staff else "")
            self.stdout.write(f"  {person.username:<10} {what:<22} {user.get_full_name()}")
        self.stdout.write("")
        self._two_factor_note([user for _person, user in people])

    def _two_factor_note(self, users) -> None:
        """Approvers and administrators set up two-factor login at their first login, as in production."""
        names = [u.username for u in users if must_have_second_factor(u) and not has_second_factor(u)]
        if not names:
            return
        self.stdout.write(
            f"Two-factor login: {', '.join(names)} set up an authenticator app at their first login "
            "(any TOTP app; the page also shows the key as text). To look around without a phone: "
            "REDAKSI_2FA_REQUIRED=0 make run"
        )
        self.stdout.write("")
