import getpass
import os

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from redaksi.accounts.models import Office, User
from redaksi.accounts.services import user_create


class Command(BaseCommand):
    help = (
        "Create the first administrator (the system administrator's account) of an install. The password is "
        "asked for twice, or read from REDAKSI_ADMIN_PASSWORD for an unattended install; there is no default. "
        "An existing username is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("REDAKSI_ADMIN_USERNAME") or "")
        parser.add_argument("--full-name", default=os.environ.get("REDAKSI_ADMIN_NAME") or "")
        parser.add_argument("--email", default=os.environ.get("REDAKSI_ADMIN_EMAIL") or "")

    def handle(self, *args, username: str, full_name: str, email: str, **options):
        username = username.strip() or input("Username administrator: ").strip()
        if not username:
            raise CommandError("A username is needed.")
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Administrator {username} already exists; left as it is.")
            return
        office = Office.objects.order_by("pk").first()
        if office is None:
            raise CommandError("Load an SOP first (manage.py sop_load): it creates the office.")
        full_name = full_name.strip() or input("Nama lengkap: ").strip() or username
        password = os.environ.get("REDAKSI_ADMIN_PASSWORD") or ""
        if not password:
            password = getpass.getpass("Kata sandi: ")
            if password != getpass.getpass("Ulangi kata sandi: "):
                raise CommandError("The two passwords differ.")
        candidate = User(username=username, full_name=full_name, email=email, office=office)
        try:
            password_validation.validate_password(password, candidate)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        user_create(
            actor=None,
            office=office,
            username=username,
            full_name=full_name,
            password=password,
            email=email,
            is_staff=True,
        )
        self.stdout.write(self.style.SUCCESS(f"Administrator {username} created for {office}."))
