"""The item's photos as small inline JPEGs for the approval mail ("thumbnails of the photos").

Each shown photo is its thumbnail JPEG rendition (else its smallest JPEG width), read through the
storage the media app uses. Renditions are re-encoded without metadata; the bytes are checked
again here and every APPn segment but JFIF and ICC, and every comment, is dropped, so that no
EXIF, GPS or XMP can reach a mailbox. Photos not yet processed are counted, not shown; a file
missing from storage is counted too and never stops the mail. The number and the total size are
bounded.
"""

import logging
import secrets
from dataclasses import dataclass, field

from redaksi.media.models import Photo, Rendition, Status
from redaksi.media.selectors import item_photos
from redaksi.media.storage import media_storage
from redaksi.newsroom.models import NewsItem

logger = logging.getLogger(__name__)

MAX_PHOTOS = 8
MAX_IMAGE_BYTES = 300 * 1024
MAX_TOTAL_BYTES = 1536 * 1024


@dataclass(frozen=True)
class MailPhoto:
    cid: str  # the Content-ID without angle brackets; the HTML refers to it as "cid:<cid>"
    filename: str
    content: bytes = field(repr=False)
    caption: str
    credit: str
    alt: str
    width: int
    height: int

    @property
    def src(self) -> str:
        return f"cid:{self.cid}"


@dataclass(frozen=True)
class MailPhotos:
    shown: tuple[MailPhoto, ...] = ()
    pending: int = 0  # not processed yet: no rendition to show
    unavailable: int = 0  # processing failed, a file missing from storage, unreadable, or not a JPEG
    more: int = 0  # beyond the number or the size the mail may carry

    @property
    def any(self) -> bool:
        return bool(self.shown or self.pending or self.unavailable or self.more)

    def attachments(self) -> list[tuple[str, bytes, str, str]]:
        """(filename, content, mimetype, content-id) for `outbox.mail_queue(inline=...)`."""
        return [(p.filename, p.content, "image/jpeg", p.cid) for p in self.shown]


# JPEG markers: SOI, EOI, SOS, the stand-alone ones (TEM, RSTn) and the metadata segments.
_SOI, _SOS, _COM = 0xD8, 0xDA, 0xFE
_STANDALONE = {0x01, *range(0xD0, 0xD8)}


def jpeg_without_metadata(data: bytes) -> bytes | None:
    """The JPEG without EXIF/XMP/IPTC/comments (APP0 JFIF and APP2 ICC kept); None when it is no JPEG."""
    if len(data) < 4 or data[0] != 0xFF or data[1] != _SOI:
        return None
    out = bytearray(data[:2])
    pos = 2
    while pos < len(data):
        if data[pos] != 0xFF:
            return None
        while pos < len(data) and data[pos] == 0xFF:  # fill bytes
            pos += 1
        if pos >= len(data):
            return None
        marker = data[pos]
        pos += 1
        if marker in _STANDALONE:
            out += bytes((0xFF, marker))
            continue
        if pos + 2 > len(data):
            return None
        length = int.from_bytes(data[pos : pos + 2], "big")
        end = pos + length
        if length < 2 or end > len(data):
            return None
        segment = data[pos + 2 : end]
        if marker == _SOS:  # the image data follows to the end: copied as it is
            out += bytes((0xFF, marker)) + data[pos:]
            return bytes(out)
        keep = not (0xE0 <= marker <= 0xEF or marker == _COM)
        keep = keep or (marker == 0xE0 and segment.startswith(b"JFIF\x00"))
        keep = keep or (marker == 0xE2 and segment.startswith(b"ICC_PROFILE\x00"))
        if keep:
            out += bytes((0xFF, marker)) + data[pos:end]
        pos = end
    return None


def _rendition(photo: Photo) -> Rendition | None:
    rows = [r for r in photo.renditions.all() if r.format == "jpeg"]
    thumbs = [r for r in rows if r.kind == Rendition.Kind.THUMB]
    widths = sorted((r for r in rows if r.kind == Rendition.Kind.WIDTH), key=lambda r: r.width)
    return (thumbs or widths or [None])[0]


def _read(rendition: Rendition) -> bytes | None:
    """The rendition's bytes, bounded; None (logged) when the file is missing, unreadable or too large."""
    try:
        with media_storage().open(rendition.file.name, "rb") as handle:
            data = handle.read(MAX_IMAGE_BYTES + 1)
    except Exception:  # a file missing from storage (or storage down) must not stop the mail
        logger.warning("photo %s: rendition %s could not be read for the mail", rendition.photo_id, rendition.pk)
        return None
    if len(data) > MAX_IMAGE_BYTES:
        logger.warning("photo %s: rendition %s is too large for the mail", rendition.photo_id, rendition.pk)
        return None
    return jpeg_without_metadata(data)


def mail_photos(item: NewsItem) -> MailPhotos:
    """The item's photos for its approval mail: shown, still processing, unavailable, and left out."""
    try:
        photos = item_photos(item)
    except Exception:  # the mail matters more than its pictures
        logger.exception("photos of item %s could not be listed for the mail", item.pk)
        return MailPhotos()
    token = secrets.token_hex(6)
    shown: list[MailPhoto] = []
    pending = unavailable = more = total = 0
    for photo in photos:
        if photo.status in (Status.PENDING, Status.PROCESSING):
            pending += 1
            continue
        rendition = _rendition(photo) if photo.status == Status.READY else None
        if rendition is None:  # processing failed, or no JPEG rendition
            unavailable += 1
            continue
        if len(shown) >= MAX_PHOTOS or total + rendition.size_bytes > MAX_TOTAL_BYTES:
            more += 1
            continue
        data = _read(rendition)
        if data is None:
            unavailable += 1
            continue
        if total + len(data) > MAX_TOTAL_BYTES:
            more += 1
            continue
        total += len(data)
        n = len(shown) + 1
        shown.append(
            MailPhoto(
                cid=f"foto{n}.{token}@redaksi",
                filename=f"foto-{n}.jpg",
                content=data,
                caption=" ".join(photo.caption.split()),
                credit=" ".join(photo.credit.split()),
                alt=" ".join((photo.alt_text or photo.caption).split())[:300],
                width=rendition.width,
                height=rendition.height,
            )
        )
    return MailPhotos(tuple(shown), pending, unavailable, more)
