"""Local protocol servers for the social networks, and what the network tests share (media, posts, text)."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import requests
from PIL import Image

from redaksi.social.base import Media, Post

# &, #, newlines, quotes, emoji (a ZWJ family too) and right-to-left Arabic and Hebrew: all must arrive unchanged.
TRICKY = (
    "Banjir & longsor di #Garut: \"siaga\" '1'\n"
    "Warga diminta waspada 🌧️👨‍👩‍👧 — مرحبا بالعالم — שלום\n"
    "https://diskominfo.example.go.id/berita/banjir-garut?a=1&b=2#kutipan"
)
LINK = "https://diskominfo.example.go.id/berita/banjir-garut?a=1&b=2#kutipan"


def jpeg(width: int = 1080, height: int = 1080, color=(200, 40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


def photo(name="kartu.jpg", width=1080, height=1080, url="https://cdn.example.go.id/kartu.jpg", alt="") -> Media:
    data = jpeg(width, height)
    return Media(name, "image/jpeg", len(data), lambda: io.BytesIO(data), url=url, width=width, height=height, alt=alt)


def mp4(seconds: float = 1.0) -> bytes:
    """A tiny real MP4 when ffmpeg is there; otherwise bytes that start like one (the fakes do not decode video)."""
    if shutil.which("ffmpeg"):
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "v.mp4"
            subprocess.run(  # noqa: S603
                [
                    "ffmpeg",
                    "-loglevel",
                    "error",
                    "-f",
                    "lavfi",
                    "-i",
                    f"testsrc=size=320x240:rate=10:duration={seconds}",
                    "-pix_fmt",
                    "yuv420p",
                    "-y",
                    str(out),
                ],
                check=True,
                timeout=60,
            )
            return out.read_bytes()
    return b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40


def video(data: bytes | None = None, duration=1.0, url="https://cdn.example.go.id/video.mp4") -> Media:
    data = data if data is not None else mp4(duration)
    return Media(
        "video.mp4", "video/mp4", len(data), lambda: io.BytesIO(data), url=url, width=320, height=240, duration=duration
    )


def post(text: str = TRICKY, *, photos=(), video=None, key="share-1", title="Banjir & longsor di Garut") -> Post:
    return Post(key=key, text=text, link=LINK, title=title, tags=("banjir", "garut"), photos=tuple(photos), video=video)


def session() -> requests.Session:
    """A session that never reads proxies or netrc from the environment: only 127.0.0.1 is reached."""
    s = requests.Session()
    s.trust_env = False
    return s
