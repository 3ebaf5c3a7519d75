"""The site's icons: a 32 px favicon, the 180 px icon a phone puts on its home screen, and /favicon.ico.

Drawn from the office's logo when it has one (fitted into a square), else from the plain emblem
(a shield in the office's colour with its initials). The PNGs are written under /aset/ with a name
from what they are drawn from, so a new logo or colour gets new names and caches never serve the old.
"""

import hashlib
import io

from PIL import Image

from .. import colour, emblem
from . import files

ICON, TOUCH = 32, 180
ICO_SIZES = ((16, 16), (32, 32), (48, 48))
DRAWING = "shield-1"  # change when the emblem's drawing changes: the icons get new names


def _source(office, profile) -> tuple[str, bytes]:
    """(key, logo bytes): the key names the files after what they are drawn from, without drawing them."""
    logo = bytes(profile.logo_png or b"") if profile is not None else b""
    if logo:
        return hashlib.sha256(logo).hexdigest()[:10], logo
    fill = getattr(profile, "brand_colour", "") or colour.DEFAULT
    letters = emblem.office_initials(office)
    return hashlib.sha256(f"{DRAWING}\0{letters}\0{fill}".encode()).hexdigest()[:10], b""


def _picture(office, profile, logo: bytes, side: int) -> Image.Image:
    """The logo or the emblem, at most `side` pixels a side, as RGBA."""
    if logo:
        with Image.open(io.BytesIO(logo), formats=["PNG"]) as im:  # re-encoded by Pillow at upload
            picture = im.convert("RGBA")
        picture.thumbnail((side, side), Image.Resampling.LANCZOS)
        return picture
    fill = getattr(profile, "brand_colour", "") or colour.DEFAULT
    return emblem.shield(emblem.office_initials(office), fill, side)


def square(picture: Image.Image, side: int, *, padding: int = 0, background=(0, 0, 0, 0)) -> Image.Image:
    """`picture` centred on a square of `side` pixels, `padding` pixels clear on every side."""
    room = side - 2 * padding
    fitted = picture.copy()
    fitted.thumbnail((room, room), Image.Resampling.LANCZOS)
    canvas = Image.new("RGBA", (side, side), background)
    canvas.alpha_composite(fitted, ((side - fitted.width) // 2, (side - fitted.height) // 2))
    return canvas


def icon_assets(office, profile) -> dict[str, str]:
    """Addresses of the favicon and the home-screen icon, drawn and written the first time they are named."""
    key, logo = _source(office, profile)
    rels = {"icon": f"aset/ikon.{key}.{ICON}.png", "touch": f"aset/ikon.{key}.{TOUCH}.png"}
    if not all((files.root() / rel).exists() for rel in rels.values()):
        picture = _picture(office, profile, logo, 256)
        small = square(picture if logo else _picture(office, profile, logo, ICON), ICON)
        # A phone fills a transparent home-screen icon with black: white around the picture instead.
        touch = square(picture, TOUCH, padding=TOUCH // 10, background=(255, 255, 255, 255)).convert("RGB")
        files.write_atomic(files.root() / rels["icon"], emblem.png(small))
        files.write_atomic(files.root() / rels["touch"], emblem.png(touch))
    return {name: "/" + rel for name, rel in rels.items()}


def favicon_ico(office, profile) -> bytes:
    """/favicon.ico, for the programs that ask for it without reading the page (feed readers, old browsers)."""
    _key, logo = _source(office, profile)
    picture = _picture(office, profile, logo, 256 if logo else 48)
    out = io.BytesIO()
    square(picture, 48).save(out, "ICO", sizes=ICO_SIZES)
    return out.getvalue()
