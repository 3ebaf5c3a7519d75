"""Photos and video on the public site: copies of the public files beside the pages.

The renderer copies each public rendition of a published item (or a published gallery) to
`/media/<key hex>/<variant>` under the public root, so nginx serves them like pages and the site stays up
when the app is down. Originals never leave the media app. When an item or a gallery goes off the site,
the folders of its media are removed, unless another public item or gallery still shows them.
"""

import contextlib
import logging
import shutil
from pathlib import Path

from django.utils.translation import gettext as _

from redaksi.media.models import Photo, Rendition, Video
from redaksi.media.public_selectors import public_photo_keys
from redaksi.media.storage import media_storage

from . import files
from .files import Writer

PREFIX = "media"  # folder under the public root; URLs are /media/<key hex>/<variant>
BASE = f"/{PREFIX}/"
# Phone first: the article column is the whole screen less its margins up to 48rem, then 44rem at most.
ARTICLE_SIZES = "(min-width: 48rem) 44rem, calc(100vw - 2rem)"
GALLERY_SIZES = "(min-width: 48rem) 22rem, calc(50vw - 1.5rem)"
CARD_SIZES = "(min-width: 48rem) 9rem, 6.5rem"
log = logging.getLogger(__name__)


def folder(key_hex: str) -> str:
    return f"{PREFIX}/{key_hex}"


def url(key_hex: str, variant: str) -> str:
    return f"{BASE}{key_hex}/{variant}"


def _copy(writer: Writer, name: str, rel: str) -> None:
    """Copy a stored file to `rel` unless the copy there is already the same (same size, newer)."""
    storage = media_storage()
    target = files.root() / rel
    with contextlib.suppress(FileNotFoundError, NotImplementedError, OSError):
        stat = target.stat()
        if stat.st_size == storage.size(name) and stat.st_mtime >= storage.get_modified_time(name).timestamp():
            writer.unchanged.append(rel)
            return
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".tmp-{target.name}"
    try:
        with storage.open(name, "rb") as src, open(tmp, "wb") as dst:
            shutil.copyfileobj(src, dst, 1024 * 1024)
        tmp.chmod(0o644)
        tmp.replace(target)
    except FileNotFoundError:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        _source_missing(writer, name, rel, target)
        return
    writer.written.append(rel)


def _source_missing(writer: Writer, name: str, rel: str, target: Path) -> None:
    """The media storage lacks the file (a storage switched before `media_migrate`, a lost file).

    A copy already on the site stays: the sweep keeps what is listed in `writer.missing_source`, so a
    storage that answers "not found" can never empty the public site. Without a copy the page still
    renders and the image answers 404.
    """
    writer.missing_source.append(rel)
    if target.exists():
        log.warning("media source missing, public copy kept: %s (stored as %s)", rel, name)
    else:
        log.warning("media source missing, no public copy: %s (stored as %s)", rel, name)


def copy_photo(writer: Writer, photo: Photo) -> None:
    for rendition in photo.renditions.all():
        if rendition.file:
            _copy(writer, rendition.file.name, f"{folder(photo.key.hex)}/{rendition.variant}")


def copy_video(writer: Writer, video: Video) -> None:
    if video.source != Video.Source.FILE:
        return
    if video.poster:
        _copy(writer, video.poster.name, f"{folder(video.key.hex)}/poster.jpg")
    if video.web:
        _copy(writer, video.web.name, f"{folder(video.key.hex)}/web.mp4")


def copy_set(writer: Writer, media_set) -> None:
    for photo in media_set.all_photos():
        copy_photo(writer, photo)
    for video in media_set.videos:
        copy_video(writer, video)


def release(writer: Writer, keys) -> None:
    """Remove the folders of media no longer shown by this item or gallery, unless still public elsewhere."""
    keys = set(keys)
    if not keys:
        return
    still = public_photo_keys(keys)
    for key in sorted(keys - still):
        remove_folder(writer, key)


def remove_folder(writer: Writer, key_hex: str) -> None:
    path = files.root() / folder(key_hex)
    if not path.is_dir():
        return
    for child in path.iterdir():
        with contextlib.suppress(FileNotFoundError):
            child.unlink()
            writer.removed.append(child.relative_to(files.root()).as_posix())
    with contextlib.suppress(OSError):
        path.rmdir()


def card_image(photo: Photo | None) -> dict | None:
    """The listing thumbnail: the square crop (WebP with a JPEG fallback), 320 px, shown at about 104-144 px."""
    if photo is None:
        return None
    thumbs = {r.format: r for r in photo.renditions.all() if r.kind == Rendition.Kind.THUMB}
    widths = {r.format: r for r in photo.renditions.all() if r.kind == Rendition.Kind.WIDTH and r.width <= 480}
    jpeg = thumbs.get("jpeg") or widths.get("jpeg")
    if jpeg is None:
        return None
    webp = thumbs.get("webp") or widths.get("webp")
    image = {
        "src": url(photo.key.hex, jpeg.variant),
        "webp": url(photo.key.hex, webp.variant) if webp else "",
        "width": jpeg.width,
        "height": jpeg.height,
        "alt": photo.alt_text,
    }
    # The headline on Beranda shows the whole photo, wide: its width renditions up to 960 px.
    wide = [r for r in photo.renditions.all() if r.kind == Rendition.Kind.WIDTH and r.width <= 960]
    jpegs = sorted((r for r in wide if r.format == "jpeg"), key=lambda r: r.width)
    webps = sorted((r for r in wide if r.format == "webp"), key=lambda r: r.width)
    if jpegs:
        image.update(
            wide=", ".join(f"{url(photo.key.hex, r.variant)} {r.width}w" for r in jpegs),
            wide_webp=", ".join(f"{url(photo.key.hex, r.variant)} {r.width}w" for r in webps),
            wide_src=url(photo.key.hex, jpegs[0].variant),
            wide_width=jpegs[-1].width,
            wide_height=jpegs[-1].height,
        )
    return image


def social_image(photo: Photo | None) -> dict | None:
    """The 1200x630 social card for og:image and twitter:image, or the largest JPEG when there is none."""
    if photo is None:
        return None
    renditions = list(photo.renditions.all())
    card = next((r for r in renditions if r.kind == Rendition.Kind.CARD), None)
    if card is None:
        jpegs = [r for r in renditions if r.kind == Rendition.Kind.WIDTH and r.format == "jpeg"]
        card = max(jpegs, key=lambda r: r.width, default=None)
    if card is None:
        return None
    return {"path": url(photo.key.hex, card.variant), "width": card.width, "height": card.height}


def photo_credit(photo: Photo) -> str:
    return _("Photo: %(credit)s") % {"credit": photo.credit} if photo.credit else ""


def existing_keys() -> set[str]:
    path = Path(files.root()) / PREFIX
    return {p.name for p in path.iterdir() if p.is_dir()} if path.is_dir() else set()
