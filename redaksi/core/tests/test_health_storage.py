"""/readyz checks the storage media live in, not only the default one (media may be on S3)."""

import pytest

from redaksi.core.health import NotReady, check_storage


def test_the_storage_check_writes_where_media_live(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
        "elsewhere": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": "/proc/redaksi-not-writable"},
        },
    }
    settings.REDAKSI_MEDIA = {**getattr(settings, "REDAKSI_MEDIA", {}), "STORAGE": "default"}
    assert check_storage() == "writable"
    settings.REDAKSI_MEDIA = {**settings.REDAKSI_MEDIA, "STORAGE": "elsewhere"}
    with pytest.raises(NotReady, match="media storage not writable"):
        check_storage()
