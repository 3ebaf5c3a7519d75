"""The site's icons: named by every page, drawn from the logo or else the emblem, and /favicon.ico is there."""

import io
import re

import pytest
from django.core.management import call_command
from PIL import Image

from redaksi.public.models import SiteProfile

pytestmark = pytest.mark.django_db

ICON = re.compile(r'<link rel="icon" type="image/png" sizes="32x32" href="(/aset/ikon\.[0-9a-f]{10}\.32\.png)">')
TOUCH = re.compile(r'<link rel="apple-touch-icon" sizes="180x180" href="(/aset/ikon\.[0-9a-f]{10}\.180\.png)">')


def _rebuild() -> None:
    call_command("public_rebuild", "--quiet-progress", stdout=io.StringIO())


def _icons(client, address: str = "/") -> tuple[str, str]:
    page = client.get(address).content.decode()
    return ICON.search(page).group(1), TOUCH.search(page).group(1)


def _image(client, address: str) -> Image.Image:
    response = client.get(address)
    assert response.status_code == 200 and response["Content-Type"] == "image/png", address
    assert "immutable" in response["Cache-Control"]
    return Image.open(io.BytesIO(response.content))


def _near(pixel, rgb, off: int = 4) -> bool:
    """Reduced from a larger drawing, a flat colour may move a step or two."""
    return all(abs(a - b) <= off for a, b in zip(pixel[:3], rgb, strict=True))


def _logo(rgb: tuple[int, int, int], size=(300, 100)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (*rgb, 255)).save(out, "PNG")
    return out.getvalue()


def test_without_a_logo_the_icons_are_the_emblem_in_the_office_colour(publish, client):
    item = publish()
    _rebuild()
    icon, touch = _icons(client)
    assert _icons(client, "/tidak-ada/") == (icon, touch)  # the 404 page names them too
    small, big = _image(client, icon), _image(client, touch)
    assert small.size == (32, 32) and small.mode == "RGBA"
    assert _near(small.getpixel((16, 3)), (11, 61, 110))  # the shield, in the default colour
    assert small.getpixel((0, 31))[3] == 0  # transparent beside its point
    assert big.size == (180, 180) and big.mode == "RGB"  # a phone blackens transparency
    assert big.getpixel((2, 2)) == (255, 255, 255)
    assert item.title in client.get("/").content.decode()


def test_the_logo_makes_the_icons_and_a_new_colour_or_logo_renames_them(office, publish, client):
    publish()
    profile = SiteProfile.objects.create(office=office, brand_colour="#7a1f2b")
    _rebuild()
    maroon = _icons(client)
    assert _near(_image(client, maroon[0]).getpixel((16, 3)), (0x7A, 0x1F, 0x2B))
    profile.logo_png, profile.logo_width, profile.logo_height = _logo((20, 120, 60)), 300, 100
    profile.save()
    _rebuild()
    logo = _icons(client)
    assert not set(logo) & set(maroon)
    small, big = _image(client, logo[0]), _image(client, logo[1])
    assert small.getpixel((16, 16)) == (20, 120, 60, 255)  # the logo, fitted into the square
    assert small.getpixel((16, 2))[3] == 0  # a wide logo leaves room above and below
    assert big.getpixel((90, 90)) == (20, 120, 60) and big.getpixel((90, 30)) == (255, 255, 255)


def test_favicon_ico_is_on_the_site_for_programs_that_ask_for_it_unasked(publish, client):
    publish()
    _rebuild()
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    with Image.open(io.BytesIO(response.content)) as ico:
        assert ico.format == "ICO" and {(16, 16), (32, 32), (48, 48)} <= set(ico.info["sizes"])
