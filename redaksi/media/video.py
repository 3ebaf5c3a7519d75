"""Video with Debian's ffmpeg: probe, poster frame, H.264/AAC web rendition. And YouTube links.

Only ISO media files (MP4, MOV) are taken, decided by their first bytes; ffmpeg is then told the demuxer
and allowed only local files, so a file cannot make it read a playlist, another file or the network.
"""

import json
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .conf import setting

ISO_BRANDS = {
    b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"M4VP", b"qt  ",
    b"3gp4", b"3gp5", b"3gp6", b"3g2a", b"MSNV", b"XAVC", b"dash", b"mmp4", b"f4v ",
}  # fmt: skip


def sniff(head: bytes) -> str | None:
    """The container named by the first bytes: "mp4", or what it really is when it is not."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "mp4" if head[8:12] in ISO_BRANDS else "iso-other"
    if len(head) >= 8 and head[4:8] in (b"moov", b"mdat", b"wide", b"free", b"skip"):
        return "mp4"  # old QuickTime files start with an atom other than ftyp
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "matroska"
    if head[:4] == b"RIFF":
        return "riff"
    if head.startswith(b"\x00\x00\x01\xba") or head[:1] == b"\x47":
        return "mpeg-ts"
    return None


def check_container(head: bytes) -> None:
    kind = sniff(head)
    if not head:
        raise ValidationError(_("The video file is empty."), code="empty")
    if kind == "mp4":
        return
    if kind == "matroska":
        message = _("This file is a Matroska/WebM video, not MP4 (whatever its name says). Export it as MP4.")
    elif kind is None and re.search(rb"<\s*(\?xml|svg|html|!doctype)", head[:2048], re.IGNORECASE):
        message = _("This file is a web page or SVG, not a video.")
    else:
        message = _("This file is not an MP4 or MOV video. Export the video as MP4 (H.264) and upload it again.")
    raise ValidationError(message, code="type")


@dataclass
class ProbeResult:
    duration: float
    width: int
    height: int
    has_audio: bool
    data: dict


def _input_args(path: Path) -> list[str]:
    return ["-protocol_whitelist", "file", "-f", "mov", "-i", str(path)]


def probe(path: Path) -> ProbeResult:
    """Read the streams; refuse what is broken, empty or claims impossible sizes."""
    cmd = [setting("FFPROBE"), "-v", "error", "-print_format", "json", "-show_format", "-show_streams"]
    cmd += ["-protocol_whitelist", "file", "-f", "mov", str(path)]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=120, check=False)  # noqa: S603 - fixed argv
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ValidationError(_("The video could not be read (the video tool did not answer).")) from exc
    if done.returncode != 0:
        raise ValidationError(_("The video is damaged or incomplete and cannot be read. Upload it again."))
    try:
        data = json.loads(done.stdout or b"{}")
    except ValueError as exc:
        raise ValidationError(_("The video is damaged or incomplete and cannot be read. Upload it again.")) from exc
    return check_probe(data)


def check_probe(data: dict) -> ProbeResult:
    streams = data.get("streams") or []
    video = next(
        (s for s in streams if s.get("codec_type") == "video" and s.get("disposition", {}).get("attached_pic") != 1),
        None,
    )
    if video is None:
        raise ValidationError(_("The file has no video picture in it."))
    try:
        width, height = int(video.get("width") or 0), int(video.get("height") or 0)
        duration = float((data.get("format") or {}).get("duration") or video.get("duration") or 0)
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("The video is damaged or incomplete and cannot be read. Upload it again.")) from exc
    max_side = setting("VIDEO_MAX_SIDE")
    if not (0 < width <= max_side and 0 < height <= max_side):
        raise ValidationError(
            _("The video's picture size (%(w)s × %(h)s) is not possible; at most %(max)s pixels on a side.")
            % {"w": width, "h": height, "max": max_side}
        )
    max_seconds = setting("VIDEO_MAX_SECONDS")
    if not (0 < duration <= max_seconds):
        raise ValidationError(
            _("The video's length (%(s)s seconds) is not possible; at most %(max)s minutes.")
            % {"s": round(duration), "max": max_seconds // 60}
        )
    has_audio = any(s.get("codec_type") == "audio" for s in streams)
    keep = {"format": {k: (data.get("format") or {}).get(k) for k in ("format_name", "duration", "bit_rate")}}
    keep["video"] = {k: video.get(k) for k in ("codec_name", "width", "height", "avg_frame_rate", "pix_fmt")}
    return ProbeResult(duration=duration, width=width, height=height, has_audio=has_audio, data=keep)


def _run(cmd: list[str], *, timeout: int) -> None:
    done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)  # noqa: S603 - fixed argv
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise ValidationError(_("The video tool stopped with an error: %(e)s") % {"e": tail[0][:200]})


def poster(path: Path, out: Path, duration: float) -> None:
    """A frame a little into the video (the first is often black), re-encoded as JPEG with no metadata."""
    at = f"{min(duration * 0.1, 3.0):.2f}"
    cmd = [setting("FFMPEG"), "-hide_banner", "-nostdin", "-y", "-ss", at, *_input_args(path)]
    cmd += ["-frames:v", "1", "-vf", "scale='min(1280,iw)':-2", "-map_metadata", "-1", "-q:v", "3", str(out)]
    _run(cmd, timeout=300)


def transcode(path: Path, out: Path, probe_result: ProbeResult, on_progress: Callable[[int], None]) -> None:
    """H.264/AAC MP4 at 720p (never upscaled), moov atom first so playback starts at once, no metadata."""
    target = setting("VIDEO_HEIGHT")
    landscape = probe_result.width >= probe_result.height
    scale = f"scale=-2:'min({target},ih)'" if landscape else f"scale='min({target},iw)':-2"
    cmd = [setting("FFMPEG"), "-hide_banner", "-nostdin", "-y", *_input_args(path), "-map", "0:v:0", "-map", "0:a:0?"]
    cmd += ["-vf", f"{scale},format=yuv420p", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23"]
    cmd += ["-profile:v", "high", "-c:a", "aac", "-b:a", "128k", "-ac", "2", "-map_metadata", "-1"]
    cmd += ["-map_chapters", "-1", "-movflags", "+faststart", "-progress", "pipe:1", "-nostats", str(out)]
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # noqa: S603 - fixed argv
    last = -1
    assert process.stdout is not None
    for raw in process.stdout:
        line = raw.decode("ascii", "replace").strip()
        if line.startswith("out_time_us=") or line.startswith("out_time_ms="):
            try:
                seconds = int(line.split("=", 1)[1]) / 1_000_000
            except ValueError:
                continue
            percent = max(0, min(99, int(seconds * 100 / probe_result.duration)))
            if percent >= last + 5:
                last = percent
                on_progress(percent)
    try:
        _, stderr = process.communicate(timeout=setting("FFMPEG_TIMEOUT"))
    except subprocess.TimeoutExpired as exc:
        process.kill()
        raise ValidationError(_("Converting the video took too long and was stopped.")) from exc
    if process.returncode != 0:
        tail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise ValidationError(_("The video could not be converted: %(e)s") % {"e": tail[0][:200]})


YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com",
                 "www.youtube-nocookie.com"}  # fmt: skip


def youtube_id(url: str) -> str:
    """The video id of a YouTube address, or ValidationError. Nothing is fetched."""
    url = (url or "").strip()
    invalid = ValidationError(
        _("This is not a YouTube video address. Copy the address from the video's Share button."), code="youtube"
    )
    if len(url) > 500 or any(ch.isspace() for ch in url):
        raise invalid
    if "://" not in url:
        url = "https://" + url
    try:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.username or parts.password or parts.port:
            raise invalid
    except ValueError as exc:
        raise invalid from exc
    host = (parts.hostname or "").lower()
    candidate = ""
    if host == "youtu.be":
        candidate = parts.path.strip("/").split("/")[0]
    elif host in YOUTUBE_HOSTS:
        segments = [s for s in parts.path.split("/") if s]
        if segments[:1] == ["watch"]:
            candidate = (parse_qs(parts.query).get("v") or [""])[0]
        elif len(segments) >= 2 and segments[0] in ("embed", "shorts", "live", "v"):
            candidate = segments[1]
    if not YOUTUBE_ID.fullmatch(candidate):
        raise invalid
    return candidate
