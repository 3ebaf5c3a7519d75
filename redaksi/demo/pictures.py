"""Photos and a short video for the demo, drawn on the spot: nothing is downloaded.

Each picture is a plausible scene of a regency's news (a bridge over a river, a meeting hall, a beach
festival, a market, a training room, a telecommunications tower, an announcement poster) drawn with
Pillow in the office's colours, then given what a camera gives a photo: grain, a little softness, darker
corners, and EXIF with the moment it was taken and the camera's make and model. The same scene and seed
always draw the same pixels, so only the EXIF moment differs from one demo to the next.
"""

import io
import math
import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.utils import timezone
from PIL import Image, ImageDraw, ImageFilter, ImageFont

NAVY, NAVY_DARK, GOLD = (11, 61, 110), (7, 42, 77), (184, 134, 11)
SKIN = ((141, 96, 66), (160, 114, 80), (118, 80, 54), (176, 128, 92), (99, 66, 45))
SHIRTS = ((240, 240, 236), (194, 178, 128), (11, 61, 110), (150, 40, 40), (38, 110, 70), (90, 70, 120), (200, 160, 60))
HIJABS = ((20, 20, 24), (120, 30, 60), (30, 80, 120), (200, 190, 170), (60, 110, 90), (170, 90, 40))

CAMERAS = {
    "canon": ("Canon", "Canon EOS 90D"),
    "nikon": ("NIKON CORPORATION", "NIKON D7500"),
    "sony": ("SONY", "ILCE-7M3"),
    "drone": ("DJI", "FC3582"),
    "phone": ("samsung", "Galaxy A54 5G"),
}
EXIF_MAKE, EXIF_MODEL, EXIF_DATETIME, EXIF_SOFTWARE = 0x010F, 0x0110, 0x0132, 0x0131
EXIF_IFD, EXIF_DATETIME_ORIGINAL, EXIF_OFFSET_ORIGINAL = 0x8769, 0x9003, 0x9011


@dataclass(frozen=True)
class Shot:
    """One picture to draw: what it shows, with what it is published."""

    scene: str  # a key of SCENES
    seed: int
    caption: str
    alt: str
    credit: str = "Diskominfotik Bengkalis"
    camera: str = "canon"
    banner: str = ""  # words on a banner or poster in the scene


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def _mix(a: tuple, b: tuple, t: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=False))  # type: ignore[return-value]


def _gradient(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], top: tuple, bottom: tuple) -> None:
    x0, y0, x1, y1 = box
    for y in range(y0, y1):
        draw.line([(x0, y), (x1, y)], fill=_mix(top, bottom, (y - y0) / max(1, y1 - y0 - 1)))


def _sky(draw, w, h, horizon, rnd: random.Random, *, evening: bool = False) -> None:
    top, bottom = ((52, 84, 140), (240, 170, 110)) if evening else ((70, 130, 200), (200, 225, 240))
    _gradient(draw, (0, 0, w, horizon), top, bottom)
    for _ in range(rnd.randint(3, 7)):  # clouds: clusters of soft ellipses
        cx, cy, size = rnd.randint(0, w), rnd.randint(20, max(40, horizon // 2)), rnd.randint(60, 160)
        for _ in range(6):
            dx, dy, r = rnd.randint(-size, size), rnd.randint(-size // 4, size // 4), rnd.randint(size // 3, size // 2)
            draw.ellipse([cx + dx - r * 2, cy + dy - r, cx + dx + r * 2, cy + dy + r], fill=(245, 246, 248))


def _water(draw, w, y0, y1, rnd: random.Random, colour=(40, 100, 140)) -> None:
    _gradient(draw, (0, y0, w, y1), _mix(colour, (200, 220, 230), 0.35), colour)
    for _ in range(w // 6):  # ripples
        x, y = rnd.randint(0, w), rnd.randint(y0, y1)
        length = rnd.randint(10, 30 + (y - y0) // 4)
        draw.line([(x, y), (x + length, y)], fill=_mix(colour, (235, 240, 245), 0.5), width=1 + (y - y0) // 200)


def _palm(draw, x, base, height, rnd: random.Random) -> None:
    lean = rnd.randint(-height // 6, height // 6)
    top = (x + lean, base - height)
    draw.line([(x, base), top], fill=(110, 85, 60), width=max(4, height // 25))
    for angle in range(0, 360, 40):
        a = math.radians(angle + rnd.randint(-10, 10))
        length = height * rnd.uniform(0.35, 0.5)
        end = (top[0] + math.cos(a) * length, top[1] + math.sin(a) * length * 0.6 + length * 0.25)
        draw.line([top, end], fill=(40, 110 + rnd.randint(-20, 20), 50), width=max(3, height // 30))


def _person(draw, x, feet, height, rnd: random.Random, *, shirt=None, seated: bool = False) -> None:
    """A standing (or seated, cut at the table) person: legs, body, arms, head, sometimes a hijab or a cap."""
    head = height * 0.13
    skin = rnd.choice(SKIN)
    shirt = shirt or rnd.choice(SHIRTS)
    shoulders = feet - height * 0.82
    hips = feet - height * 0.47
    half = height * 0.13
    if not seated:
        trousers = rnd.choice(((30, 30, 36), (50, 50, 60), (70, 60, 50), (20, 40, 70)))
        draw.rectangle([x - half * 0.8, hips, x - half * 0.1, feet], fill=trousers)
        draw.rectangle([x + half * 0.1, hips, x + half * 0.8, feet], fill=trousers)
    draw.rounded_rectangle([x - half, shoulders, x + half, hips + height * 0.04], radius=half * 0.5, fill=shirt)
    draw.line([(x - half, shoulders + 4), (x - half * 1.25, hips)], fill=shirt, width=max(2, int(half * 0.35)))
    draw.line([(x + half, shoulders + 4), (x + half * 1.25, hips)], fill=shirt, width=max(2, int(half * 0.35)))
    cy = shoulders - head * 0.55
    if rnd.random() < 0.4:  # a hijab covers the head and the shoulders
        colour = rnd.choice(HIJABS)
        draw.ellipse([x - head * 0.75, cy - head * 0.8, x + head * 0.75, cy + head * 0.9], fill=colour)
        draw.polygon([(x - head, shoulders + head * 0.4), (x + head, shoulders + head * 0.4), (x, cy)], fill=colour)
        draw.ellipse([x - head * 0.42, cy - head * 0.4, x + head * 0.42, cy + head * 0.5], fill=skin)
    else:
        draw.ellipse([x - head * 0.5, cy - head * 0.6, x + head * 0.5, cy + head * 0.6], fill=skin)
        hair = (25, 20, 18) if rnd.random() < 0.8 else (0, 0, 0)
        draw.chord([x - head * 0.52, cy - head * 0.65, x + head * 0.52, cy + head * 0.3], 180, 360, fill=hair)
        if rnd.random() < 0.15:  # a black peci
            draw.rectangle([x - head * 0.5, cy - head * 0.85, x + head * 0.5, cy - head * 0.3], fill=(15, 15, 15))


def _crowd(draw, w, y_far, y_near, rnd: random.Random, count: int, *, size: float = 1.0, shirts=None) -> None:
    """People standing from far (small, high) to near (large, low), drawn back to front."""
    rows = sorted(rnd.uniform(0, 1) for _ in range(count))
    for t in rows:
        feet = y_far + (y_near - y_far) * t
        height = (60 + 360 * t**1.4) * size
        _person(draw, rnd.randint(-20, w + 20), feet, height, rnd, shirt=rnd.choice(shirts) if shirts else None)


def _banner(draw, box, text: str, *, fill=NAVY, ink=(255, 255, 255), accent=GOLD) -> None:
    x0, y0, x1, y1 = box
    draw.rectangle(box, fill=fill)
    draw.rectangle([x0, y1 - (y1 - y0) * 0.12, x1, y1], fill=accent)
    lines = text.split("\n")
    size = int(min((y1 - y0) * 0.7 / max(1, len(lines)), (x1 - x0) * 1.6 / max(len(line) for line in lines)))
    font = _font(max(10, size))
    y = y0 + ((y1 - y0) * 0.88 - size * 1.15 * len(lines)) / 2
    for line in lines:
        width = draw.textlength(line, font=font)
        draw.text(((x0 + x1 - width) / 2, y), line, font=font, fill=ink)
        y += size * 1.15


def _building(draw, x0, x1, base, height, rnd: random.Random, colour=None) -> None:
    """An office in the Malay style: a wall with windows under a steep two-tier roof."""
    colour = colour or rnd.choice(((236, 232, 220), (246, 240, 214), (225, 236, 228), (240, 226, 200)))
    top = base - height
    draw.rectangle([x0, top, x1, base], fill=colour)
    cols = max(2, int((x1 - x0) // 70))
    for i in range(cols):
        wx = x0 + (x1 - x0) * (i + 0.3) / cols
        for wy in (top + height * 0.2, top + height * 0.55):
            draw.rectangle([wx, wy, wx + (x1 - x0) / cols * 0.4, wy + height * 0.22], fill=(60, 80, 95))
    roof = (x1 - x0) * 0.35
    draw.polygon([(x0 - 15, top), (x1 + 15, top), ((x0 + x1) / 2, top - roof)], fill=(120, 40, 30))
    draw.line([((x0 + x1) / 2, top - roof), ((x0 + x1) / 2 - 20, top - roof - 30)], fill=(120, 40, 30), width=6)


# Scenes ------------------------------------------------------------------------------------------------------


def _bridge(im, draw, rnd, shot):
    """A concrete bridge with a steel arch in the office's gold over a brown peat river, people crossing it."""
    w, h = im.size
    horizon = int(h * 0.42)
    _sky(draw, w, h, horizon, rnd)
    draw.rectangle([0, horizon - 30, w, horizon + 10], fill=(50, 100, 60))  # the far bank
    for x in range(0, w, 90):
        _palm(draw, x + rnd.randint(-30, 30), horizon + 5, rnd.randint(80, 150), rnd)
    _water(draw, w, horizon + 10, h, rnd, colour=(95, 85, 55))
    slope = 0.08  # the bridge runs slightly up to the right, as seen from the bank
    deck = lambda x: h * 0.7 - slope * x  # noqa: E731 - the deck's top edge at x
    for x in range(int(w * 0.12), w, int(w * 0.3)):  # piers standing in the water
        draw.rectangle([x - 22, deck(x) + 40, x + 22, h], fill=(150, 150, 145))
        draw.ellipse([x - 50, h * 0.93, x + 50, h * 0.97], fill=(80, 72, 48))
    draw.polygon([(0, deck(0)), (w, deck(w)), (w, deck(w) + 45), (0, deck(0) + 45)], fill=(175, 175, 170))
    draw.line([(0, deck(0) + 45), (w, deck(w) + 45)], fill=(120, 120, 115), width=6)
    # The arch: a parabola over the middle span, hangers down to the deck.
    left, right, rise = w * 0.2, w * 0.8, h * 0.26
    points = []
    for i in range(41):
        x = left + (right - left) * i / 40
        points.append((x, deck(x) - rise * (1 - ((2 * i / 40) - 1) ** 2)))
    draw.line(points, fill=GOLD, width=16, joint="curve")
    for x, y in points[2:-2:3]:
        draw.line([(x, y), (x, deck(x))], fill=(200, 170, 80), width=4)
    draw.line([(0, deck(0) - 40), (w, deck(w) - 40)], fill=(235, 235, 230), width=5)  # the railing
    for x in range(0, w, 60):
        draw.line([(x, deck(x) - 40), (x, deck(x))], fill=(235, 235, 230), width=3)
    _banner(draw, (int(w * 0.56), int(h * 0.08), int(w * 0.96), int(h * 0.2)), shot.banner or "BENGKALIS")
    for _ in range(16):
        x = rnd.randint(int(w * 0.03), int(w * 0.95))
        _person(draw, x, deck(x) + 10, 150 + rnd.randint(-20, 30), rnd)


def _hall(im, draw, rnd, shot):
    w, h = im.size
    _gradient(draw, (0, 0, w, h), (214, 205, 190), (150, 130, 110))
    _banner(draw, (int(w * 0.1), int(h * 0.06), int(w * 0.9), int(h * 0.36)), shot.banner or "RAPAT KOORDINASI")
    for x in (int(w * 0.04), int(w * 0.93)):  # flags
        draw.line([(x, h * 0.05), (x, h * 0.6)], fill=(180, 150, 60), width=6)
        draw.rectangle([x + 3, h * 0.07, x + 90, h * 0.13], fill=(200, 20, 30))
        draw.rectangle([x + 3, h * 0.13, x + 90, h * 0.19], fill=(250, 250, 250))
    table = int(h * 0.62)
    for i in range(7):  # officials seated behind a long table
        _person(draw, w * (0.14 + i * 0.12), table + 120, 330, rnd, shirt=rnd.choice(SHIRTS[:3]), seated=True)
    draw.rectangle([0, table, w, table + 50], fill=(120, 30, 40))
    draw.rectangle([0, table + 50, w, h], fill=(100, 25, 35))
    for i in range(7):  # name plates and microphones
        x = w * (0.14 + i * 0.12)
        draw.rectangle([x - 60, table - 24, x + 60, table], fill=(250, 250, 245))
        draw.line([(x + 30, table - 24), (x + 10, table - 110)], fill=(30, 30, 30), width=4)
    for _ in range(12):  # the backs of the audience's heads
        x = rnd.randint(0, w)
        draw.ellipse([x - 70, h - 130, x + 70, h + 60], fill=rnd.choice(((20, 20, 22), *HIJABS)))


def _beach(im, draw, rnd, shot):
    w, h = im.size
    horizon = int(h * 0.45)
    _sky(draw, w, h, horizon, rnd, evening=shot.seed % 2 == 0)
    _water(draw, w, horizon, int(h * 0.62), rnd, colour=(40, 110, 150))
    _gradient(draw, (0, int(h * 0.62), w, h), (226, 206, 160), (200, 176, 128))
    stage = (int(w * 0.3), int(h * 0.3), int(w * 0.72), int(h * 0.62))
    draw.polygon([(stage[0] - 40, stage[1]), (stage[2] + 40, stage[1]), ((stage[0] + stage[2]) / 2, stage[1] - 110)],
                 fill=(245, 245, 245))  # fmt: skip
    draw.rectangle(stage, fill=(40, 40, 50))
    _banner(draw, (stage[0] + 20, stage[1] + 20, stage[2] - 20, stage[1] + 150), shot.banner or "FESTIVAL")
    for x in (stage[0] - 80, stage[2] + 40):  # sound towers
        draw.rectangle([x, stage[1] + 40, x + 45, stage[3]], fill=(20, 20, 20))
    for x in range(0, w, 260):
        _palm(draw, x + rnd.randint(-40, 40), int(h * 0.66), rnd.randint(220, 320), rnd)
    _crowd(draw, w, int(h * 0.64), h + 40, rnd, 60)


def _training(im, draw, rnd, shot):
    w, h = im.size
    _gradient(draw, (0, 0, w, h), (232, 232, 228), (190, 190, 185))
    screen = (int(w * 0.28), int(h * 0.08), int(w * 0.72), int(h * 0.42))
    draw.rectangle(screen, fill=(250, 250, 250))
    _banner(draw, (screen[0] + 20, screen[1] + 20, screen[2] - 20, screen[1] + 110), shot.banner or "PELATIHAN")
    for i in range(4):  # a slide: lines of text as grey bars
        y = screen[1] + 140 + i * 36
        draw.rectangle([screen[0] + 50, y, screen[0] + 50 + rnd.randint(200, 520), y + 16], fill=(150, 160, 175))
    _person(draw, int(w * 0.82), int(h * 0.72), 480, rnd, shirt=SHIRTS[1])  # the trainer
    for row, (y, size) in enumerate(((0.62, 230), (0.78, 300), (0.97, 390))):
        for i in range(6 - row):
            x = w * (0.08 + i * (0.8 / (6 - row))) + rnd.randint(-20, 20)
            draw.rectangle([x - size * 0.3, h * y - size * 0.15, x + size * 0.5, h * y - size * 0.1], fill=(70, 70, 75))
            _person(draw, x, h * y + size * 0.25, size, rnd, seated=True)


def _market(im, draw, rnd, shot):
    w, h = im.size
    horizon = int(h * 0.35)
    _sky(draw, w, h, horizon, rnd)
    for x in range(-50, w, 300):
        _building(draw, x, x + 260, horizon + 60, rnd.randint(120, 200), rnd)
    _gradient(draw, (0, horizon + 60, w, h), (150, 150, 145), (110, 108, 100))
    for i, x in enumerate(range(40, w, 360)):  # tents with goods
        colour = (NAVY, (200, 60, 40), GOLD, (40, 120, 70))[i % 4]
        top = int(h * 0.42)
        draw.polygon([(x - 20, top + 60), (x + 320, top + 60), (x + 150, top)], fill=colour)
        draw.rectangle([x, top + 60, x + 300, top + 70], fill=(240, 240, 240))
        for pole in (x + 4, x + 292):
            draw.rectangle([pole, top + 70, pole + 6, top + 260], fill=(90, 90, 90))
        draw.rectangle([x + 10, top + 210, x + 290, top + 250], fill=(120, 90, 60))
        for _ in range(40):
            gx, gy = x + rnd.randint(20, 280), top + rnd.randint(160, 210)
            draw.ellipse(
                [gx - 12, gy - 12, gx + 12, gy + 12],
                fill=rnd.choice(((230, 200, 60), (200, 50, 40), (240, 240, 235), (90, 160, 60))),
            )
    if shot.banner:
        _banner(draw, (int(w * 0.2), int(h * 0.06), int(w * 0.8), int(h * 0.2)), shot.banner)
    _crowd(draw, w, int(h * 0.66), h + 40, rnd, 40)


def _tower(im, draw, rnd, shot):
    w, h = im.size
    horizon = int(h * 0.62)
    _sky(draw, w, h, horizon, rnd)
    _water(draw, w, horizon, h, rnd)
    draw.polygon([(-40, horizon + 10), (w * 0.2, horizon - 40), (w * 0.7, horizon - 30), (w + 40, horizon + 15)],
                 fill=(60, 110, 60))  # fmt: skip
    for x in range(0, w, 70):
        _palm(draw, x + rnd.randint(-20, 20), horizon - 20, rnd.randint(60, 110), rnd)
    x, base, top = w * 0.46, horizon - 30, int(h * 0.08)
    for i in range(12):  # a lattice tower in red and white
        y0 = base - (base - top) * i / 12
        y1 = base - (base - top) * (i + 1) / 12
        half0, half1 = 70 * (1 - i / 14), 70 * (1 - (i + 1) / 14)
        colour = (200, 40, 40) if i % 2 else (245, 245, 245)
        draw.line([(x - half0, y0), (x - half1, y1)], fill=colour, width=7)
        draw.line([(x + half0, y0), (x + half1, y1)], fill=colour, width=7)
        draw.line([(x - half0, y0), (x + half1, y1)], fill=colour, width=3)
        draw.line([(x + half0, y0), (x - half1, y1)], fill=colour, width=3)
    for dy in (0.2, 0.35):
        draw.rectangle([x - 25, top + (base - top) * dy, x + 25, top + (base - top) * dy + 70], fill=(235, 235, 235))
    for i in range(5):
        _person(draw, w * (0.62 + i * 0.06), h * 0.97, 330, rnd, shirt=(230, 120, 30) if i % 2 else NAVY)


def _street(im, draw, rnd, shot):
    w, h = im.size
    horizon = int(h * 0.4)
    _sky(draw, w, h, horizon, rnd)
    for x in range(-80, w, 330):
        _building(draw, x, x + 300, horizon + 80, rnd.randint(160, 260), rnd)
    _gradient(draw, (0, horizon + 80, w, h), (90, 90, 95), (60, 60, 64))
    draw.line([(w * 0.5, horizon + 80), (w * 0.5, h)], fill=(230, 230, 220), width=8)
    _banner(draw, (int(w * 0.25), int(h * 0.07), int(w * 0.75), int(h * 0.2)), shot.banner or "BENGKALIS")
    _crowd(draw, w, horizon + 120, h + 40, rnd, 45, shirts=((230, 120, 30), (240, 200, 40), NAVY))


def _clinic(im, draw, rnd, shot):
    w, h = im.size
    horizon = int(h * 0.45)
    _sky(draw, w, h, horizon, rnd)
    _building(draw, int(w * 0.08), int(w * 0.92), int(h * 0.72), int(h * 0.38), rnd, colour=(236, 244, 236))
    _banner(draw, (int(w * 0.3), int(h * 0.36), int(w * 0.7), int(h * 0.46)), shot.banner or "PUSKESMAS",
            fill=(30, 120, 70), accent=(250, 250, 250))  # fmt: skip
    _gradient(draw, (0, int(h * 0.72), w, h), (180, 180, 170), (140, 140, 130))
    for i in range(10):  # a queue of mothers, some holding children
        _person(draw, w * (0.1 + i * 0.08), h * 0.92, 380, rnd, shirt=rnd.choice(SHIRTS))
    _person(draw, w * 0.88, h, 460, rnd, shirt=(250, 250, 250))


def _poster(im, draw, rnd, shot):
    """An announcement flyer, as offices post them: navy with a gold band and the words of the notice."""
    w, h = im.size
    _gradient(draw, (0, 0, w, h), NAVY, NAVY_DARK)
    draw.rectangle([0, int(h * 0.16), w, int(h * 0.3)], fill=GOLD)
    head = _font(int(h * 0.09))
    title = "PENGUMUMAN"
    draw.text(((w - draw.textlength(title, font=head)) / 2, h * 0.17), title, font=head, fill=NAVY_DARK)
    small = _font(int(h * 0.04))
    top = "PEMERINTAH KABUPATEN BENGKALIS"
    draw.text(((w - draw.textlength(top, font=small)) / 2, h * 0.06), top, font=small, fill=(255, 255, 255))
    body = _font(int(h * 0.055))
    y = h * 0.4
    for line in shot.banner.split("\n"):
        draw.text(((w - draw.textlength(line, font=body)) / 2, y), line, font=body, fill=(255, 255, 255))
        y += h * 0.085
    for i in range(7):  # a row of motifs along the bottom (pucuk rebung)
        x = w * (i + 0.5) / 7
        draw.polygon([(x - 60, h * 0.95), (x + 60, h * 0.95), (x, h * 0.84)], fill=GOLD)


SCENES = {
    "bridge": _bridge, "hall": _hall, "beach": _beach, "training": _training, "market": _market,
    "tower": _tower, "street": _street, "clinic": _clinic, "poster": _poster,
}  # fmt: skip


def draw_scene(shot: Shot, size: tuple[int, int] = (1800, 1200)) -> Image.Image:
    """The scene of `shot` as a camera would have taken it, in RGB."""
    rnd = random.Random(f"{shot.scene}:{shot.seed}")
    im = Image.new("RGB", size, (200, 200, 200))
    SCENES[shot.scene](im, ImageDraw.Draw(im), rnd, shot)
    if shot.scene == "poster":
        return im
    im = im.filter(ImageFilter.BoxBlur(1))
    grain = Image.effect_noise((size[0] // 2, size[1] // 2), 18).resize(size).convert("RGB")
    im = Image.blend(im, grain, 0.06)
    # Darker corners, as a lens gives them.
    corners = Image.radial_gradient("L").resize(size).point(lambda v: min(255, int(v * 0.55)))
    return Image.composite(Image.new("RGB", size, (0, 0, 0)), im, corners.point(lambda v: max(0, v - 70)))


def jpeg_with_exif(im: Image.Image, *, taken: datetime, camera: str) -> bytes:
    """The picture as a camera's JPEG: DateTimeOriginal (office time, with its offset), make and model."""
    make, model = CAMERAS[camera]
    local = timezone.localtime(taken)
    stamp = local.strftime("%Y:%m:%d %H:%M:%S")
    offset = local.strftime("%z")
    exif = Image.Exif()
    exif[EXIF_MAKE], exif[EXIF_MODEL], exif[EXIF_DATETIME] = make, model, stamp
    exif[EXIF_SOFTWARE] = "Redaksi demo"
    sub = exif.get_ifd(EXIF_IFD)
    sub[EXIF_DATETIME_ORIGINAL] = stamp
    sub[EXIF_OFFSET_ORIGINAL] = f"{offset[:3]}:{offset[3:]}"
    out = io.BytesIO()
    im.save(out, "JPEG", quality=88, exif=exif)
    return out.getvalue()


def photo_bytes(shot: Shot, *, taken: datetime) -> bytes:
    size = (1920, 1080) if shot.camera == "drone" else (1200, 1500) if shot.scene == "poster" else (1800, 1200)
    return jpeg_with_exif(draw_scene(shot, size), taken=taken, camera=shot.camera)


def video_file(shot: Shot, folder: Path, *, seconds: int = 4) -> Path | None:
    """A short MP4 (H.264 and AAC): a slow pan across the drawn scene, with quiet sound. None without ffmpeg."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return None
    still = folder / "still.bmp"
    draw_scene(shot, (1600, 900)).save(still)
    out = folder / "video.mp4"
    # The still is read once and repeated by the loop filter; the crop pans across it.
    pan = (
        f"loop=loop=-1:size=1:start=0,fps=25,trim=duration={seconds},"
        f"crop=1280:720:x='(in_w-1280)*t/{seconds}':y='(in_h-720)/2',format=yuv420p"
    )
    cmd = [
        ffmpeg, "-v", "error", "-y", "-i", str(still),
        "-f", "lavfi", "-t", str(seconds), "-i", "anoisesrc=color=brown:amplitude=0.02:sample_rate=44100",
        "-vf", pan, "-c:v", "libx264", "-preset", "ultrafast", "-crf", "26", "-c:a", "aac", "-b:a", "64k",
        "-shortest", "-movflags", "+faststart", str(out),
    ]  # fmt: skip
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)  # noqa: S603 - fixed argv, our own files
    return out


def temp_folder() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="redaksi-demo-")
