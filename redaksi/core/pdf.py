"""One way to draw a PDF from HTML: WeasyPrint with a fetcher that never reaches the network.

Drawing is slow (seconds), so callers run it in a task, never inside a request. The HTML may
hold text that users wrote: an `<img src>` naming an internal address must never be fetched
(bad input 34). The fetcher gives WeasyPrint `data:` URIs and, when asked, our own static
files read from disk; anything else is refused.
"""

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage


def static_prefix(base_url: str) -> str:
    """The address our static files have under `base_url`, as the HTML's `{% static %}` links name them."""
    return urljoin(base_url, settings.STATIC_URL)


def _static_path(name: str) -> str | None:
    if staticfiles_storage.exists(name):
        return staticfiles_storage.path(name)
    return finders.find(name)


def _fetcher(static: str | None) -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class OurFilesOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if static and url.startswith(static):
                path = _static_path(urlsplit(url[len(static) :]).path)
                if path:
                    mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, Path(path).read_bytes(), {"Content-Type": mime})
            raise ValueError(f"a PDF loads only data: URIs and our static files, not {url}")

    return OurFilesOnly(allowed_protocols=("data", "http", "https"))


def render_pdf(html: str, *, base_url: str, with_static: bool = False) -> bytes:
    """The PDF of `html`. Relative links resolve against `base_url`; static files load only when asked."""
    from weasyprint import HTML  # heavy (fonts, Pango): loaded by the tasks that draw, not by every process

    fetcher = _fetcher(static_prefix(base_url) if with_static else None)
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()
