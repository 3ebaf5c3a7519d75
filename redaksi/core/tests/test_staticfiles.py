"""The static files go through the production storage: every reference inside them must resolve."""

import json

from django.core.management import call_command
from django.test import override_settings


def test_collectstatic_with_the_production_manifest_storage(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        # Production adds compression (whitenoise) on top; the references are checked here.
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        # Raises if a file names another (a source map, a font, a picture) that is not there.
        call_command("collectstatic", "--noinput", verbosity=0)
    paths = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for name in ("vendor/jodit-4.15.13/jodit.min.js", "vendor/jodit-4.15.13/jodit.min.css", "redaksi/editor.js"):
        assert (tmp_path / paths[name]).is_file(), name
    assert not any(name.startswith("vendor/trix") for name in paths)
