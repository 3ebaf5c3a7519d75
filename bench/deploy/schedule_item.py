# Run with: redaksi_install-manage shell < schedule_item.py   (production profile, PostgreSQL, DB queue)
# Staff of each role (random passwords), an item through steps 1-7, scheduled 60 s ahead, then published.
import secrets
from datetime import timedelta

from django.utils import timezone

from redaksi.accounts.models import Office, Role, User
from redaksi.accounts.services import user_create
from redaksi.newsroom.models import Category
from redaksi.newsroom.selectors import public_path
from redaksi.newsroom.services import item_schedule
from redaksi.newsroom.tests.factories import advance, new_item

office = Office.objects.order_by("pk").first()


def person(username, role):
    user = User.objects.filter(username=username).first()
    if user is None:
        roles = Role.objects.filter(office=office, code=role) if role else Role.objects.none()
        user = user_create(
            actor=None,
            office=office,
            username=username,
            full_name=username.title(),
            password=secrets.token_urlsafe(16),
            roles=roles,
            email=f"{username}@example.go.id",
        )
    return user


staff = {
    "reporter": person("reporter", "staf-pengolah-data"),
    "editor": person("editor", "kasubag"),
    "head": person("head", "kabag"),
    "admin": person("webadmin", "staf-admin"),
}
category, _ = Category.objects.get_or_create(office=office, slug="pemerintahan", defaults={"name": "Pemerintahan"})
title = f"Terjadwal {timezone.now():%H%M%S} Jembatan Desa"
item = advance(new_item(staff, office, title=title, category=category), staff, 7)
when = timezone.now() + timedelta(seconds=60)
item_schedule(actor=staff["admin"], item_id=item.pk, publish_at=when)
item = advance(item, staff, None)
print("SCHEDULED", item.pk, public_path(item), "at", when.isoformat())
