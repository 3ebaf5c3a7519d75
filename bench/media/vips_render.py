"""The renditions of `redaksi.media.images.render_all`, made with libvips (pyvips), for comparison only.

Measured slower and twice as hungry for memory as Pillow on this machine (bench/RESULTS.md), so the app
keeps Pillow; this stays here so the comparison can be run again (pip install pyvips; apt install libvips42).
"""

from typing import IO

import pyvips

from redaksi.media.conf import setting
from redaksi.media.images import Encoded, crop_box, rendition_widths

SAVERS = {
    "jpeg": (".jpg", {"Q": 82, "optimize_coding": True, "interlace": True, "strip": True}),
    "webp": (".webp", {"Q": 80, "effort": 4, "strip": True}),
    "avif": (".avif", {"Q": 60, "effort": 0, "compression": "av1", "strip": True}),
}


def _encode(im: "pyvips.Image", fmt: str) -> bytes:
    suffix, options = SAVERS[fmt]
    return im.write_to_buffer(suffix, **options)


def _flat(im: "pyvips.Image") -> "pyvips.Image":
    if im.hasalpha():
        im = im.flatten(background=[255, 255, 255])
    if im.interpretation not in ("srgb", "b-w"):
        im = im.colourspace("srgb")
    if im.bands == 1:
        im = im.colourspace("srgb")
    return im.cast("uchar") if im.format != "uchar" else im


def render_all(fileobj: IO[bytes], fmt: str, *, focal: tuple[float, float]) -> list[Encoded]:
    fileobj.seek(0)
    data = fileobj.read()
    widths_max = max(setting("RENDITION_WIDTHS"))
    card_w, card_h = setting("CARD_SIZE")
    thumb_w, thumb_h = setting("THUMB_SIZE")
    # thumbnail_buffer shrinks while decoding (JPEG DCT scaling) and turns the photo upright.
    longest = max(widths_max, card_w)
    # Shrink-on-load keeps both sides at least `longest`, as the Pillow path's draft mode does.
    probe = pyvips.Image.new_from_buffer(data, "", access="sequential")
    short = min(probe.width, probe.height)
    scale = max(longest / short, 1 / 8) if short > longest else 1.0
    base = _flat(
        pyvips.Image.thumbnail_buffer(data, round(probe.width * scale), height=round(probe.height * scale), size="down")
    )
    base = base.copy_memory()
    formats = [f for f in setting("RENDITION_FORMATS") if f in SAVERS]
    results: list[Encoded] = []
    source = base
    for width in sorted(rendition_widths(base.width), reverse=True):
        scale = width / source.width
        sized = source.resize(scale, kernel="lanczos3") if width != source.width else source
        sized = sized.copy_memory()
        source = sized
        for f in formats:
            results.append(Encoded("w", f, sized.width, sized.height, _encode(sized, f)))
    fx, fy = focal
    for kind, (w, h), kinds in (("card", (card_w, card_h), ("jpeg",)), ("thumb", (thumb_w, thumb_h), ("webp", "jpeg"))):
        left, top, right, bottom = crop_box(base.width, base.height, w / h, fx, fy)
        crop = base.crop(left, top, right - left, bottom - top)
        crop = crop.resize(w / crop.width, vscale=h / crop.height, kernel="lanczos3")
        for f in kinds:
            results.append(Encoded(kind, f, crop.width, crop.height, _encode(crop, f)))
    return results
