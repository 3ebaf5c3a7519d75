"""Which office the public site shows, and the addresses it lives at."""

from dataclasses import dataclass
from functools import cache

from django.conf import settings

from redaksi.accounts.models import Office

from .conf import OPTIONS
from .models import SiteProfile


def page_size() -> int:
    return int(OPTIONS["PAGE_SIZE"])


def base_url() -> str:
    return (OPTIONS["BASE_URL"] or settings.REDAKSI_BASE_URL).rstrip("/")


def absolute(path: str) -> str:
    return base_url() + path


def site_office() -> Office | None:
    """The office whose site this install renders: REDAKSI_PUBLIC["OFFICE"] (a slug), else the first office."""
    slug = OPTIONS["OFFICE"]
    qs = Office.objects.order_by("pk")
    return qs.filter(slug=slug).first() if slug else qs.first()


@dataclass(frozen=True)
class Identity:
    office: Office
    profile: SiteProfile
    domain: str

    @property
    def name(self) -> str:
        return self.office.name

    @property
    def email_is_official(self) -> bool:
        return self.office.email.lower().endswith(".go.id")


def identity(office: Office) -> Identity:
    profile = SiteProfile.objects.filter(office=office).first() or SiteProfile(office=office)
    return Identity(office=office, profile=profile, domain=_domain(base_url()))


@cache
def _domain(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[0]


def card_look(office: Office) -> dict:
    """The office as the pictures made for the networks show it (social asks; see PublicConfig.ready)."""
    from . import emblem

    who = identity(office)
    logo = bytes(who.profile.logo_png or b"")
    if not logo:  # no logo uploaded: the emblem the site uses as its icon
        logo = emblem.png(emblem.shield(emblem.office_initials(office), who.profile.brand_colour, 128))
    profile = who.profile
    return {
        "name": office.name,
        "short_name": office.short_name,
        "colour": profile.brand_colour,
        "logo_png": logo,
        "domain": who.domain,
    }
