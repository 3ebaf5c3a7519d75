"""Reading and re-encoding photos with Pillow. Pure: files in, facts and bytes out; no database.

The type of a file is decided by its first bytes and by Pillow reading it, never by its name. Sizes are
checked from the header before a single pixel is decoded, so a pixel flood costs microseconds and no memory.
"""

import io
import re
import struct
import warnings
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import IO

from django.core.exceptions import ValidationError
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFile, ImageFont, ImageOps, UnidentifiedImageError

from .conf import setting

# Pillow's own guard, set to ours: anything larger never reaches a decoder.
Image.MAX_IMAGE_PIXELS = setting("PHOTO_MAX_PIXELS")
# WeasyPrint turns on Pillow's tolerance of truncated images when it is first imported, for the
# whole process. A damaged photo must be refused, so WeasyPrint is imported here first and the
# flag set after it, whatever order the rest of the program imports things in.
import weasyprint.images  # noqa: E402, F401, I001

ImageFile.LOAD_TRUNCATED_IMAGES = False

# Formats we take as photos, by their magic bytes, and the one Pillow plugin allowed to open each.
PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP", "avif": "AVIF", "tiff": "TIFF"}
CONTENT_TYPES = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "avif": "image/avif",
    "tiff": "image/tiff",
}
EXTENSIONS = {"jpeg": "jpg", "png": "png", "gif": "gif", "webp": "webp", "avif": "avif", "tiff": "tif"}
MARKUP = re.compile(rb"<\s*(\?xml|!doctype|svg|html|script|body|head|iframe|!--)", re.IGNORECASE)

EXIF_ORIENTATION = 0x0112
EXIF_MAKE, EXIF_MODEL, EXIF_DATETIME = 0x010F, 0x0110, 0x0132
EXIF_IFD, GPS_IFD = 0x8769, 0x8825
EXIF_DATETIME_ORIGINAL, EXIF_OFFSET_ORIGINAL = 0x9003, 0x9011


def _iso_brand(head: bytes) -> bytes:
    return head[8:12] if head[4:8] == b"ftyp" else b""


def sniff(head: bytes) -> str | None:
    """The format named by the first bytes of a file, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    brand = _iso_brand(head)
    if brand in (b"avif", b"avis"):
        return "avif"
    if brand in (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"):
        return "heic"
    return None


def looks_like_markup(head: bytes) -> bool:
    """SVG, HTML or XML, whatever the file is called."""
    return bool(MARKUP.search(head[:2048]))


@dataclass
class Inspection:
    format: str
    width: int  # as the reader sees it, after the orientation is applied
    height: int
    orientation: int = 1
    captured_at: datetime | None = None
    camera: str = ""
    had_gps: bool = False
    exif: dict = field(default_factory=dict)

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


def too_large_message(width: int = 0, height: int = 0) -> str:
    limits = {"mp": setting("PHOTO_MAX_PIXELS") // 1_000_000, "side": setting("PHOTO_MAX_SIDE")}
    if width and height:
        return _(
            "The image is too large (%(w)s × %(h)s pixels). Photos may have at most %(mp)s megapixels and "
            "%(side)s pixels on a side; export a smaller copy and upload that."
        ) % {"w": width, "h": height, **limits}
    return (
        _(
            "The image is too large. Photos may have at most %(mp)s megapixels and %(side)s pixels on a side; "
            "export a smaller copy and upload that."
        )
        % limits
    )


def check_dimensions(width: int, height: int) -> None:
    if (
        width <= 0
        or height <= 0
        or width > setting("PHOTO_MAX_SIDE")
        or height > setting("PHOTO_MAX_SIDE")
        or width * height > setting("PHOTO_MAX_PIXELS")
    ):
        raise ValidationError(too_large_message(width, height), code="too_large")


def _refuse_unknown(head: bytes) -> ValidationError:
    if looks_like_markup(head):
        return ValidationError(
            _("This file is SVG or HTML, not a photo. Upload a JPEG, PNG, WebP or AVIF photo."), code="markup"
        )
    return ValidationError(
        _("This file is not a photo we can read. Upload JPEG, PNG, WebP, AVIF, TIFF or GIF."), code="type"
    )


def _open(fileobj: IO[bytes], fmt: str) -> Image.Image:
    fileobj.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return Image.open(fileobj, formats=[PIL_FORMATS[fmt]])


def inspect(fileobj: IO[bytes]) -> Inspection:
    """Decide what the file is and read its facts. Raises ValidationError with a message for the user."""
    fileobj.seek(0)
    head = fileobj.read(4096)
    fmt = sniff(head)
    if fmt == "heic":
        raise ValidationError(
            _("HEIC photos (from iPhones) cannot be used yet. Export the photo as JPEG and upload that."), code="heic"
        )
    if fmt is None:
        raise _refuse_unknown(head)
    try:
        with _open(fileobj, fmt) as im:  # reads the header only
            width, height = im.size
            check_dimensions(width, height)
            exif = im.getexif()
            facts = _exif_facts(exif)
            if fmt == "jpeg":
                # Decoding at 1/8 scale reads every entropy-coded byte (so truncation shows) for little cost.
                im.draft("L", (max(1, width // 8), max(1, height // 8)))
                im.load()
        with _open(fileobj, fmt) as im:
            im.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(too_large_message(), code="too_large") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, struct.error) as exc:
        raise ValidationError(
            _("The photo is damaged or incomplete and cannot be read. Copy it from the card again."), code="damaged"
        ) from exc
    finally:
        fileobj.seek(0)
    orientation = facts.pop("orientation", 1)
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    return Inspection(format=fmt, width=width, height=height, orientation=orientation, **facts)


def _clean_text(value: object, limit: int) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    text = "".join(ch for ch in str(value or "") if ch.isprintable())
    return " ".join(text.split())[:limit]


def _exif_time(value: object, offset: object) -> datetime | None:
    text = _clean_text(value, 40)
    try:
        moment = datetime.strptime(text[:19], "%Y:%m:%d %H:%M:%S")  # noqa: DTZ007 - zone applied below
    except ValueError:
        return None
    match = re.fullmatch(r"([+-])(\d\d):(\d\d)", _clean_text(offset, 10))
    if match:
        sign = 1 if match[1] == "+" else -1
        zone = timezone(sign * timedelta(hours=int(match[2]), minutes=int(match[3])))
        return moment.replace(tzinfo=zone)
    # Cameras keep local time without a zone: the office's zone is the best guess.
    return dj_timezone.make_aware(moment, dj_timezone.get_default_timezone())


def _exif_facts(exif: Image.Exif) -> dict:
    facts: dict = {}
    try:
        orientation = int(exif.get(EXIF_ORIENTATION, 1))
    except (TypeError, ValueError):
        orientation = 1
    facts["orientation"] = orientation if 1 <= orientation <= 8 else 1
    make, model = _clean_text(exif.get(EXIF_MAKE), 60), _clean_text(exif.get(EXIF_MODEL), 60)
    facts["camera"] = (model if model.lower().startswith(make.lower()) else f"{make} {model}").strip()[:120]
    try:
        sub = exif.get_ifd(EXIF_IFD)
        gps = exif.get_ifd(GPS_IFD)
    except (KeyError, ValueError, TypeError, OSError):
        sub, gps = {}, {}
    facts["captured_at"] = _exif_time(
        sub.get(EXIF_DATETIME_ORIGINAL) or exif.get(EXIF_DATETIME), sub.get(EXIF_OFFSET_ORIGINAL)
    )
    facts["had_gps"] = bool(gps) or GPS_IFD in exif
    return facts


# Re-encoding -----------------------------------------------------------------------------------------------


@dataclass
class Encoded:
    kind: str  # "w", "card", "thumb"
    format: str  # "avif", "webp", "jpeg"
    width: int
    height: int
    data: bytes


def _to_rgb(im: Image.Image) -> Image.Image:
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        im = im.convert("RGBA")
        background = Image.new("RGB", im.size, (255, 255, 255))
        background.paste(im, mask=im.getchannel("A"))
        return background
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        im = im.point(lambda v: v / 256).convert("L")
    return im.convert("RGB") if im.mode != "RGB" else im


def load_for_rendering(fileobj: IO[bytes], fmt: str, longest: int) -> Image.Image:
    """The photo upright, in RGB, no larger than needed for the biggest rendition."""
    im = _open(fileobj, fmt)
    if fmt == "jpeg":
        # Let the JPEG decoder scale by 1/2, 1/4 or 1/8 while decoding (a 24 MP photo decodes at 6 MP),
        # keeping both sides at least `longest`, so the widest rendition fits whichever way the photo turns.
        im.draft("RGB", (longest, longest))
    if getattr(im, "n_frames", 1) > 1:
        im.seek(0)
    im.load()
    im = ImageOps.exif_transpose(im)
    rgb = _to_rgb(im)
    rgb.info = {}  # nothing of the original's metadata may travel on
    return rgb


def crop_box(width: int, height: int, ratio: float, fx: float, fy: float) -> tuple[int, int, int, int]:
    """The largest box of `ratio` (w/h) inside the image, centred on the focal point as far as it can be."""
    if width / height > ratio:
        box_w, box_h = round(height * ratio), height
    else:
        box_w, box_h = width, round(width / ratio)
    left = min(max(round(fx * width - box_w / 2), 0), width - box_w)
    top = min(max(round(fy * height - box_h / 2), 0), height - box_h)
    return left, top, left + box_w, top + box_h


def _watermark(im: Image.Image, text: str) -> Image.Image:
    if not text:
        return im
    im = im.copy()
    draw = ImageDraw.Draw(im)
    size = max(10, im.width // 40)
    font = ImageFont.load_default(size=size)
    margin = max(4, size // 2)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    x, y = im.width - (right - left) - margin, im.height - (bottom - top) - margin
    draw.text((x + 1, y + 1), text, font=font, fill=(0, 0, 0))
    draw.text((x, y), text, font=font, fill=(255, 255, 255))
    return im


def encode(im: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "jpeg":
        im.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    elif fmt == "webp":
        # Methods above 1 cost two to three times the time for a few percent in size (bench/media/).
        im.save(out, "WEBP", quality=80, method=1)
    elif fmt == "avif":
        # One thread: the worker runs one process per core, so threads would only compete.
        im.save(out, "AVIF", quality=60, speed=9, max_threads=1)
    else:
        raise ValueError(fmt)
    return out.getvalue()


def rendition_widths(width: int) -> list[int]:
    widths = sorted(w for w in setting("RENDITION_WIDTHS") if w < width)
    if width <= max(setting("RENDITION_WIDTHS")):
        widths.append(width)
    return widths


def render_all(fileobj: IO[bytes], fmt: str, *, focal: tuple[float, float]) -> list[Encoded]:
    """Every public file of a photo: each width in each format, the social card and the thumbnail."""
    widths_max = max(setting("RENDITION_WIDTHS"))
    card_w, card_h = setting("CARD_SIZE")
    thumb_w, thumb_h = setting("THUMB_SIZE")
    base = load_for_rendering(fileobj, fmt, max(widths_max, card_w))
    mark = setting("WATERMARK_TEXT")
    formats = [f for f in setting("RENDITION_FORMATS") if f in ("avif", "webp", "jpeg")]
    results: list[Encoded] = []
    source = base
    for width in sorted(rendition_widths(base.width), reverse=True):
        height = max(1, round(base.height * width / base.width))
        # Each smaller size is made from the one above it: same quality, a fraction of the work.
        sized = source.resize((width, height), Image.Resampling.LANCZOS) if source.size != (width, height) else source
        source = sized
        marked = _watermark(sized, mark)
        for f in formats:
            results.append(Encoded("w", f, width, height, encode(marked, f)))
    fx, fy = focal
    card = base.crop(crop_box(base.width, base.height, card_w / card_h, fx, fy))
    card = _watermark(card.resize((card_w, card_h), Image.Resampling.LANCZOS), mark)
    results.append(Encoded("card", "jpeg", card_w, card_h, encode(card, "jpeg")))
    thumb = base.crop(crop_box(base.width, base.height, thumb_w / thumb_h, fx, fy))
    thumb = thumb.resize((thumb_w, thumb_h), Image.Resampling.LANCZOS)
    for f in ("webp", "jpeg"):
        results.append(Encoded("thumb", f, thumb_w, thumb_h, encode(thumb, f)))
    return results
