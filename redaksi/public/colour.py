"""The office's brand colour: checked for contrast, and the shades the site's stylesheet reads from it.

White text sits on the colour (masthead bar, buttons, tags) and the colour is used as text on white
(section titles, links): both need a contrast of at least 4.5:1 (WCAG 2.1 AA for normal text).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT = "#0b3d6e"  # a calm government blue; 11:1 on white
MIN_CONTRAST = 4.5
_HEX = re.compile(r"\A#[0-9a-f]{6}\Z")


def _rgb(value: str) -> tuple[int, int, int]:
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(min(255, max(0, c))):02x}" for c in rgb)


def _luminance(value: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(value))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(value: str, other: str, share: float) -> str:
    """`value` with `share` (0..1) of `other` mixed in."""
    return _hex(tuple(a + (b - a) * share for a, b in zip(_rgb(value), _rgb(other), strict=True)))


def clean(value: str) -> str:
    """A lower-case #rrggbb that white text can stand on, or ValidationError with a message for the person."""
    value = (value or "").strip().lower()
    if len(value) == 4 and value.startswith("#"):
        value = "#" + "".join(c * 2 for c in value[1:])
    if not _HEX.match(value):
        raise ValidationError(_("Write the colour as # and six hexadecimal digits, e.g. #0b3d6e."), code="format")
    if contrast(value, "#ffffff") < MIN_CONTRAST:
        raise ValidationError(
            _(
                "This colour is too light: white text on it and the colour as text on white are hard to read. "
                "Choose a darker colour."
            ),
            code="contrast",
        )
    return value


def stylesheet(value: str) -> str:
    """The custom properties that site.css reads: the colour, a darker shade and a pale tint."""
    return (
        f":root{{--brand:{value};--brand-strong:{mix(value, '#000000', 0.35)};"
        f"--brand-soft:{mix(value, '#ffffff', 0.92)};--brand-line:{mix(value, '#ffffff', 0.75)}}}\n"
    )
