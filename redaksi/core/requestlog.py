"""JSON log lines for production: UTC times with their offset, the request id and the user id, no secrets.

`RequestContextMiddleware` takes the request id nginx sends (`X-Request-ID`, deploy/nginx/proxy.conf) or
makes one, returns it in the answer, and keeps the request for the formatter while it is handled, so that
every line logged during a request names it. The formatter writes one JSON object per line; values are
never the request's headers, cookies or body, and a message is cut at 4,000 characters.
"""

import contextvars
import json
import logging
import re
import secrets
import traceback
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse

_current = contextvars.ContextVar("redaksi_request", default=None)
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
MESSAGE_LIMIT = 4000


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = given if _REQUEST_ID.fullmatch(given) else secrets.token_hex(16)
        token = _current.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


def current_request_id() -> str | None:
    request = _current.get()
    return getattr(request, "request_id", None) if request is not None else None


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage()[:MESSAGE_LIMIT],
        }
        request = _current.get()
        if request is not None:
            entry["request_id"] = getattr(request, "request_id", None)
            entry["method"] = request.method
            entry["path"] = request.path[:500]
            # Only a user the request already loaded: logging must never query the database itself.
            user = getattr(request, "_cached_user", None)
            if user is not None and getattr(user, "is_authenticated", False):
                entry["user_id"] = user.pk
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info))[-8000:]
        return json.dumps(entry, ensure_ascii=False, default=str)


def sentry_init(dsn: str | None, *, environment: str = "production", release: str | None = None) -> bool:
    """Switch the error reporter on when the env file names a DSN. No personal data is sent."""
    if not dsn:
        return False
    import sentry_sdk  # noqa: PLC0415 - only when asked for
    from sentry_sdk.integrations.django import DjangoIntegration  # noqa: PLC0415

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        traces_sample_rate=0.0,
    )
    return True
