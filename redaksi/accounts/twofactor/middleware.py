"""Approvers and administrators reach nothing but setting up and giving their second factor until they have."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from . import devices, required

# Pages a session that still owes its second factor may open: this app's own, logging out, the language,
# and the pages that never needed a login (the approval link by mail, the softcopy check, the public site).
ALLOWED = {"accounts:logout", "set_language", "notify:approval", "notify:verify"}


def allowed(request: HttpRequest) -> bool:
    match = request.resolver_match
    if match is None:
        return True
    return (
        match.view_name in ALLOWED or match.namespaces[:2] == ["accounts", "twofactor"] or "public" in match.namespaces
    )


class TwoFactorRequiredMiddleware:
    """After django-otp's OTPMiddleware, which tells whether this session showed a second factor."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user.is_verified() or allowed(request):
            return None
        if not required.must_have_second_factor(user):
            return None
        name = "accounts:twofactor:login_code" if devices.has_second_factor(user) else "accounts:twofactor:setup"
        url = reverse(name)
        if request.method == "GET" and not request.headers.get("HX-Request"):
            url += "?" + urlencode({"next": request.get_full_path()})
        response = HttpResponseRedirect(url)
        if request.headers.get("HX-Request"):
            response["HX-Redirect"] = url
        return response
