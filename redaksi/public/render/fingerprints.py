"""What each page was drawn from, so that a rebuild can skip the pages whose inputs have not changed.

Beside the pages, `.fingerprints.json` maps a file to the digest of its inputs and the file's size and
modification time when the rebuild wrote (or kept) it. A page is skipped only when its digest is the same
and the file on disk is the one that was recorded: a publish that rewrites a page, or a person who deletes
one, changes its stat, and the next rebuild draws it again. The digest covers the page's own inputs, the
render version (templates, render code, translations, the settings that appear in pages) and the parts
every page shares (masthead, navigation, footer, asset names).
"""

import hashlib
import json
import os
from functools import cache
from pathlib import Path

from django.conf import settings

from . import files

STORE = ".fingerprints.json"
_APP = Path(__file__).resolve().parent.parent  # redaksi/public
# REDAKSI_PUBLIC holds the site's address and page size; the others appear in pages too.
_SETTINGS = ("REDAKSI_PUBLIC", "REDAKSI_BASE_URL", "LANGUAGE_CODE", "TIME_ZONE")


@cache
def _code_version() -> str:
    digest = hashlib.blake2b(digest_size=16)
    sources = (
        (_APP / "render", "*.py"),
        (_APP / "templates" / "public", "**/*"),
        (_APP.parent / "media" / "templatetags", "*.py"),
        (_APP.parent / "media" / "templates" / "media", "_picture.html"),
        (_APP.parent / "media", "*selectors.py"),
        (_APP.parent / "newsroom", "sanitize.py"),
        (_APP.parent / "newsroom", "selectors.py"),
        (Path(settings.BASE_DIR) / "locale", "*/LC_MESSAGES/django.mo"),
    )
    for folder, pattern in sources:
        for path in sorted(folder.glob(pattern)):
            if path.is_file():
                digest.update(path.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def render_version(shared: str) -> str:
    """The code, templates, translations and settings the pages come from, and the parts all pages share."""
    values = [repr(getattr(settings, name, None)) for name in _SETTINGS]
    return hashlib.blake2b("\0".join([_code_version(), shared, *values]).encode(), digest_size=16).hexdigest()


def digest(version: str, inputs: object) -> str:
    return hashlib.blake2b(f"{version}\0{inputs!r}".encode(), digest_size=12).hexdigest()


class Store:
    """The recorded fingerprints of one folder, read at the start of a rebuild and written at its end."""

    def __init__(self) -> None:
        self.root = str(files.root())
        self.path = files.root() / STORE
        try:
            self.old: dict[str, list] = json.loads(self.path.read_text())
        except (FileNotFoundError, ValueError):
            self.old = {}
        if not isinstance(self.old, dict):
            self.old = {}
        self.new: dict[str, list] = {}

    def fresh(self, rel: str, page_digest: str) -> bool:
        """The file on disk was drawn from these very inputs (and nobody has touched it since)."""
        entry = self.old.get(rel)
        if not entry or entry[0] != page_digest:
            return False
        try:
            stat = os.stat(os.path.join(self.root, rel))
        except FileNotFoundError:
            return False
        if [stat.st_mtime_ns, stat.st_size] != entry[1:]:
            return False
        self.new[rel] = entry
        return True

    def record(self, rel: str, page_digest: str) -> None:
        stat = os.stat(os.path.join(self.root, rel))
        self.new[rel] = [page_digest, stat.st_mtime_ns, stat.st_size]

    def save(self) -> None:
        files.write_atomic(self.path, json.dumps(self.new, separators=(",", ":")).encode(), durable=False)


def forget() -> None:
    """Drop every fingerprint: the next rebuild draws every page."""
    (files.root() / STORE).unlink(missing_ok=True)
