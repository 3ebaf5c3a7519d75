"""The public site in the app: the rendered folder, the search, and the read counter.

Each view parses, calls one function, and answers. None of them touches the session or the CSRF
token, so no public response carries a cookie.
"""

import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path

from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.urls import Resolver404, resolve
from django.utils.http import http_date, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from . import counter, site, tasks
from . import search as search_module
from .render import files, pages

# Pages load only their own stylesheet, script, photos and videos; the one frame allowed is YouTube's
# privacy-enhanced player; nobody may frame them.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src 'self' data: https:; media-src 'self'; style-src 'self'; script-src 'self'; "
    "frame-src https://www.youtube-nocookie.com; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'; object-src 'none'"
)
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".mp4": "video/mp4",
}
# Photos and videos copied beside the pages: an hour in caches, then revalidated (a takedown removes them).
MEDIA_CACHE = "public, max-age=3600"
FEED_TYPES = {"rss.xml": "application/rss+xml; charset=utf-8", "atom.xml": "application/atom+xml; charset=utf-8"}
MAX_PATH = 1000
# Browsers check back every time (a cheap 304 by ETag), so a takedown is seen at once.
PAGE_CACHE = "public, max-age=0, must-revalidate"
BIG_FILE = 4 * 1024 * 1024
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


def secure(response: HttpResponse, *, cache: str = PAGE_CACHE) -> HttpResponse:
    for name, value in SECURITY_HEADERS.items():
        response[name] = value
    response.setdefault("Cache-Control", cache)
    return response


def _relative(path: str) -> str | None:
    """The path as a relative file name, or None when it tries to leave the folder or reach hidden files."""
    if path == "":
        return ""
    if len(path) > MAX_PATH or "\x00" in path or "\\" in path:
        return None
    parts = path.split("/")
    for part in parts[:-1] if path.endswith("/") else parts:
        if part in ("", ".", "..") or part.startswith("."):
            return None
    return path


def _inside(root: Path, rel: str) -> Path | None:
    try:
        target = (root / rel).resolve()
    except (OSError, ValueError):
        return None
    return target if target == root or target.is_relative_to(root) else None


def serve(request: HttpRequest, path: str = "") -> HttpResponse:
    rel = _relative(path)
    root = files.root().resolve()
    if request.method not in ("GET", "HEAD"):
        # Only an address that exists is a resource whose methods can be wrong; any other is unknown.
        target = _inside(root, rel) if rel is not None else None
        exists = target is not None and (target.is_file() or (target / "index.html").is_file())
        return HttpResponseNotAllowed(["GET", "HEAD"]) if exists else not_found(request)
    if rel is None:
        return not_found(request)
    if rel == "" or rel.endswith("/"):
        folder = _inside(root, rel or ".")
        if folder is None:
            return not_found(request)
        if (folder / files.TOMBSTONE).is_file():
            return _error(request, 410)
        moved = _moved_to(root, folder)
        if moved is not None:
            query = request.META.get("QUERY_STRING", "")
            return secure(HttpResponsePermanentRedirect(moved + (f"?{query}" if query else "")))
        return _file(request, folder / "index.html", ".html")
    target = _inside(root, rel)
    if target is not None and target.is_file():
        return _file(request, target, target.suffix, feed=FEED_TYPES.get(target.name))
    if _has_slash_version(target, path):
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"/{path}/" + (f"?{query}" if query else ""))
    return not_found(request)


MOVES_FOLLOWED = 5


def _moved_to(root: Path, folder: Path) -> str | None:
    """Where a page that left this folder lives now: one 301 to its newest address, however often it moved."""
    address = None
    for _hop in range(MOVES_FOLLOWED):
        if (folder / "index.html").is_file():
            break
        try:
            target = (folder / files.MOVED).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            break
        rel = _relative(target[1:]) if target.startswith("/") and not target.startswith("//") else None
        next_folder = _inside(root, rel) if rel and rel.endswith("/") else None
        if next_folder is None or not next_folder.is_dir():
            break  # not a page of this site: never redirect readers elsewhere, nor to nothing
        address, folder = target, next_folder
    return address


def _has_slash_version(target: Path | None, path: str) -> bool:
    if target is not None and target.is_dir():
        return True
    try:
        match = resolve(f"/{path}/")
    except Resolver404:
        return False
    return match.url_name not in {"file", "home"} and url_has_allowed_host_and_scheme(f"/{path}/", None)


@dataclass(frozen=True)
class FileHeaders:
    content_type: str
    etag: str
    last_modified: str
    cache: str


def file_headers(target: Path, suffix: str, stat: os.stat_result, feed: str | None = None) -> FileHeaders | None:
    """How a rendered file is answered, or None for a kind of file the renderer never writes."""
    content_type = feed or TYPES.get(suffix) or mimetypes.guess_type(target.name)[0]
    if content_type is None:
        return None
    immutable = "/aset/" in target.as_posix()
    is_media = suffix in (".jpg", ".png", ".webp", ".avif", ".mp4")
    return FileHeaders(
        content_type=content_type,
        etag=f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"',
        last_modified=http_date(stat.st_mtime),
        cache="public, max-age=31536000, immutable" if immutable else MEDIA_CACHE if is_media else PAGE_CACHE,
    )


def _file(request: HttpRequest, target: Path, suffix: str, feed: str | None = None) -> HttpResponse:
    try:
        stat = target.stat()
        # A video is streamed from disk, not read into memory; pages and photos are small.
        big = stat.st_size > BIG_FILE
        data = b"" if request.method == "HEAD" or big else target.read_bytes()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return not_found(request)
    headers = file_headers(target, suffix, stat, feed)
    if headers is None:
        return not_found(request)  # only the kinds of files the renderer writes
    if request.headers.get("If-None-Match") == headers.etag:
        response = HttpResponse(status=304)
    elif big and request.method != "HEAD":
        response = FileResponse(target.open("rb"), content_type=headers.content_type)
    else:
        response = HttpResponse(data, content_type=headers.content_type)
        response["Content-Length"] = str(stat.st_size)
    response["ETag"] = headers.etag
    response["Last-Modified"] = headers.last_modified
    return secure(response, cache=headers.cache)


def _error(request: HttpRequest, status: int) -> HttpResponse:
    stored = files.root() / f"{status}.html"
    try:
        body = stored.read_bytes()
    except FileNotFoundError:
        office = site.site_office()
        with override("id"):
            body = pages.error_page(office, status).encode()
    return secure(HttpResponse(body, status=status, content_type=TYPES[".html"]), cache="no-cache")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404)


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    office = site.site_office()
    if office is None:
        return not_found(request)
    query = request.GET.get("q", "")
    try:
        page = min(max(int(request.GET.get("halaman", "1")), 1), 50)
    except ValueError:
        page = 1
    size = 20
    status, error, results = 200, "", []
    try:
        found = search_module.search(office, query, offset=(page - 1) * size, limit=size + 1)
    except search_module.QueryTooLong:
        found = []
        status = 400
        error = _("The search words are too long. Use at most %(n)s characters.") % {"n": search_module.MAX_QUERY}
        query = query[:60]
    with override("id"):
        ctx = pages.base_context(office)
        results = pages.cards_of(found[:size])
        from urllib.parse import urlencode

        ctx.update(
            query=query,
            error=error,
            results=results,
            next_url=f"/cari/?{urlencode({'q': query, 'halaman': page + 1})}" if len(found) > size else "",
            previous_url=f"/cari/?{urlencode({'q': query, 'halaman': page - 1})}" if page > 1 else "",
        )
        body = pages.render("public/search.html", ctx)
    return secure(HttpResponse(body, status=status), cache="no-cache")


@csrf_exempt  # a read count from a static page: no session, nothing to forge
@require_POST
def read(request: HttpRequest, pk: int) -> JsonResponse:
    office = site.site_office()
    if office is None or not tasks.is_public(office, pk):
        return secure(JsonResponse({"error": _("This news item is not on the website.")}, status=404), cache="no-store")
    if not counter.is_bot(request.headers.get("User-Agent", "")) and counter.record_view(pk):
        tasks.schedule_flush()
    return secure(JsonResponse({"views": counter.total(pk)}), cache="no-store")
