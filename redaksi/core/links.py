"""The address links in mail start with.

REDAKSI_BASE_URL names it in production. Left unset (development), a link made while a request is
served starts with the address that request came in on, so a server on any host and port mails
links that lead back to itself; a link made outside a request (a worker, a command) uses the default.
"""

import contextvars
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar("redaksi_request", default=None)


def base_url() -> str:
    request = _request.get()
    if request is not None and getattr(settings, "REDAKSI_BASE_URL_FROM_REQUEST", False):
        return request.build_absolute_uri("/").rstrip("/")
    return settings.REDAKSI_BASE_URL.rstrip("/")


class RequestOriginMiddleware:
    """Make the request being served known to `base_url` (after CommonMiddleware has checked its host)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
