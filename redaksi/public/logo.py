"""The office logo: checked as the media app checks photos, then re-encoded as a small PNG.

The uploaded bytes never reach the site. SVG (and any markup) is refused: it can carry script.
"""

import io
import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from redaksi.media import images

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 256  # shown 48 px high in the masthead, 96 on the profile: 256 covers screens of 2-3x


def clean_logo(fileobj, size: int) -> tuple[bytes, int, int]:
    """(PNG bytes, width, height) of an uploaded logo, or ValidationError with a message for the person."""
    if size > LOGO_MAX_BYTES:
        raise ValidationError(_("The logo is too large. Use a file of at most 2 MB."), code="too_large")
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    facts = images.inspect(fileobj)  # refuses SVG and HTML by content, pixel floods by the header
    try:
        fileobj.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(fileobj, formats=[images.PIL_FORMATS[facts.format]]) as im:
                im = ImageOps.exif_transpose(im)
                im = im.convert("RGBA")
                im.thumbnail((LOGO_MAX_SIDE * 4, LOGO_MAX_SIDE), Image.Resampling.LANCZOS)
                out = io.BytesIO()
                im.save(out, "PNG", optimize=True)  # no metadata is copied
                return out.getvalue(), im.width, im.height
    except (OSError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(_("The logo is damaged and cannot be read."), code="damaged") from exc
