"""The rendered folder: atomic writes, tombstones, a lock, and the static assets copied beside the pages."""

import contextlib
import fcntl
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

from .. import colour

TOMBSTONE = ".gone"  # a file in an item's folder: the item was taken down, answer 410
MOVED = ".moved"  # a file in a former address's folder: the page moved to the address it holds, answer 301
ASSETS = {"css": "public/site.css", "js": "public/site.js"}


def root() -> Path:
    return Path(settings.REDAKSI_PUBLIC_ROOT)


def file_for(url: str) -> str:
    """The file (relative to the root) that holds the page at `url`."""
    rel = url.lstrip("/")
    return rel + "index.html" if rel == "" or rel.endswith("/") else rel


@dataclass
class Writer:
    """Writes pages under the root; remembers what it touched, so a publish can be shown to stay small."""

    durable: bool = True
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # not drawn: drawn before from the same inputs
    missing_source: list[str] = field(default_factory=list)  # media copies whose source the storage lacks

    def write(self, rel: str, content: str | bytes) -> bool:
        data = content.encode() if isinstance(content, str) else content
        target = root() / rel
        with contextlib.suppress(FileNotFoundError):
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                # Unchanged pages keep their time stamp, so their ETag and every cache stay valid.
                self.unchanged.append(rel)
                return False
        write_atomic(target, data, durable=self.durable)
        self.written.append(rel)
        return True

    def remove(self, rel: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            (root() / rel).unlink()
            self.removed.append(rel)

    @property
    def touched(self) -> list[str]:
        return self.written + self.removed


def write_atomic(target: Path, data: bytes, *, durable: bool = True) -> None:
    """Readers see the old file or the new one, never half of one: write aside, then rename over."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; nginx reads as another user
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def render_lock() -> Iterator[None]:
    """One renderer at a time on this machine: two publishes must not write stale listings over each other."""
    root().mkdir(parents=True, exist_ok=True)
    with open(root() / ".render.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@cache
def _asset(kind: str) -> tuple[str, bytes]:
    source = finders.find(ASSETS[kind])
    data = Path(source).read_bytes()
    return f"aset/site.{hashlib.sha256(data).hexdigest()[:10]}.{kind}", data


def asset_urls() -> dict[str, str]:
    """Addresses of the stylesheet and script, named by their content so they can be cached forever."""
    urls = {}
    for kind in ASSETS:
        rel, data = _asset(kind)
        target = root() / rel
        if not target.exists():
            write_atomic(target, data)
        urls[kind] = "/" + rel
    return urls


def logo_asset(profile) -> dict | None:
    """The masthead logo (PNG re-encoded at upload), written once under a name from its content."""
    data = bytes(profile.logo_png or b"") if profile is not None else b""
    if not data:
        return None
    rel = f"aset/logo.{hashlib.sha256(data).hexdigest()[:10]}.png"
    target = root() / rel
    if not target.exists():
        write_atomic(target, data)
    return {"url": "/" + rel, "width": profile.logo_width, "height": profile.logo_height}


def brand_asset(profile) -> str | None:
    """The office's colour as a tiny stylesheet after site.css (the CSP forbids inline styles); None for the default."""
    value = getattr(profile, "brand_colour", "") or colour.DEFAULT
    if value == colour.DEFAULT:
        return None
    data = colour.stylesheet(value).encode()
    rel = f"aset/warna.{hashlib.sha256(data).hexdigest()[:10]}.css"
    target = root() / rel
    if not target.exists():
        write_atomic(target, data)
    return "/" + rel


@dataclass
class Page:
    """One file of the site as a page kind describes it: where it goes, how to draw it, what it shows.

    `draw` None means the file leaves the site. `inputs`, when given, returns everything the page shows
    (a repr-able value): a rebuild skips drawing a page whose inputs have not changed since it was written.
    """

    rel: str
    draw: Callable[[], str | bytes] | None
    inputs: Callable[[], object] | None = None
