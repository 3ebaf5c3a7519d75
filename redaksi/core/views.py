import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("newsroom:desk")
    return redirect("accounts:login")


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception is not None and str(exception) else ""
    return render(request, "403.html", {"message": message}, status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form that came back without its token (an old tab, a session that ended, or another site posting)."""
    logging.getLogger("redaksi.security").warning(
        "CSRF refused: %s %s (%s)", request.method, request.path[:300], reason[:200]
    )
    message = _(
        "This form has expired or did not come from Redaksi, so nothing was saved. "
        "Go back, reload the page and try again."
    )
    return render(request, "403.html", {"message": message}, status=403)
