"""Backup → wipe → restore: the same rows, the same files, a chain that verifies; wrong keys and damage refused."""

import hashlib
import io
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from redaksi.newsroom.tests.factories import advance, new_item

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def install(settings, tmp_path, django_capture_on_commit_callbacks, staff, office):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REDAKSI_PUBLIC_ROOT = tmp_path / "site"
    with django_capture_on_commit_callbacks(execute=True):
        advance(new_item(staff, office, title="Berita Cadangan Pertama"), staff, None)
    (tmp_path / "media" / "originals").mkdir(parents=True)
    (tmp_path / "media" / "originals" / "foto.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    call_command("public_rebuild", "--quiet-progress", stdout=io.StringIO())
    return tmp_path


def rows() -> dict[str, list]:
    return {
        model._meta.label: sorted(map(repr, model.objects.order_by("pk").values_list()))
        for model in apps.get_models()
        if model._meta.managed
    }


def files(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


def backup(to: Path) -> Path:
    out = io.StringIO()
    call_command("backup", "--to", str(to), stdout=out)
    return Path(out.getvalue().split("Backup made: ")[1].splitlines()[0])


def test_backup_wipe_restore_round_trip(install, settings):
    before = rows(), files(install / "media"), files(install / "site")
    assert before[0]["audit.AuditEntry"] and before[2]
    folder = backup(install / "backups")
    manifest = json.loads((folder / "manifest.json").read_text())
    database = "database.sqlite3" if connection.vendor == "sqlite" else "database.dump"  # pg_dump on PostgreSQL
    assert set(manifest["files"]) == {database, "media.tar", "public_site.tar"}
    assert settings.AUDIT_HMAC_KEY not in (folder / "manifest.json").read_text()

    call_command("flush", "--noinput")
    for name in ("media", "site"):
        for p in sorted((install / name).rglob("*"), reverse=True):
            p.unlink() if p.is_file() else p.rmdir()
    assert rows() != before[0]

    out = io.StringIO()
    call_command("restore", str(folder), "--yes", stdout=out)
    assert rows() == before[0]
    assert (files(install / "media"), files(install / "site")) == before[1:]
    assert "Audit chain intact" in out.getvalue()


def test_a_restore_with_another_audit_key_says_so_and_changes_nothing(install, settings):
    folder = backup(install / "backups")
    settings.AUDIT_HMAC_KEY = "another-install-key"
    (install / "media" / "new.txt").write_text("made after the backup")
    with pytest.raises(CommandError, match="^wrong audit key: .*nothing was changed"):
        call_command("restore", str(folder), "--yes")
    assert (install / "media" / "new.txt").exists()


def test_a_damaged_backup_is_refused(install):
    folder = backup(install / "backups")
    with (folder / "media.tar").open("r+b") as fh:
        fh.seek(600)
        fh.write(b"X")
    with pytest.raises(CommandError, match="media.tar is missing or damaged"):
        call_command("restore", str(folder), "--check")


def test_keep_removes_all_but_the_newest(install, time_machine):
    for day in (1, 2, 3):
        time_machine.move_to(f"2026-12-0{day} 01:00Z")
        call_command("backup", "--to", str(install / "backups"), "--keep", "2", stdout=io.StringIO())
    assert sorted(p.name for p in (install / "backups").iterdir()) == [
        "redaksi-20261202T010000Z",
        "redaksi-20261203T010000Z",
    ]


def test_an_archive_entry_outside_its_folder_is_refused(tmp_path):
    import tarfile

    from redaksi.core.backup import BackupError, _extract

    evil = tmp_path / "evil.tar"
    with tarfile.open(evil, "w") as tar:
        info = tarfile.TarInfo("../outside.txt")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with tarfile.open(evil) as tar, pytest.raises(BackupError, match="unsafe entry"):
        _extract(tar, tmp_path / "into")
    assert not (tmp_path / "outside.txt").exists()
