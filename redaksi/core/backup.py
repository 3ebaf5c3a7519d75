"""Backup and restore of an install: the database, the media library, the rendered site, and a manifest.

A backup is a folder `redaksi-<UTC time>/` holding `database.dump` (pg_dump's custom format) or
`database.sqlite3` (SQLite's backup API), `media.tar` and `public_site.tar`, and `manifest.json` with the
SHA-256 of each file. The audit key is never in a backup: the manifest names it by fingerprint only, so a
restore made with another key stops at once with "wrong audit key" instead of reporting a chain that
looks tampered with.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.db import connection

FORMAT = 1
MANIFEST = "manifest.json"


class BackupError(Exception):
    """Anything that stops a backup or a restore; the message is for the operator."""


class WrongAuditKey(BackupError):
    pass


def audit_key_fingerprint(key: str | None = None) -> str:
    """Names the key without revealing it (a hash of a hash, 16 hex digits)."""
    key = settings.AUDIT_HMAC_KEY if key is None else key
    return hashlib.sha256(b"redaksi-audit-key:" + hashlib.sha256(key.encode()).digest()).hexdigest()[:16]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_root() -> Path | None:
    """The media library's folder when it is on this disk; None for object storage (back up the bucket)."""
    alias = (getattr(settings, "REDAKSI_MEDIA", None) or {}).get("STORAGE", "default")
    location = getattr(storages[alias], "location", None)
    return Path(location) if location else None


def public_root() -> Path:
    return Path(settings.REDAKSI_PUBLIC_ROOT)


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or "", "PGCONNECT_TIMEOUT": "10"}
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or ""]
    return args, env


def _run(cmd: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)  # noqa: S603 - our own argument list
    if result.returncode != 0:
        raise BackupError(f"{cmd[0]} failed: {result.stderr.strip()[:2000]}")


def _tar(folder: Path | None, target: Path) -> None:
    with tarfile.open(target, "w") as tar:
        if folder is not None and folder.exists():
            for child in sorted(folder.iterdir()):
                tar.add(child, arcname=child.name)


@dataclass
class Backup:
    folder: Path
    manifest: dict


def backup_create(*, to: Path) -> Backup:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    to.mkdir(parents=True, exist_ok=True)
    final = to / f"redaksi-{stamp}"
    if final.exists():
        raise BackupError(f"{final} exists already")
    work = Path(tempfile.mkdtemp(prefix=f".redaksi-{stamp}-", dir=to))
    try:
        vendor = connection.vendor
        if vendor == "postgresql":
            args, env = _pg_env()
            name = settings.DATABASES["default"]["NAME"]
            _run(["pg_dump", *args, "-Fc", "--no-owner", "--no-acl", "-f", str(work / "database.dump"), name], env)
        elif vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(work / "database.sqlite3")
            with target:
                connection.connection.backup(target)
            target.close()
        else:
            raise BackupError(f"no backup for the {vendor} database")
        media = media_root()
        _tar(media, work / "media.tar")
        _tar(public_root(), work / "public_site.tar")
        files = {p.name: {"sha256": sha256_file(p), "bytes": p.stat().st_size} for p in sorted(work.iterdir())}
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(),
            "database": vendor,
            "media": "files" if media is not None else "object storage (not in this backup)",
            "audit_key_fingerprint": audit_key_fingerprint(),
            "files": files,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        work.chmod(0o700)
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return Backup(final, manifest)


def backup_check(folder: Path) -> dict:
    """The manifest of a backup whose every file is whole, made with this install's audit key."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder}: no readable {MANIFEST} ({exc})") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{folder}: backup format {manifest.get('format')!r} is not {FORMAT}")
    for name, meta in manifest["files"].items():
        path = folder / name
        if not path.is_file() or sha256_file(path) != meta["sha256"]:
            raise BackupError(f"{folder}: {name} is missing or damaged (its SHA-256 differs from the manifest)")
    mine = audit_key_fingerprint()
    if manifest["audit_key_fingerprint"] != mine:
        raise WrongAuditKey(
            f"wrong audit key: the backup was made with the key whose fingerprint is "
            f"{manifest['audit_key_fingerprint']}, this install's key is {mine}. Put the audit key kept with "
            f"the backup in REDAKSI_AUDIT_KEY_FILE, then restore again; nothing was changed."
        )
    return manifest


def _extract(tar: tarfile.TarFile, into: Path) -> None:
    """Folders and regular files only, each inside `into` (Debian 12's Python 3.11.2 has no extraction filter)."""
    root = into.resolve()
    for member in tar.getmembers():
        target = (root / member.name).resolve()
        if not target.is_relative_to(root) or not (member.isdir() or member.isfile()):
            raise BackupError(f"unsafe entry in the archive: {member.name!r}")
        if member.isdir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with tar.extractfile(member) as source, target.open("wb") as out:
            shutil.copyfileobj(source, out, 1 << 20)
        os.utime(target, (member.mtime, member.mtime))
        target.chmod(member.mode & 0o755)


def _swap_in(archive: Path, folder: Path) -> None:
    """Unpack into a fresh sibling folder, then put it in place of the old one (kept until the end)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{folder.name}-restore-", dir=folder.parent))
    try:
        with tarfile.open(archive) as tar:
            _extract(tar, fresh)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    fresh.chmod(folder.stat().st_mode & 0o777 if folder.exists() else 0o750)
    old = folder.with_name(f".{folder.name}-before-restore")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.rename(old)
    fresh.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def backup_restore(*, folder: Path) -> dict:
    manifest = backup_check(folder)
    if manifest["database"] != connection.vendor:
        raise BackupError(f"the backup holds a {manifest['database']} database; this install uses {connection.vendor}")
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        name = settings.DATABASES["default"]["NAME"]
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        connection.close()
        _run(
            [
                "pg_restore",
                *args,
                "--no-owner",
                "--no-acl",
                "--exit-on-error",
                "-d",
                name,
                str(folder / "database.dump"),
            ],
            env,
        )
    else:
        connection.ensure_connection()
        source = sqlite3.connect(folder / "database.sqlite3")
        source.backup(connection.connection)
        source.close()
    media = media_root()
    if media is not None and manifest["media"] == "files":
        _swap_in(folder / "media.tar", media)
    _swap_in(folder / "public_site.tar", public_root())
    return manifest
