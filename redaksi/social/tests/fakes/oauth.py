"""The OAuth 2.0 side of the X and YouTube fakes: the authorize page and the token endpoint (RFC 6749 §4.1, §6,
RFC 7636 PKCE), as X's "OAuth 2.0 Authorization Code Flow with PKCE" and Google's "Using OAuth 2.0 for Web Server
Applications" describe them: form-encoded requests, JSON answers, errors as {"error": …, "error_description": …}.

The authorize page approves at once and redirects to redirect_uri with code and state (a person's consent is the
network's business). Every issued access token replaces the fake's `token`, so the one before it stops working,
as an expired one does. With `rotate` (X) each refresh answers a new refresh token and the old one is refused.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import itertools
from urllib.parse import urlencode

from redaksi.social.tests.fakes.server import Reply

PKCE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def oauth_error(error: str, description: str, status: int = 400) -> Reply:
    return Reply(status, {"error": error, "error_description": description}, {"Cache-Control": "no-store"})


class OAuthFake:
    """Mixed into a FakeServer; the fake sets the class attributes and calls `oauth_route` first in route()."""

    authorize_path = "/oauth/authorize"
    token_path = "/oauth/token"  # noqa: S105 - a path
    client_id = "fake-client-id"
    client_secret = "fake-client-secret"  # noqa: S105 - the fake's own test secret
    secret_in_basic = True  # X: HTTP Basic; Google: client_secret in the body
    rotate = True
    scopes: tuple[str, ...] = ()
    expires_in = 7200
    authorize_needs: dict[str, str] = {}  # more parameters the authorize page must get (Google: access_type)

    def oauth_init(self) -> None:
        self.numbers = itertools.count(1)
        self.codes: dict[str, dict] = {}
        self.refresh_tokens: set[str] = set()
        self.issued: list[dict] = []  # every token answer, in order

    def oauth_route(self, request) -> Reply | None:
        if request.path == self.authorize_path and request.method == "GET":
            return self.authorize(request)
        if request.path == self.token_path:
            if request.method != "POST":
                return oauth_error("invalid_request", "The token endpoint takes POST.", 405)
            return self.token_endpoint(request)
        return None

    def authorize(self, request) -> Reply:
        q = request.query
        for name in ("response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge"):
            if not q.get(name):
                self.violation(f"authorize: {name} missing")
        if q.get("response_type") != "code" or q.get("code_challenge_method") != "S256":
            self.violation(
                f"authorize: response_type {q.get('response_type')!r} / method {q.get('code_challenge_method')!r}"
            )
        missing = set(self.scopes) - set(q.get("scope", "").split(" "))
        if missing:
            self.violation(f"authorize: scopes {sorted(missing)} not asked")
        if q.get("client_id") != self.client_id:
            return oauth_error("unauthorized_client", "Unknown client_id.")
        code = f"code-{next(self.numbers)}"
        self.codes[code] = {"challenge": q.get("code_challenge", ""), "redirect_uri": q.get("redirect_uri", "")}
        target = q.get("redirect_uri", "") + "?" + urlencode({"state": q.get("state", ""), "code": code})
        return Reply(302, b"", {"Location": target})

    def token_endpoint(self, request) -> Reply:
        if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            self.violation("token: the body is not application/x-www-form-urlencoded")
        form = request.form
        if not self._client_ok(request):
            return oauth_error("invalid_client", "Client authentication failed.", 401)
        grant = form.get("grant_type")
        if grant == "authorization_code":
            return self._code(form)
        if grant == "refresh_token":
            return self._refresh(form)
        self.violation(f"token: grant_type {grant!r}")
        return oauth_error("unsupported_grant_type", "Unsupported grant type.")

    def _client_ok(self, request) -> bool:
        form, basic = request.form, request.headers.get("authorization", "")
        if form.get("client_id") != self.client_id:
            self.violation("token: client_id missing or wrong")
            return False
        if self.secret_in_basic:
            try:
                given = base64.b64decode(basic.removeprefix("Basic ")).decode() if basic.startswith("Basic ") else ""
            except (binascii.Error, UnicodeDecodeError):
                given = ""
            return given == f"{self.client_id}:{self.client_secret}"
        if basic:
            self.violation("token: Basic authorization where the secret goes in the body")
        return form.get("client_secret") == self.client_secret

    def _code(self, form) -> Reply:
        verifier = form.get("code_verifier", "")
        if not 43 <= len(verifier) <= 128 or set(verifier) - PKCE_CHARS:
            self.violation("token: code_verifier is not 43-128 unreserved characters (RFC 7636 §4.1)")
        grant = self.codes.pop(form.get("code", ""), None)  # a code is good once
        if grant is None:
            return oauth_error("invalid_grant", "Value passed for the authorization code was invalid.")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if challenge != grant["challenge"]:
            return oauth_error("invalid_grant", "PKCE verification failed.")
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return oauth_error("invalid_grant", "redirect_uri does not match the authorization request.")
        return self._issue(with_refresh=True)

    def _refresh(self, form) -> Reply:
        given = form.get("refresh_token", "")
        if given not in self.refresh_tokens:
            return oauth_error("invalid_grant", "Token has been expired or revoked.")
        if self.rotate:
            self.refresh_tokens.discard(given)
        return self._issue(with_refresh=self.rotate)

    def _issue(self, *, with_refresh: bool) -> Reply:
        n = next(self.numbers)
        self.token = f"{self.network}-access-{n}"
        answer = {
            "token_type": "bearer",
            "expires_in": self.expires_in,
            "access_token": self.token,
            "scope": " ".join(self.scopes),
        }
        if with_refresh:
            answer["refresh_token"] = f"{self.network}-refresh-{n}"
            self.refresh_tokens.add(answer["refresh_token"])
        self.issued.append(answer)
        return Reply(200, answer, {"Cache-Control": "no-store", "Pragma": "no-cache"})

    def grant_refresh(self) -> str:
        """A refresh token the fake will honour, as if the account had been connected before the test."""
        token = f"{self.network}-refresh-{next(self.numbers)}"
        self.refresh_tokens.add(token)
        return token
