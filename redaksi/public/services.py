"""Writes of the public site's own settings: the office's public identity."""

from django.db import transaction

from redaksi.accounts.models import Office, User
from redaksi.audit.services import audit_log
from redaksi.core.actor import Actor

from .models import SiteProfile

OFFICE_FIELDS = ("government", "name", "short_name", "address", "phone", "email", "website")
PROFILE_FIELDS = ("tagline", "about", "ppid_url", "brand_colour")


@transaction.atomic
def profile_save(*, actor: Actor | User, office: Office, data: dict, logo=None, remove_logo: bool = False):
    """Save the identity, record what changed, and rebuild the whole site after commit (every page shows it)."""
    who = Actor.of(actor)
    actor = who.user
    office = Office.objects.select_for_update().get(pk=office.pk)
    profile, _created = SiteProfile.objects.get_or_create(office=office)
    changed = []
    for name in OFFICE_FIELDS:
        if getattr(office, name) != data[name]:
            setattr(office, name, data[name])
            changed.append(name)
    for name in PROFILE_FIELDS:
        if getattr(profile, name) != data[name]:
            setattr(profile, name, data[name])
            changed.append(name)
    if logo is not None:
        profile.logo_png, profile.logo_width, profile.logo_height = logo
        changed.append("logo")
    elif remove_logo and profile.logo_png:
        profile.logo_png, profile.logo_width, profile.logo_height = b"", 0, 0
        changed.append("logo")
    office.save()
    profile.save()
    audit_log(
        action="public.profile.edit",
        actor=who,
        obj=office,
        data={"changed": changed, **({"logo_bytes": len(logo[0])} if logo else {})},
    )
    from . import tasks

    transaction.on_commit(lambda: tasks.rebuild_site.enqueue())
    return profile, changed
