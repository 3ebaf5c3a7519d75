"""A plain emblem drawn with Pillow: a shield in the office's colour with a gold rim and its initials.

It stands in where an office has no picture of its own: the site's icon (favicon) when no logo was
uploaded, and the demo's logo. Drawn at four times the size and reduced, so the edges are smooth.
"""

import io
import math

from PIL import Image, ImageDraw, ImageFont

from . import colour

GOLD = "#c8971a"  # --accent of site.css
INK = "#ffffff"
SCALE = 4
# Words that give no letter to the initials: "Dinas Komunikasi dan Informatika" is DKI, not DKDI.
MINOR_WORDS = {"DAN", "DI", "KE", "DARI", "YANG", "UNTUK", "SERTA", "THE", "OF", "AND"}


def initials(text: str, most: int = 3) -> str:
    """Up to `most` capital letters of the words of `text` (an office's short name, or its name)."""
    words = [w.strip(",.;:()-/&") for w in text.upper().split()]
    letters = [w[0] for w in words if w and w not in MINOR_WORDS and w[0].isalnum()]
    return "".join(letters[:most]) or "?"


def office_initials(office) -> str:
    return initials(office.short_name or office.name)


def _outline(width: float, height: float) -> list[tuple[float, float]]:
    """A heater shield: straight top and sides, then two curves meeting in a point at the bottom."""
    shoulder = height * 0.5
    points = [(0.0, 0.0), (width, 0.0), (width, shoulder)]
    steps = 24
    for side in (1, -1):  # the right curve down to the point, then the left one up again
        for i in range(1, steps + 1):
            t = i / steps if side == 1 else 1 - i / steps
            # a quadratic curve from the shoulder through (edge, bottom-ish) to the point
            x0, y0 = (width, shoulder) if side == 1 else (0.0, shoulder)
            cx, cy = (width, height * 0.85) if side == 1 else (0.0, height * 0.85)
            x1, y1 = width / 2, height
            x = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t**2 * x1
            y = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t**2 * y1
            points.append((x, y))
    points.append((0.0, shoulder))
    return points


def _inset(points: list[tuple[float, float]], width: float, height: float, by: float) -> list[tuple[float, float]]:
    """The outline shrunk towards its centre by about `by` pixels on every side."""
    cx, cy = width / 2, height * 0.45
    sx, sy = (width - 2 * by) / width, (height - 2.4 * by) / height
    return [(cx + (x - cx) * sx, cy + (y - cy) * sy + by * 0.2) for x, y in points]


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    points = []
    for i in range(10):
        angle = math.pi / 2 + i * math.pi / 5
        radius = r if i % 2 == 0 else r * 0.45
        points.append((cx + radius * math.cos(angle), cy - radius * math.sin(angle)))
    draw.polygon(points, fill=GOLD)


def shield(letters: str, fill: str = colour.DEFAULT, height: int = 256) -> Image.Image:
    """The emblem as an RGBA image `height` pixels high (and 0.86 of that wide), transparent around the shield."""
    width = round(height * 0.86)
    w, h = width * SCALE, height * SCALE
    im = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(im)
    outer = _outline(w, h)
    draw.polygon(outer, fill=GOLD)
    rim = max(SCALE, h * 0.045)
    draw.polygon(_inset(outer, w, h, rim), fill=fill)
    small = height < 64  # an icon: no fine lines, the letters as large as they fit
    if not small:
        inner = _inset(outer, w, h, rim * 2.2)
        draw.line([*inner, inner[0]], fill=GOLD, width=round(rim * 0.4))
        for i in (-1, 0, 1):  # three gold stars under the letters
            _star(draw, w / 2 + i * w * 0.13, h * 0.7, h * 0.035)
    size = h * (0.36 if len(letters) <= 2 else 0.27) * (1.2 if small else 1)
    font = ImageFont.load_default(size=size)
    stroke = max(1, round(size * 0.045))  # the built-in font has one weight: a stroke of its own colour bolds it
    left, top, right, bottom = draw.textbbox((0, 0), letters, font=font, stroke_width=stroke)
    x = (w - (right - left)) / 2 - left
    y = h * (0.45 if small else 0.43) - (bottom - top) / 2 - top
    draw.text((x, y), letters, font=font, fill=INK, stroke_width=stroke, stroke_fill=INK)
    return im.resize((width, height), Image.Resampling.LANCZOS)


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
