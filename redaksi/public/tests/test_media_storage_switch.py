"""A media storage switched without copying the library first (an empty S3 bucket): a rebuild keeps the live
photo files on the site instead of sweeping them away, and says so."""

import io
import logging
from pathlib import Path

import pytest
from django.core.management import call_command

from redaksi.media.tests.s3 import bucket, moto_server
from redaksi.newsroom.tests.factories import advance, new_item
from redaksi.public.render import engine

from .test_media import add_photo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def s3_server():
    with moto_server() as endpoint:
        yield endpoint


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REDAKSI_MEDIA = {"UPLOAD_TEMP_DIR": str(tmp_path / "uploads")}
    return settings.MEDIA_ROOT


def public_media(root: Path) -> dict[str, bytes]:
    folder = root / "media"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_rebuild_on_an_empty_bucket_keeps_every_live_photo_file(
    s3_server, settings, staff, office, category, on_commit, public_root, caplog
):
    item = new_item(staff, office, title="Bupati Tinjau Jembatan Baru", category=category())
    photos = [add_photo(staff, item, 7, lead=True), add_photo(staff, item, 8)]
    with on_commit():
        advance(item, staff, None)
    live = public_media(public_root)
    renditions = sum(p.renditions.count() for p in photos)
    assert len(live) == renditions >= 2 * 9
    stray = public_root / "media" / ("0" * 32) / "w480.jpg"  # a folder no public page shows
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"x")

    with bucket(s3_server, settings):  # REDAKSI_MEDIA_STORAGE=s3, media_migrate forgotten
        with caplog.at_level(logging.WARNING):
            writer = engine.rebuild()
        assert public_media(public_root) == live  # nothing lost, nothing changed
        assert sorted(writer.missing_source) == sorted(live)
        assert not [rel for rel in writer.removed if rel in live]
        assert not stray.exists()  # the sweep still removes what no page owns
        assert f"{renditions} media files kept" in caplog.text
        assert "media source missing, public copy kept" in caplog.text

        # Copied across afterwards, the next rebuild finds every source again and still keeps the files.
        call_command("media_migrate", "--from", "default", "--to", "s3", stdout=io.StringIO())
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            writer = engine.rebuild()
        assert writer.missing_source == []
        assert public_media(public_root) == live
        assert "source missing" not in caplog.text
