"""The rendered site's files handed out before Django, for installs without nginx in front.

`make run` and a small office's single server serve the public site from the app. Each page is a
file already, so a request for one needs no middleware, session, URL routing or template: this
WSGI wrapper answers it from the folder with the same headers as `views.serve`, and leaves
everything else to Django: staff addresses, unknown paths (the friendly 404), taken-down items
(410), redirects, other methods, and files too big to read into memory (streamed by Django).
"""

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from . import views
from .render import files

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WSGIApp = Callable[[Environ, StartResponse], Iterable[bytes]]


def staff_prefixes() -> tuple[str, ...]:
    """The first path segments owned by anything but the public site: never answered from the folder."""
    prefixes = {settings.STATIC_URL, settings.MEDIA_URL}

    def walk(patterns: list, base: str) -> None:
        for entry in patterns:
            route = base + str(entry.pattern)
            if isinstance(entry, URLResolver):
                if getattr(entry, "namespace", None) == "public":
                    continue
                walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern):
                head = route.split("<", 1)[0].lstrip("^")
                if head:
                    prefixes.add("/" + head.split("/", 1)[0] + ("/" if "/" in head else ""))

    walk(get_resolver().url_patterns, "")
    return tuple(sorted(p for p in prefixes if p and p != "/"))


class PublicFiles:
    def __init__(self, app: WSGIApp) -> None:
        self.app = app
        self._root: Path | None = None
        self._reserved: tuple[str, ...] | None = None

    def _setup(self) -> tuple[Path, tuple[str, ...]]:
        if self._root is None or self._reserved is None:
            self._root = files.root().resolve()
            self._reserved = staff_prefixes()
        return self._root, self._reserved

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        if method in ("GET", "HEAD"):
            answer = self._answer(environ, start_response, head=method == "HEAD")
            if answer is not None:
                return answer
        return self.app(environ, start_response)

    def _target(self, path: str) -> tuple[Path, Path, str] | None:
        root, reserved = self._setup()
        if not path.startswith("/") or path.startswith(reserved):
            return None
        rel = views._relative(path[1:])
        if rel is None:
            return None
        if rel == "" or rel.endswith("/"):
            folder = root / rel if rel else root
            if (folder / files.TOMBSTONE).exists():
                return None  # Django answers 410
            return root, folder / "index.html", ".html"
        target = root / rel
        return root, target, target.suffix

    def _answer(self, environ: Environ, start_response: StartResponse, *, head: bool) -> list[bytes] | None:
        found = self._target(environ.get("PATH_INFO", ""))
        if found is None:
            return None
        root, target, suffix = found
        try:
            stat = target.stat()
            # A symlink or a `..` that leaves the folder is never followed: Django decides.
            if not Path(os.path.realpath(target)).is_relative_to(root):
                return None
            if stat.st_size > views.BIG_FILE or not target.is_file():
                return None
            headers = views.file_headers(target, suffix, stat, views.FEED_TYPES.get(target.name))
            if headers is None:
                return None
            data = b"" if head else target.read_bytes()
        except OSError:
            return None
        common = [
            ("ETag", headers.etag),
            ("Last-Modified", headers.last_modified),
            ("Cache-Control", headers.cache),
            *views.SECURITY_HEADERS.items(),
        ]
        if environ.get("HTTP_IF_NONE_MATCH") == headers.etag:
            start_response("304 Not Modified", common)
            return []
        start_response(
            "200 OK",
            [("Content-Type", headers.content_type), ("Content-Length", str(stat.st_size)), *common],
        )
        return [data]
