import secrets
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# Staff pages load only our own static files; htmx needs no eval. The one inline <style> we
# allow is the rich-text editor's own, which it tags with the per-request nonce.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'nonce-{nonce}'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY.format(nonce=request.csp_nonce))
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if is_staff_answer(request) and "Cache-Control" not in response.headers:
            # Drafts, forms and signed softcopies stay out of every cache (a shared office PC, a proxy).
            response.headers["Cache-Control"] = "private, no-store"
        if is_staff_answer(request):
            # Staff addresses are kept out of search engines by this header, not listed in robots.txt.
            response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
        return response


def is_staff_answer(request: HttpRequest) -> bool:
    """Anything Django routed outside the public site's views (which set their own caching)."""
    match = getattr(request, "resolver_match", None)
    return match is not None and "public" not in match.namespaces


class TrustedProxyMiddleware:
    """Behind nginx every request comes from the proxy: take the client's address from X-Real-IP,
    but only when the request really came from a proxy we trust (REDAKSI_TRUSTED_PROXIES)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from django.conf import settings

        self.get_response = get_response
        self.trusted = frozenset(getattr(settings, "REDAKSI_TRUSTED_PROXIES", ()))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.trusted and request.META.get("REMOTE_ADDR") in self.trusted:
            real = request.META.get("HTTP_X_REAL_IP", "").strip()
            if real and len(real) <= 45:
                request.META["REMOTE_ADDR"] = real
        return self.get_response(request)
