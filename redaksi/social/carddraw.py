"""Drawing the pictures made for the networks: pure Pillow, no database.

A card is the item's lead photo cut around its focal point, a scrim that darkens its lower part into the
office's colour, the headline in white, and the office's logo and name; an item without a photo gets a card of
the office's colours alone. Everything is drawn at the final size: 1080 px wide, square or portrait (4:5).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from redaksi.media.images import crop_box

SHAPES = {"square": (1080, 1080), "portrait": (1080, 1350)}
# The Debian package fonts-dejavu-core is one of the install's requirements (deploy/install.sh).
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu",)
BOLD, REGULAR = "DejaVuSans-Bold.ttf", "DejaVuSans.ttf"
GOLD = (200, 151, 26)  # the site's accent (public/static site.css --accent)
WHITE = (255, 255, 255)
ELLIPSIS = "…"
LEADING_WORDS = {"di", "ke", "dari", "dan", "yang", "pada", "untuk", "dengan", "oleh", "atau", "serta", "bagi", "the"}


@dataclass(frozen=True)
class Identity:
    """Who speaks: the office's name, its main colour (#rrggbb) and its logo (RGBA), and its web domain."""

    name: str
    colour: str
    logo: Image.Image | None = None
    domain: str = ""
    short_name: str = ""  # written instead of a name too long for the plate


@dataclass(frozen=True)
class Drawn:
    image: Image.Image
    lines: tuple[str, ...]  # the headline as drawn, after wrapping (and an ellipsis when it had to be cut)
    font_size: int
    headline_box: tuple[int, int, int, int]  # left, top, right, bottom of the headline's lines


@dataclass(frozen=True)
class _Layout:
    margin: int
    sizes: tuple[int, int]  # the headline's largest and smallest font size
    max_lines: int


LAYOUTS = {
    ("square", True): _Layout(72, (72, 40), 5),
    ("portrait", True): _Layout(72, (80, 44), 6),
    ("square", False): _Layout(84, (84, 44), 6),
    ("portrait", False): _Layout(84, (100, 48), 7),
}


@cache
def font(name: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for folder in FONT_DIRS:
        path = Path(folder) / name
        if path.exists():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)  # Pillow's own scalable font: plainer, but never missing


def rgb(value: str) -> tuple[int, int, int]:
    value = value if len(value) == 7 and value.startswith("#") else "#0b3d6e"
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def mix(a: tuple[int, ...], b: tuple[int, ...], share: float) -> tuple[int, int, int]:
    r, g, bl = (round(x + (y - x) * share) for x, y in zip(a[:3], b[:3], strict=True))
    return r, g, bl


# Text -----------------------------------------------------------------------------------------------------


def _split_long(word: str, face, width: int) -> list[str]:
    """A word wider than the line (a long address) broken where it must."""
    parts, current = [], ""
    for ch in word:
        if current and face.getlength(current + ch) > width:
            parts.append(current)
            current = ch
        else:
            current += ch
    return [*parts, current] if current else parts


def wrap(text: str, face, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        pieces = _split_long(word, face, width) if face.getlength(word) > width else [word]
        for piece in pieces:
            trial = f"{current} {piece}" if current else piece
            if current and face.getlength(trial) > width:
                lines.append(current)
                current = piece
            else:
                current = trial
    return [*lines, current] if current else lines


def _ellipsize(line: str, face, width: int) -> str:
    words = line.split()
    while words and face.getlength(" ".join(words) + ELLIPSIS) > width:
        if len(words) == 1:  # one long word: cut it by characters
            word = words[0]
            while word and face.getlength(word + ELLIPSIS) > width:
                word = word[:-1]
            return word + ELLIPSIS
        words.pop()
    # "… Terkait di…" reads badly: a cut headline does not end on a little word that leads into the next.
    while len(words) > 1 and words[-1].lower().strip(",.;:") in LEADING_WORDS:
        words.pop()
    return " ".join(words).rstrip(",.;:-–—") + ELLIPSIS


def fit(text: str, width: int, sizes: tuple[int, int], max_lines: int) -> tuple[list[str], int]:
    """The headline's lines and font size: the largest size at which it fits in `max_lines`, else the smallest
    size and an ellipsis on the last line. Sizes step down by 4 px."""
    text = " ".join(text.split())
    largest, smallest = sizes
    size = largest
    while True:
        face = font(BOLD, size)
        lines = wrap(text, face, width)
        if len(lines) <= max_lines:
            return lines, size
        if size - 4 < smallest:
            break
        size -= 4
    rest = " ".join(lines[max_lines - 1 :])
    return [*lines[: max_lines - 1], _ellipsize(rest, face, width)], size


def _fit_one(text: str, name: str, size: int, width: int) -> tuple[str, object]:
    face = font(name, size)
    if face.getlength(text) <= width:
        return text, face
    return _ellipsize(text, face, width), face


# Pieces ---------------------------------------------------------------------------------------------------


def _smooth(t: float) -> float:
    return t * t * (3 - 2 * t)


def _scrim(size: tuple[int, int], top: int, colour: tuple[int, int, int], strongest: int = 238) -> Image.Image:
    """A layer that is clear above `top` and darkens smoothly to `strongest` opacity at the bottom."""
    w, h = size
    alpha = Image.new("L", (1, h), 0)
    span = max(1, h - top)
    for y in range(max(0, top), h):
        alpha.putpixel((0, y), round(strongest * _smooth(min(1.0, (y - top) / (span * 0.7)))))
    layer = Image.new("RGBA", (w, h), (*colour, 0))
    layer.putalpha(alpha.resize((w, h)))
    return layer


def _top_shade(size: tuple[int, int], height: int) -> Image.Image:
    """A light shade along the top so the logo plate stands off a bright sky."""
    w, h = size
    alpha = Image.new("L", (1, h), 0)
    for y in range(min(height, h)):
        alpha.putpixel((0, y), round(90 * (1 - _smooth(y / height))))
    layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    layer.putalpha(alpha.resize((w, h)))
    return layer


def _plate(who: Identity, max_width: int, colour: tuple[int, int, int]) -> Image.Image:
    """The office's mark: a white rounded plate with its logo and its name in its colour."""
    logo_h, pad, gap = 64, 16, 16
    parts: list[Image.Image] = []
    if who.logo is not None:
        logo = who.logo.convert("RGBA")
        scale = logo_h / logo.height
        logo = logo.resize((max(1, round(logo.width * scale)), logo_h), Image.Resampling.LANCZOS)
        if logo.width > max_width // 2:
            logo = logo.resize((max_width // 2, max(1, round(logo.height * (max_width // 2) / logo.width))))
        parts.append(logo)
    room = max_width - 2 * pad - sum(p.width + gap for p in parts)
    name, face = _plate_name(who, room)
    text_w = math.ceil(face.getlength(name)) if name else 0
    width = 2 * pad + sum(p.width for p in parts) + (gap if parts and name else 0) + text_w
    height = logo_h + 2 * pad - (0 if parts else 16)
    plate = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(plate)
    draw.rounded_rectangle((0, 0, width - 1, height - 1), radius=14, fill=(*WHITE, 245))
    x = pad
    for part in parts:
        plate.alpha_composite(part, (x, (height - part.height) // 2))
        x += part.width + gap
    if name:
        draw.text((x, height // 2), name, font=face, fill=colour, anchor="lm")
    return plate


def _plate_name(who: Identity, room: int) -> tuple[str, object]:
    """The office's name as large as it fits, else a little smaller, else its short name, else cut."""
    for text, size in ((who.name, 30), (who.name, 25), (who.short_name, 30)):
        if text and font(BOLD, size).getlength(text) <= room:
            return text, font(BOLD, size)
    return _fit_one(who.name, BOLD, 25, room)


def _shadowed(base: Image.Image, draw_fn, box: tuple[int, int, int, int], blur: int = 6, opacity: int = 110) -> None:
    """Draw with `draw_fn(draw, fill, origin)` twice: a soft dark shadow, then the thing itself in white. The
    shadow is blurred within `box` (and a margin) only: blurring the whole card costs ten times as much."""
    pad = blur * 3
    left, top = max(0, box[0] - pad), max(0, box[1] - pad)
    right, bottom = min(base.width, box[2] + pad), min(base.height, box[3] + pad)
    shadow = Image.new("RGBA", (right - left, bottom - top), (0, 0, 0, 0))
    draw_fn(ImageDraw.Draw(shadow), (0, 0, 0, opacity), (-left, -top))
    base.alpha_composite(shadow.filter(ImageFilter.GaussianBlur(blur)), (left, top))
    draw_fn(ImageDraw.Draw(base), (*WHITE, 255), (0, 0))


# Backgrounds ----------------------------------------------------------------------------------------------


def photo_background(photo: Image.Image, size: tuple[int, int], focal: tuple[float, float]) -> Image.Image:
    """The photo cut to the card's shape around its focal point, at the card's size."""
    box = crop_box(photo.width, photo.height, size[0] / size[1], *focal)
    return photo.crop(box).resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0).convert("RGBA")


def colour_background(size: tuple[int, int], colour: tuple[int, int, int]) -> Image.Image:
    """The office's colour, deepening towards the bottom right, with two large soft circles for depth."""
    w, h = size
    deep = mix(colour, (0, 0, 0), 0.45)
    down = Image.linear_gradient("L")
    across = down.transpose(Image.Transpose.ROTATE_90)  # dark from the top left to the bottom right
    gradient = ImageChops.add(down, across, scale=2)
    gradient = gradient.resize((w, h), Image.Resampling.BICUBIC)
    base = Image.composite(Image.new("RGB", size, deep), Image.new("RGB", size, colour), gradient).convert("RGBA")
    rings = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(rings)
    draw.ellipse((w * 0.45, -h * 0.35, w * 1.45, h * 0.55), fill=(*WHITE, 16))
    draw.ellipse((w * 0.70, -h * 0.05, w * 1.20, h * 0.35), fill=(*WHITE, 14))
    draw.ellipse((-w * 0.35, h * 0.72, w * 0.25, h * 1.25), outline=(*GOLD, 60), width=6)
    base.alpha_composite(rings)
    return base


# The card -------------------------------------------------------------------------------------------------


def draw_card(
    shape: str, title: str, who: Identity, photo: Image.Image | None = None, focal: tuple[float, float] = (0.5, 0.5)
) -> Drawn:
    """One card of `shape` ("square" or "portrait"), RGB, ready to be encoded."""
    size = SHAPES[shape]
    w, h = size
    layout = LAYOUTS[(shape, photo is not None)]
    m = layout.margin
    colour = rgb(who.colour)
    lines, font_size = fit(title, w - 2 * m, layout.sizes, layout.max_lines)
    face = font(BOLD, font_size)
    leading = round(font_size * 1.2)
    foot_h = 40 if who.domain else 0
    band = 14
    bottom = h - band - m // 2 - foot_h - (24 if foot_h else 0)  # the baseline of the headline's last line
    if photo is None:
        # A card of colours alone: the headline sits a little below the middle, where the eye lands.
        block = leading * (len(lines) - 1)
        bottom = min(bottom, max(round(h * 0.62 + block / 2), m + 140 + block + font_size))
    first = bottom - leading * (len(lines) - 1)
    text_top = first - font_size
    if photo is not None:
        card = photo_background(photo, size, focal)
        card.alpha_composite(_top_shade(size, 220))
        card.alpha_composite(_scrim(size, text_top - 260, mix(colour, (0, 0, 0), 0.7)))
    else:
        card = colour_background(size, colour)
    draw = ImageDraw.Draw(card)
    # The accent above the headline, then the headline.
    accent_y = text_top - 34
    draw.rounded_rectangle((m, accent_y, m + 96, accent_y + 8), radius=4, fill=GOLD)

    def headline(d: ImageDraw.ImageDraw, fill, origin: tuple[int, int]) -> None:
        for i, line in enumerate(lines):
            d.text((m + origin[0], first + i * leading + origin[1]), line, font=face, fill=fill, anchor="ls")

    right = m + max((math.ceil(face.getlength(line)) for line in lines), default=0)
    box = (m, text_top, right, bottom + round(font_size * 0.25))
    _shadowed(card, headline, box, blur=8, opacity=90 if photo is not None else 60)
    if foot_h:
        domain, small = _fit_one(who.domain, REGULAR, 26, w - 2 * m)
        draw.text((m, h - band - m // 2), domain, font=small, fill=(*WHITE, 220), anchor="ls")
    draw.rectangle((0, h - band, w, h), fill=(*colour, 255))
    draw.rectangle((0, h - band, w // 4, h), fill=(*GOLD, 255))
    card.alpha_composite(_plate(who, w - 2 * m, colour), (m, m // 2 + 8))
    return Drawn(image=card.convert("RGB"), lines=tuple(lines), font_size=font_size, headline_box=box)
