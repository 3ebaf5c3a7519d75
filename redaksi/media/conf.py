"""The media settings: one dict, `REDAKSI_MEDIA`, checked at start-up like `STORAGES`."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MB = 1024 * 1024

DEFAULTS: dict[str, Any] = {
    # An alias of STORAGES: "default" is the filesystem; production may name an S3 alias here.
    "STORAGE": "default",
    "PHOTO_MAX_BYTES": 60 * MB,
    # 100 MP covers the largest cameras staff use (61 MP); a pixel flood is refused from the header.
    "PHOTO_MAX_PIXELS": 100_000_000,
    "PHOTO_MAX_SIDE": 20_000,
    "RENDITION_WIDTHS": (480, 960, 1600),
    "RENDITION_FORMATS": ("avif", "webp", "jpeg"),
    "CARD_SIZE": (1200, 630),
    "THUMB_SIZE": (320, 320),
    # Text drawn on the public renditions (e.g. "Diskominfo Bengkalis"); empty: no watermark.
    "WATERMARK_TEXT": "",
    "VIDEO_MAX_BYTES": 2 * 1024 * MB,
    "VIDEO_CHUNK_BYTES": 4 * MB,
    "VIDEO_MAX_SECONDS": 4 * 3600,
    "VIDEO_MAX_SIDE": 8192,
    "VIDEO_HEIGHT": 720,
    "FFMPEG": "ffmpeg",
    "FFPROBE": "ffprobe",
    "FFMPEG_TIMEOUT": 6 * 3600,
    "UPLOAD_TEMP_DIR": None,  # None: var/media-uploads
    "UPLOAD_TTL_HOURS": 24,
    # Files a browser sends at once; more gains little on one uplink.
    "UPLOAD_PARALLEL": 3,
    "ZIP_MAX_FILES": 1000,
    "ZIP_MAX_BYTES": 4 * 1024 * MB,
}


def media_settings() -> dict[str, Any]:
    configured = getattr(settings, "REDAKSI_MEDIA", {}) or {}
    unknown = sorted(set(configured) - set(DEFAULTS))
    if unknown:
        raise ImproperlyConfigured(f"REDAKSI_MEDIA has unknown options: {', '.join(unknown)}")
    merged = {**DEFAULTS, **configured}
    if merged["STORAGE"] not in settings.STORAGES:
        raise ImproperlyConfigured(f"REDAKSI_MEDIA['STORAGE'] names {merged['STORAGE']!r}, which STORAGES lacks.")
    return merged


def setting(name: str) -> Any:
    return media_settings()[name]


def upload_temp_dir() -> Path:
    configured = setting("UPLOAD_TEMP_DIR")
    base = Path(configured) if configured else Path(getattr(settings, "VAR_DIR", settings.BASE_DIR / "var"))
    path = base if configured else base / "media-uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path
