"""The media settings: one dict, `REDAKSI_MEDIA`, checked at start-up like `STORAGES`."""

from collections.abc import Mapping
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


S3_ALIAS = "s3"  # the STORAGES alias the env file's S3 bucket gets; REDAKSI_MEDIA_STORAGE=s3 puts media there
S3_PREFIX = "REDAKSI_MEDIA_S3_"
S3_REQUIRED = ("BUCKET", "ACCESS_KEY_ID", "SECRET_ACCESS_KEY")
S3_OPTIONAL = ("ENDPOINT_URL", "REGION", "ADDRESSING_STYLE")


def s3_storage_from_env(environ: Mapping[str, str]) -> dict[str, Any] | None:
    """The STORAGES entry of the media bucket from REDAKSI_MEDIA_S3_*; None when none of them is set.

    AWS needs a region; an S3-compatible store (MinIO, a regional cloud) needs its endpoint URL. A set
    with a part missing or a misspelt name stops the start-up: media half-configured would go nowhere.
    """
    values = {k[len(S3_PREFIX) :]: v.strip() for k, v in environ.items() if k.startswith(S3_PREFIX) and v.strip()}
    if not values:
        return None
    unknown = sorted(set(values) - set(S3_REQUIRED) - set(S3_OPTIONAL))
    if unknown:
        known = ", ".join(S3_PREFIX + n for n in (*S3_REQUIRED, *S3_OPTIONAL))
        raise ImproperlyConfigured(
            f"Unknown media S3 settings: {', '.join(S3_PREFIX + n for n in unknown)} (known: {known})."
        )
    missing = [S3_PREFIX + n for n in S3_REQUIRED if n not in values]
    if "ENDPOINT_URL" not in values and "REGION" not in values:
        missing.append(f"{S3_PREFIX}ENDPOINT_URL or {S3_PREFIX}REGION")
    if missing:
        raise ImproperlyConfigured(f"Media on S3 is half configured: the env file lacks {', '.join(missing)}.")
    style = values.get("ADDRESSING_STYLE") or ("path" if "ENDPOINT_URL" in values else "auto")
    if style not in {"path", "virtual", "auto"}:
        raise ImproperlyConfigured(f"{S3_PREFIX}ADDRESSING_STYLE must be path, virtual or auto, not {style!r}.")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": values["BUCKET"],
            "endpoint_url": values.get("ENDPOINT_URL"),
            "region_name": values.get("REGION") or "us-east-1",
            "access_key": values["ACCESS_KEY_ID"],
            "secret_key": values["SECRET_ACCESS_KEY"],
            "addressing_style": style,
            # Files stay private: the app streams them to staff, the renderer copies the public ones out.
            "default_acl": None,
            "querystring_auth": True,
            # A stored name is a fresh uuid; never overwrite one silently.
            "file_overwrite": False,
        },
    }


def media_storage_alias(chosen: str | None, storages: Mapping[str, Any]) -> str:
    """The alias REDAKSI_MEDIA_STORAGE names (default: the filesystem), refused at start-up if STORAGES lacks it."""
    alias = (chosen or "").strip() or "default"
    if alias not in storages:
        hint = f" Set the {S3_PREFIX}* variables first." if alias == S3_ALIAS else ""
        raise ImproperlyConfigured(
            f"REDAKSI_MEDIA_STORAGE names {alias!r}, which is not a storage ({', '.join(sorted(storages))}).{hint}"
        )
    return alias


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
