"""collectstatic with production's storage: hashed, compressed, and no failure on a vendor's missing map."""

import io
import json

import pytest
from django.core.management import call_command


@pytest.fixture
def production_static(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "redaksi.core.staticfiles.ProductionStaticFilesStorage"},
    }
    return settings.STATIC_ROOT


def test_collectstatic_with_the_production_storage(production_static):
    call_command("collectstatic", "--noinput", stdout=io.StringIO())
    manifest = json.loads((production_static / "staticfiles.json").read_text())["paths"]
    assert manifest["vendor/htmx-2.0.8.min.js"] != "vendor/htmx-2.0.8.min.js"
    hashed_css = [name for name in manifest if name.endswith(".css")]
    assert hashed_css and all((production_static / manifest[name]).exists() for name in hashed_css)
    assert (production_static / (manifest[hashed_css[0]] + ".gz")).exists()


def test_a_missing_source_map_is_left_alone_and_other_missing_files_still_fail(settings, production_static, tmp_path):
    source = tmp_path / "src"
    (source / "lib").mkdir(parents=True)
    (source / "lib" / "a.js").write_text("var a = 1;\n//# sourceMappingURL=a.js.map\n")
    settings.STATICFILES_DIRS = [source]
    call_command("collectstatic", "--noinput", stdout=io.StringIO())
    manifest = json.loads((production_static / "staticfiles.json").read_text())["paths"]
    assert "//# sourceMappingURL=a.js.map" in (production_static / manifest["lib/a.js"]).read_text()

    (source / "lib" / "b.css").write_text("body { background: url('missing.png'); }\n")
    with pytest.raises(ValueError, match="missing.png"):
        call_command("collectstatic", "--noinput", stdout=io.StringIO())


def test_the_vendored_editor_is_collected_whole(production_static):
    call_command("collectstatic", "--noinput", stdout=io.StringIO())
    paths = json.loads((production_static / "staticfiles.json").read_text())["paths"]
    for name in ("vendor/jodit-4.15.13/jodit.min.js", "vendor/jodit-4.15.13/jodit.min.css", "redaksi/editor.js"):
        assert (production_static / paths[name]).is_file(), name
    assert not any(name.startswith("vendor/trix") for name in paths)
