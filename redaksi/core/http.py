"""Small helpers every app's views share: bound forms, service errors onto forms, JSON errors."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse


def post_data(request: HttpRequest):
    """The POST data for a form, or None on GET.

    A POST with an empty body must still be a bound (and so invalid) form, not a fresh one.
    """
    return request.POST if request.method == "POST" else None


def apply_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has one, else on the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def error_text(exc: ValidationError) -> str:
    """A ValidationError's messages as one sentence for a flash message or a JSON answer."""
    return " ".join(exc.messages)


def json_error(message: str, status: int, **extra: Any) -> JsonResponse:
    """The answer of the upload endpoints to bad input: `{"ok": false, "error": ...}` with a status."""
    return JsonResponse({"ok": False, "error": message, **extra}, status=status)
