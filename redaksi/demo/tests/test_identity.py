"""The demo gives the website a logo and contacts, through the profile screen's form and service."""

import io
from io import StringIO

import pytest
from django.core.management import call_command
from PIL import Image

from redaksi.audit.models import AuditEntry
from redaksi.demo.identity import DEMO_CONTACTS, create_demo_identity
from redaksi.public.models import SiteProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(bengkalis, settings, tmp_path):
    settings.REDAKSI_PUBLIC_ROOT = tmp_path / "site"
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo_data", "--without-media", stdout=StringIO())
    return bengkalis.sop.office


def test_the_demo_site_has_a_logo_in_the_office_colour_and_its_contacts(demo, settings):
    demo.refresh_from_db()
    assert demo.address.startswith("Jl. ") and "Bengkalis" in demo.address
    assert demo.phone and demo.email.endswith("@bengkaliskab.go.id")
    profile = SiteProfile.objects.get(office=demo)
    assert profile.ppid_url.startswith("https://") and profile.tagline
    with Image.open(io.BytesIO(bytes(profile.logo_png))) as logo:
        assert logo.format == "PNG" and (logo.width, logo.height) == (profile.logo_width, profile.logo_height)
        assert logo.height == 256 and logo.mode == "RGBA"
        assert logo.getpixel((0, logo.height - 1))[3] == 0  # transparent beside the point of the shield
        assert logo.getpixel((logo.width // 2, logo.height // 6))[:3] == (11, 61, 110)  # the office colour
    edit = AuditEntry.objects.get(action="public.profile.edit")
    assert edit.actor_name and "logo" in edit.data["changed"] and "address" in edit.data["changed"]
    call_command("public_rebuild", "--quiet-progress", stdout=StringIO())  # queued by the save, after commit
    home = (settings.REDAKSI_PUBLIC_ROOT / "index.html").read_text()
    assert 'class="identity__logo" src="/aset/logo.' in home
    assert DEMO_CONTACTS["address"] in home and f'href="mailto:{DEMO_CONTACTS["email"]}"' in home
    assert f'href="{DEMO_CONTACTS["ppid_url"]}"' in home


def test_running_again_saves_nothing(demo):
    before = AuditEntry.objects.filter(action="public.profile.edit").count()
    call_command("demo_data", "--without-media", stdout=StringIO())
    assert not create_demo_identity(demo)
    assert AuditEntry.objects.filter(action="public.profile.edit").count() == before == 1


def test_what_an_administrator_wrote_is_kept_and_only_the_gaps_are_filled(bengkalis, settings, tmp_path):
    settings.REDAKSI_PUBLIC_ROOT = tmp_path / "site"
    office = bengkalis.sop.office
    office.address, office.phone = "Jl. Ahmad Yani No. 8, Bengkalis", ""
    office.save()
    own_logo = io.BytesIO()
    Image.new("RGBA", (120, 60), (200, 30, 30, 255)).save(own_logo, "PNG")
    SiteProfile.objects.create(office=office, logo_png=own_logo.getvalue(), logo_width=120, logo_height=60)
    call_command("demo_data", "--without-media", stdout=StringIO())
    office.refresh_from_db()
    profile = SiteProfile.objects.get(office=office)
    assert office.address == "Jl. Ahmad Yani No. 8, Bengkalis"
    assert office.phone == DEMO_CONTACTS["phone"]
    assert bytes(profile.logo_png) == own_logo.getvalue()
    assert "logo" not in AuditEntry.objects.get(action="public.profile.edit").data["changed"]
