"""Where media files live: one alias of Django's STORAGES (filesystem by default, S3 in production)."""

import re
import shutil
import tempfile
import unicodedata
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage, storages

from .conf import setting

# Invisible and direction-changing characters (U+202E turns "gpj.exe" into "exe.jpg" on screen).
_BIDI = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def media_storage() -> Storage:
    return storages[setting("STORAGE")]


def new_name(folder: str, extension: str, key: uuid.UUID | None = None) -> str:
    """A stored name: never anything of the user's, only our folder, a uuid and the extension we chose."""
    key = key or uuid.uuid4()
    return f"{folder}/{key.hex[:2]}/{key.hex}.{extension}"


def display_name(filename: str) -> str:
    """The user's file name for showing on the desk: the last path segment, printable, bounded."""
    name = unicodedata.normalize("NFC", str(filename or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = _BIDI.sub("", name)
    name = "".join(ch for ch in name if ch.isprintable()).strip(" .")
    return name[-200:] if len(name) > 200 else name


def save(name: str, fileobj) -> str:
    fileobj.seek(0)
    return media_storage().save(name, File(fileobj, name=name.rsplit("/", 1)[-1]))


def delete(name: str) -> None:
    if name:
        media_storage().delete(name)


@contextmanager
def local_copy(name: str, suffix: str = "") -> Iterator[Path]:
    """A path on local disk for tools that need one (ffmpeg); a temporary copy when the storage is remote."""
    storage = media_storage()
    try:
        path = Path(storage.path(name))
    except NotImplementedError:
        path = None
    if path is not None:
        yield path
        return
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp, storage.open(name, "rb") as source:
        shutil.copyfileobj(source, tmp, 1024 * 1024)
        tmp.flush()
        yield Path(tmp.name)
