"""Media test fixtures: a private MEDIA_ROOT per test, camera-like JPEGs, a small video, an item to put them on."""

import io
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from redaksi.newsroom.tests.factories import new_item

FFMPEG = shutil.which("ffmpeg")
needs_ffmpeg = pytest.mark.skipif(FFMPEG is None, reason="ffmpeg is not installed (Debian package ffmpeg)")


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REDAKSI_MEDIA = {"UPLOAD_TEMP_DIR": str(tmp_path / "uploads")}
    return settings.MEDIA_ROOT


@pytest.fixture
def item(staff, office):
    """A draft at step 1, written by the reporter, who may add photos to it."""
    return new_item(staff, office)


def camera_jpeg(
    width: int = 640,
    height: int = 480,
    *,
    orientation: int = 1,
    gps: bool = True,
    taken: datetime | None = datetime(2026, 11, 20, 9, 15, 30),  # noqa: DTZ001 - cameras keep local time
    make: str = "Canon",
    model: str = "Canon EOS 90D",
    color: tuple[int, int, int] = (30, 120, 200),
    seed: int = 0,
) -> bytes:
    """A JPEG the way a camera writes it: EXIF with time, camera, orientation and (by default) GPS."""
    im = Image.new("RGB", (width, height), color)
    # A marker in the top-left corner shows after a rotation where the camera's "top" went.
    im.paste((255, 0, 0), (0, 0, max(1, width // 4), max(1, height // 4)))
    if seed:
        # A block of its own colour in the bottom-right corner makes each seed a different photo.
        shade = (seed * 53 % 256, seed * 97 % 256, seed * 31 % 256)
        im.paste(shade, (width - 16, height - 16, width, height))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = make, model, orientation
    exif[0x0131] = "Firmware 1.0"
    if taken is not None:
        exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    if gps:
        exif.get_ifd(0x8825).update({1: "N", 2: (1.0, 28.0, 12.5), 3: "E", 4: (102.0, 6.0, 30.0)})
    out = io.BytesIO()
    im.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def png_bytes(width: int = 64, height: int = 48, mode: str = "RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), (0, 128, 0, 128) if mode == "RGBA" else (0, 128, 0)).save(out, "PNG")
    return out.getvalue()


def make_video(
    path: Path, *, seconds: float = 1.0, size: str = "320x240", fmt: str = "mp4", audio: bool = True
) -> Path:
    cmd = [FFMPEG, "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", f"testsrc=size={size}:rate=15"]
    if audio:
        cmd += ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100"]
    cmd += ["-t", str(seconds), "-c:v", "libx264", "-pix_fmt", "yuv420p", "-preset", "ultrafast"]
    if audio:
        cmd += ["-c:a", "aac"]
    cmd += ["-metadata", "location=+01.4701+102.1010/", "-f", fmt, str(path)]
    subprocess.run(cmd, check=True, timeout=60)
    return path
