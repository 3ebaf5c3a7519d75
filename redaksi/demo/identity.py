"""The office's public identity for the demo: a logo and contacts, so that the first `make run` shows a whole site.

Saved as a system administrator would save it on the website profile screen: the same form checks the
fields and the logo (`clean_logo`), and the same service stores them, records the edit and rebuilds the
site. Only what is empty is filled: an administrator's own logo or address is never overwritten.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from redaksi.accounts.models import Office, User
from redaksi.public import emblem, services
from redaksi.public.forms import SiteProfileForm
from redaksi.public.models import SiteProfile

DEMO_ADMIN = "sysadmin"  # the demo's system administrator (staff.DEMO_STAFF)
DEMO_CONTACTS = {
    "address": "Jl. Pertanian No. 1, Bengkalis, Riau 28711",
    "phone": "(0766) 21010",
    "email": "diskominfotik@bengkaliskab.go.id",
    "website": "diskominfotik.bengkaliskab.go.id",
    "ppid_url": "https://ppid.bengkaliskab.go.id/",
    "tagline": "Melayani informasi publik yang cepat, tepat dan terpercaya.",
    "about": (
        "Dinas Komunikasi, Informatika dan Statistik Kabupaten Bengkalis menyelenggarakan urusan pemerintahan "
        "di bidang komunikasi dan informatika, statistik, dan persandian. Melalui website ini kami menyampaikan "
        "berita kegiatan Pemerintah Kabupaten Bengkalis, pengumuman resmi, dan informasi publik lainnya."
    ),
}


def demo_logo(office: Office, colour: str) -> bytes:
    """A shield in the office's colour with its initials, as a PNG file such as a person would upload."""
    return emblem.png(emblem.shield(emblem.office_initials(office), colour, 256))


def create_demo_identity(office: Office) -> bool:
    """Give the office a logo and contacts where it has none; False when there was nothing to fill."""
    profile = SiteProfile.objects.filter(office=office).first() or SiteProfile(office=office)
    current = {name: getattr(office, name) for name in services.OFFICE_FIELDS}
    current.update({name: getattr(profile, name) for name in services.PROFILE_FIELDS})
    data = {**current, **{name: value for name, value in DEMO_CONTACTS.items() if not current[name]}}
    needs_logo = not profile.logo_png
    if data == current and not needs_logo:
        return False
    files = {}
    if needs_logo:
        png = demo_logo(office, profile.brand_colour)
        files["logo"] = SimpleUploadedFile("logo-diskominfotik.png", png, content_type="image/png")
    form = SiteProfileForm(data, files)
    if not form.is_valid():
        raise ValueError(f"the demo's website profile is refused: {form.errors.as_json()}")
    services.profile_save(
        actor=User.objects.get(username=DEMO_ADMIN),
        office=office,
        data=form.cleaned_data,
        logo=form.cleaned_data.get("logo"),
    )
    return True
