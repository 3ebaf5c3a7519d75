"""OAuth 2.0 for the networks whose user tokens last an hour or two (X, YouTube): the authorization code grant with
PKCE (RFC 7636), and the refresh grant (RFC 6749 §6). Nothing here knows Django's models; tokens.py keeps the
tokens and connect.py runs the administrator's "Connect" flow.

Requests to the token endpoint are form-encoded, answers are JSON (RFC 6749 §4.1.3, §5.1, §5.2):
- X: `POST https://api.x.com/2/oauth2/token`; a confidential client authenticates with HTTP Basic (client id and
  secret), a public one sends only `client_id`. X rotates refresh tokens: every refresh answers a new one and the
  old one stops working. The authorize page is `https://x.com/i/oauth2/authorize`.
- Google (YouTube): `POST https://oauth2.googleapis.com/token` with `client_id` and `client_secret` in the body; the
  refresh token comes only from the first consent (`access_type=offline`, `prompt=consent`) and is not rotated.
  The authorize page is `https://accounts.google.com/o/oauth2/v2/auth`.

The addresses come from the account: options `authorize_url` and `token_url`, else derived from its API address
(`base_url`: a local fake in tests), else the networks' real ones. Messages never carry a token or a secret.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from .base import Failure, ShareError
from .networks._http import DEFAULT_TIMEOUT, json_of, send

# Options an OAuth account may carry besides its client's own (the clients accept them and ignore them).
OPTIONS = frozenset({"client_id", "authorize_url", "token_url"})
REFRESH_AHEAD = 300  # seconds: an access token this close to its end is refreshed before it is used


@dataclass(frozen=True)
class Provider:
    network: str
    label: str
    authorize_url: str
    token_url: str
    scopes: tuple[str, ...]
    basic_auth: bool  # True: the client secret goes in HTTP Basic (X); False: in the body (Google)
    extra: tuple[tuple[str, str], ...] = ()  # more parameters of the authorize page


X_SCOPES = ("tweet.read", "tweet.write", "users.read", "offline.access", "media.write")
YOUTUBE_SCOPES = (
    "https://www.googleapis.com/auth/youtube.upload",
    "https://www.googleapis.com/auth/youtube.readonly",
)
# network -> (label, real authorize page, real token endpoint, authorize path and token path under a base_url)
DEFAULTS = {
    "x": ("X", "https://x.com/i/oauth2/authorize", "https://api.x.com/2/oauth2/token", "/i/oauth2/authorize",
          "/2/oauth2/token"),
    "youtube": ("YouTube", "https://accounts.google.com/o/oauth2/v2/auth", "https://oauth2.googleapis.com/token",
                "/o/oauth2/v2/auth", "/token"),
}  # fmt: skip


def supports(network: str) -> bool:
    return network in DEFAULTS


def provider(network: str, options: Mapping[str, str], base_url: str = "") -> Provider:
    label, authorize, token, authorize_path, token_path = DEFAULTS[network]
    root = base_url.rstrip("/")
    authorize = str(options.get("authorize_url") or "") or (root + authorize_path if root else authorize)
    token = str(options.get("token_url") or "") or (root + token_path if root else token)
    if network == "x":
        return Provider(network, label, authorize, token, X_SCOPES, basic_auth=True)
    extra = (("access_type", "offline"), ("prompt", "consent"), ("include_granted_scopes", "true"))
    return Provider(network, label, authorize, token, YOUTUBE_SCOPES, basic_auth=False, extra=extra)


@dataclass(frozen=True)
class Tokens:
    access: str
    refresh: str  # "" when the answer has none (Google's refresh): keep the one held
    expires_in: int | None
    scope: str

    def __repr__(self) -> str:  # never print a token, even in a traceback's locals
        return f"Tokens(expires_in={self.expires_in!r}, scope={self.scope!r})"


def pkce_pair() -> tuple[str, str]:
    """(code_verifier, S256 code_challenge): 86 unreserved characters, and their SHA-256 in base64url."""
    verifier = secrets.token_urlsafe(64)
    return verifier, challenge_of(verifier)


def challenge_of(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def authorize_url(p: Provider, *, client_id: str, redirect_uri: str, state: str, challenge: str) -> str:
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": " ".join(p.scopes),
        "state": state,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        **dict(p.extra),
    }
    joiner = "&" if "?" in p.authorize_url else "?"
    return p.authorize_url + joiner + urlencode(params)


def exchange(
    p: Provider, session, *, client_id: str, secret: str, code: str, verifier: str, redirect_uri: str
) -> Tokens:
    """The tokens for an authorization code (RFC 6749 §4.1.3 with RFC 7636's code_verifier)."""
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri, "code_verifier": verifier}
    return _token_request(p, session, form, client_id=client_id, secret=secret, refreshing=False)


def refresh(p: Provider, session, *, client_id: str, secret: str, refresh_token: str) -> Tokens:
    """A new access token (and, at X, a new refresh token) for a refresh token (RFC 6749 §6)."""
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    return _token_request(p, session, form, client_id=client_id, secret=secret, refreshing=True)


def _token_request(p: Provider, session, form: dict, *, client_id: str, secret: str, refreshing: bool) -> Tokens:
    form = {**form, "client_id": client_id}
    auth = None
    if secret and p.basic_auth:
        auth = (client_id, secret)
    elif secret:
        form["client_secret"] = secret
    headers = {"Accept": "application/json"}
    response = send(session, p.label, "POST", p.token_url, timeout=DEFAULT_TIMEOUT, data=form, auth=auth,
                    headers=headers)  # fmt: skip
    answer = json_of(response)
    if response.status_code >= 500 or response.status_code == 429:
        # "<network>'s sign-in service is having trouble (HTTP n). It will be tried again automatically."
        raise ShareError(
            Failure.RETRY,
            f"Layanan masuk {p.label} sedang bermasalah (HTTP {response.status_code}). Akan dicoba lagi otomatis.",
            code=f"oauth-{response.status_code}",
        )
    if response.status_code >= 400 or not answer.get("access_token"):
        raise _refused(p, answer, response.status_code, refreshing)
    expires = answer.get("expires_in")
    return Tokens(
        access=str(answer["access_token"]),
        refresh=str(answer.get("refresh_token") or ""),
        expires_in=int(expires) if str(expires or "").isdigit() else None,
        scope=str(answer.get("scope") or ""),
    )


def _refused(p: Provider, answer: dict, status: int, refreshing: bool) -> ShareError:
    """A 4xx answer (RFC 6749 §5.2). A refused refresh, whatever the error code (X says invalid_request for a used
    refresh token, Google invalid_grant), means a person must connect the account again."""
    error = str(answer.get("error") or f"http-{status}")[:60]
    if refreshing:
        # "<network> refused to renew the sign-in (…). An administrator must connect the <network> account again."
        return ShareError(
            Failure.TOKEN,
            f"{p.label} menolak memperbarui izin masuk ({error}). Administrator perlu menghubungkan ulang akun "
            f"{p.label}.",
            code=f"oauth-{error}",
        )
    # "<network> refused the sign-in (…). Check the client id and secret, then connect again."
    return ShareError(
        Failure.PERSON,
        f"{p.label} menolak izin masuk ({error}). Periksa client id dan client secret, lalu hubungkan ulang.",
        code=f"oauth-{error}",
    )
