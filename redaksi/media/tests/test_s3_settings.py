"""Media on S3 from the env file alone: a complete set makes the "s3" storage, anything less stops the start-up."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from redaksi.media.conf import media_storage_alias, s3_storage_from_env

ROOT = Path(__file__).resolve().parents[3]
MINIO = {
    "REDAKSI_MEDIA_S3_BUCKET": "redaksi-media",
    "REDAKSI_MEDIA_S3_ENDPOINT_URL": "https://s3.bengkaliskab.go.id",
    "REDAKSI_MEDIA_S3_ACCESS_KEY_ID": "AKIAREDAKSI",
    "REDAKSI_MEDIA_S3_SECRET_ACCESS_KEY": "rahasia",
}


def test_no_s3_lines_leave_media_on_the_filesystem():
    assert s3_storage_from_env({"PATH": "/usr/bin", "REDAKSI_MEDIA_S3_BUCKET": "  "}) is None
    assert media_storage_alias(None, {"default": {}}) == "default"
    assert media_storage_alias("", {"default": {}}) == "default"


def test_an_s3_compatible_store_gets_path_style_addresses_and_private_files():
    storage = s3_storage_from_env(MINIO)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "redaksi-media"
    assert options["endpoint_url"] == "https://s3.bengkaliskab.go.id"
    assert (options["access_key"], options["secret_key"]) == ("AKIAREDAKSI", "rahasia")
    assert options["addressing_style"] == "path"
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["file_overwrite"] is False


def test_aws_needs_a_region_instead_of_an_endpoint():
    env = {**MINIO, "REDAKSI_MEDIA_S3_REGION": "ap-southeast-3"}
    del env["REDAKSI_MEDIA_S3_ENDPOINT_URL"]
    options = s3_storage_from_env(env)["OPTIONS"]
    assert options["region_name"] == "ap-southeast-3" and options["endpoint_url"] is None
    assert options["addressing_style"] == "auto"


@pytest.mark.parametrize(
    ("drop", "named"),
    [
        ("REDAKSI_MEDIA_S3_BUCKET", "REDAKSI_MEDIA_S3_BUCKET"),
        ("REDAKSI_MEDIA_S3_SECRET_ACCESS_KEY", "REDAKSI_MEDIA_S3_SECRET_ACCESS_KEY"),
        ("REDAKSI_MEDIA_S3_ENDPOINT_URL", "REDAKSI_MEDIA_S3_ENDPOINT_URL or REDAKSI_MEDIA_S3_REGION"),
    ],
)
def test_a_half_set_names_what_is_missing(drop, named):
    env = {k: v for k, v in MINIO.items() if k != drop}
    with pytest.raises(ImproperlyConfigured, match="half configured") as error:
        s3_storage_from_env(env)
    assert named in str(error.value)
    assert "rahasia" not in str(error.value)


def test_a_misspelt_name_or_style_is_refused():
    with pytest.raises(ImproperlyConfigured, match="REDAKSI_MEDIA_S3_SECRET_KEY"):
        s3_storage_from_env({**MINIO, "REDAKSI_MEDIA_S3_SECRET_KEY": "x"})
    with pytest.raises(ImproperlyConfigured, match="ADDRESSING_STYLE"):
        s3_storage_from_env({**MINIO, "REDAKSI_MEDIA_S3_ADDRESSING_STYLE": "sideways"})


def test_choosing_s3_without_its_lines_is_refused():
    with pytest.raises(ImproperlyConfigured, match="REDAKSI_MEDIA_S3_"):
        media_storage_alias("s3", {"default": {}})
    with pytest.raises(ImproperlyConfigured, match="'cloud'"):
        media_storage_alias("cloud", {"default": {}, "s3": {}})
    assert media_storage_alias("s3", {"default": {}, "s3": {}}) == "s3"


def _start(extra: dict[str, str]) -> subprocess.CompletedProcess:
    """Load the settings in a fresh process, as gunicorn and manage.py do at start-up."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REDAKSI_MEDIA_")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.test", **extra)
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "from redaksi.media.storage import media_storage; "
        "print(settings.REDAKSI_MEDIA['STORAGE'], type(media_storage()).__name__, sorted(settings.STORAGES))"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_the_env_file_alone_switches_media_and_a_half_set_stops_the_start():
    done = _start({**MINIO, "REDAKSI_MEDIA_STORAGE": "s3"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[:2] == ["s3", "S3Storage"]
    # The bucket defined but not chosen yet: the library stays on disk while media_migrate copies it.
    done = _start(MINIO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[:2] == ["default", "FileSystemStorage"] and "'s3'" in done.stdout
    done = _start({"REDAKSI_MEDIA_S3_BUCKET": "redaksi-media", "REDAKSI_MEDIA_STORAGE": "s3"})
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and "REDAKSI_MEDIA_S3_ACCESS_KEY_ID" in done.stderr
    done = _start({"REDAKSI_MEDIA_STORAGE": "s3"})
    assert done.returncode != 0 and "REDAKSI_MEDIA_STORAGE names 's3'" in done.stderr
