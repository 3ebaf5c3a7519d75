"""Refusals: every one gets a clear message and a record entry."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from redaksi.core.actor import Actor
from redaksi.core.errors import NotPermitted

from .services import audit_log


def deny(request: HttpRequest, message: str, *, what: str, data: dict[str, Any] | None = None) -> PermissionDenied:
    """Record an `authz.denied` entry and return the exception to raise."""
    audit_log(
        action="authz.denied",
        actor=Actor.from_request(request),
        data={"what": what, "method": request.method, "path": request.path[:300], **(data or {})},
    )
    return PermissionDenied(message)


def call_service(request: HttpRequest, what: str, fn: Callable[[], Any]) -> Any:
    """Run a service; a refusal by role (NotPermitted) becomes a recorded 403."""
    try:
        return fn()
    except NotPermitted as exc:
        raise deny(request, str(exc), what=what) from exc


def system_admin_required(
    view: Callable[..., HttpResponse] | None = None, *, message: str | None = None
) -> Callable[..., HttpResponse]:
    """Only system administrators pass; the refusal names what was refused.

    Use bare (`@system_admin_required`) for the staff screens, or with a message of the page's own.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_staff:
                raise deny(
                    request,
                    message or _("Only a system administrator may manage users, roles and acting officials."),
                    what=view.__name__,
                )
            return view(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate
