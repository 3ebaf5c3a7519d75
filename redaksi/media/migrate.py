"""Copying the media library from one storage to another (the filesystem to S3), never deleting the source.

Every file a row names is copied under the same name and read back: its size and SHA-256 must match the
source's. A file already at the target with the same size and SHA-256 is left alone, so a second run copies
nothing and an interrupted run picks up where it stopped. A half-written or different copy at the target is
replaced; the source is only ever read.
"""

import hashlib
import logging
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.core.files import File
from django.core.files.storage import Storage

from .conf import upload_temp_dir
from .models import Photo, Rendition, Video

log = logging.getLogger(__name__)
CHUNK = 1024 * 1024


class CopyMismatch(Exception):
    """The target's copy does not read back as the source's bytes."""


@dataclass
class MigrateReport:
    total: int = 0
    copied: int = 0
    present: int = 0  # already at the target, same size and SHA-256
    target_only: int = 0  # absent from the source but at the target (uploaded after the switch)
    missing: list[str] = field(default_factory=list)  # named by a row, absent from the source
    failed: list[tuple[str, str]] = field(default_factory=list)  # (name, why)
    bytes_copied: int = 0

    @property
    def done(self) -> int:
        return self.copied + self.present + self.target_only + len(self.missing) + len(self.failed)


def stored_names() -> Iterator[str]:
    """Every stored media file, once: photo originals and renditions, video originals, posters and web files."""
    seen: set[str] = set()
    columns = [
        (Photo.objects.order_by("pk"), ("original",)),
        (Rendition.objects.order_by("pk"), ("file",)),
        (Video.objects.order_by("pk"), ("original", "poster", "web")),
    ]
    for queryset, fields in columns:
        for row in queryset.values_list(*fields).iterator(chunk_size=2000):
            for name in row:
                if name and name not in seen:
                    seen.add(name)
                    yield name


def _digest(storage: Storage, name: str) -> tuple[int, str]:
    sha, size = hashlib.sha256(), 0
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            sha.update(chunk)
            size += len(chunk)
    return size, sha.hexdigest()


def _size(storage: Storage, name: str) -> int | None:
    try:
        return storage.size(name)
    except FileNotFoundError:
        return None


def copy_one(source: Storage, target: Storage, name: str) -> tuple[str, int]:
    """Copy `name` from `source` to `target`: ("copied", bytes) or ("present", 0). FileNotFoundError: no source."""
    with tempfile.TemporaryFile(dir=upload_temp_dir()) as spool:
        sha, size = hashlib.sha256(), 0
        with source.open(name, "rb") as handle:
            while chunk := handle.read(CHUNK):
                sha.update(chunk)
                spool.write(chunk)
                size += len(chunk)
        digest = sha.hexdigest()
        there = _size(target, name)
        if there is not None:
            if there == size and _digest(target, name) == (size, digest):
                return "present", 0
            # A copy cut short by an earlier run, or different bytes: the target's copy goes, never the source.
            target.delete(name)
        spool.seek(0)
        saved = target.save(name, File(spool, name=name.rsplit("/", 1)[-1]))
        if saved != name:
            raise CopyMismatch(f"the target stored it as {saved}")
        if _digest(target, name) != (size, digest):
            raise CopyMismatch("the copy does not read back as the source (size or SHA-256 differ)")
    return "copied", size


def media_migrate(
    *, source: Storage, target: Storage, progress: Callable[[MigrateReport], None] | None = None
) -> MigrateReport:
    """Copy every stored media file from `source` to `target`; see the module's text. Deletes nothing at the source."""
    report = MigrateReport()
    names = list(stored_names())
    report.total = len(names)
    for name in names:
        try:
            outcome, size = copy_one(source, target, name)
        except FileNotFoundError:
            if _size(target, name) is not None:
                report.target_only += 1  # the catch-up run after the switch: made there, nothing to copy
            else:
                log.warning("media_migrate: %s is named by a row but absent from the source storage", name)
                report.missing.append(name)
        except Exception as error:  # noqa: BLE001 - one bad file must not stop the library's copy
            log.warning("media_migrate: %s could not be copied: %s", name, error)
            report.failed.append((name, str(error) or type(error).__name__))
        else:
            if outcome == "copied":
                report.copied += 1
                report.bytes_copied += size
            else:
                report.present += 1
        if progress:
            progress(report)
    return report
