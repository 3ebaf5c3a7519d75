"""The Graph API (Facebook Pages and Instagram professional accounts): auth, the error envelope, debug_token.

Errors follow developers.facebook.com/docs/graph-api/guides/error-handling (summarised in
../shared/specs/social/README.md): {"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime

from redaksi.social.base import Failure, ShareError
from redaksi.social.networks._http import DEFAULT_TIMEOUT, json_of, number_option, send, server_error

DEFAULT_BASE_URL = "https://graph.facebook.com"
DEFAULT_API_VERSION = "v25.0"
THROTTLED = frozenset({4, 17, 32, 613, 80001, 80002, 80005})
DUPLICATE_SUBCODES = frozenset({1390008})


class Graph:
    """Requests to one Graph host with one token; every answer that is not a success becomes a ShareError."""

    def __init__(self, network: str, session, base_url: str, version: str, token: str, app_secret: str, timeout):
        self.network, self.session, self.token, self.timeout = network, session, token, timeout
        self.label = network.capitalize()  # as staff read it in a message: "Facebook", "Instagram"
        self.root = f"{base_url.rstrip('/')}/{version.strip('/')}"
        self.proof = hmac.new(app_secret.encode(), token.encode(), hashlib.sha256).hexdigest() if app_secret else ""

    @classmethod
    def of_account(cls, network: str, session, base_url: str, token: str, opts) -> Graph:
        """The Graph host of an account's options (api_version, app_secret, timeout), as both Meta networks read."""
        return cls(
            network,
            session,
            base_url or DEFAULT_BASE_URL,
            opts.get("api_version") or DEFAULT_API_VERSION,
            token,
            opts.get("app_secret", ""),
            number_option(opts, "timeout", DEFAULT_TIMEOUT, network),
        )

    def auth(self) -> dict[str, str]:
        params = {"access_token": self.token}
        if self.proof:
            params["appsecret_proof"] = self.proof
        return params

    def call(self, method: str, path: str, *, params=None, data=None, files=None, creates=False) -> dict:
        """GET/DELETE carry everything in the query; POST carries it in the form body (multipart with files)."""
        fields = {**(params or {}), **(data or {}), **self.auth()}
        query, body = (fields, None) if method in ("GET", "DELETE") else (None, fields)
        response = send(
            self.session,
            self.label,
            method,
            f"{self.root}/{path.lstrip('/')}",
            timeout=self.timeout,
            creates=creates,
            params=query,
            data=body,
            files=files,
        )
        answer = json_of(response)
        if response.status_code < 400 and "error" not in answer:
            return answer
        raise self.error(response, answer)

    def error(self, response, answer: dict) -> ShareError:
        error = answer.get("error") if isinstance(answer.get("error"), dict) else {}
        code, subcode = _int(error.get("code")), _int(error.get("error_subcode"))
        said = str(error.get("error_user_msg") or error.get("message") or "").strip()[:300]
        tag = f"graph-{code}" + (f"-{subcode}" if subcode else "")
        name = self.label
        if code == 190 or (code == 102 and error.get("type") == "OAuthException"):
            # "The <network> token is invalid or expired. An administrator must reconnect the account."
            return ShareError(
                Failure.TOKEN,
                f"Token {name} tidak berlaku atau kedaluwarsa. Administrator perlu menghubungkan ulang akun ini.",
                code=tag,
            )
        if code == 10 or 200 <= code <= 299:
            # "The <network> account lacks a permission (…). An administrator must reconnect it with that permission."
            return ShareError(
                Failure.TOKEN,
                f"Akun {name} tidak punya izin yang diperlukan ({said}). Administrator perlu menghubungkan ulang akun "
                "dengan izin itu.",
                code=tag,
            )
        if code in (368, 506) or subcode in DUPLICATE_SUBCODES or "duplicate" in said.lower():
            # "<network> refused this post (…). Change the text or photo, then send again."
            return ShareError(
                Failure.REFUSED,
                f"{name} menolak kiriman ini ({said}). Ubah teks atau fotonya, lalu kirim lagi.",
                code=tag,
            )
        if code in THROTTLED or (code == 9 and subcode == 2207042) or code in (1, 2) or error.get("is_transient"):
            # "<network> asks us to slow down / is busy. It will be tried again automatically."
            return ShareError(
                Failure.RETRY,
                f"{name} sedang membatasi atau sibuk ({said or response.status_code}). Akan dicoba lagi otomatis.",
                retry_after=_regain(response),
                code=tag,
            )
        if response.status_code >= 500:
            return server_error(name, response.status_code)
        # "<network> refused the request (…). Check the account's settings and the item's media."
        return ShareError(
            Failure.PERSON,
            f"{name} menolak permintaan ({said or 'HTTP ' + str(response.status_code)}). Periksa pengaturan akun "
            "dan media berita ini.",
            code=tag,
        )

    def token_expiry(self) -> datetime | None:
        """GET /debug_token: expires_at (epoch seconds, 0 = never); an invalid token is a TOKEN failure."""
        data = self.call("GET", "debug_token", params={"input_token": self.token}).get("data") or {}
        if data.get("is_valid") is False:
            raise self.error(_NoResponse(), {"error": {"code": 190, "message": "invalid"}})
        # The token itself, or its access to data (90 days after the person last logged in): the earlier one counts.
        moments = [_int(data.get(name)) for name in ("expires_at", "data_access_expires_at")]
        expires = min((moment for moment in moments if moment > 0), default=0)
        return datetime.fromtimestamp(expires, tz=UTC) if expires else None


class _NoResponse:
    status_code = 200
    headers: dict = {}


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _regain(response) -> float | None:
    """X-Business-Use-Case-Usage: estimated_time_to_regain_access (minutes) per object; the longest, in seconds."""
    raw = response.headers.get("X-Business-Use-Case-Usage") or ""
    try:
        usage = json.loads(raw) if raw else {}
    except ValueError:
        return None
    minutes = [
        _int(entry.get("estimated_time_to_regain_access"))
        for entries in (usage.values() if isinstance(usage, dict) else [])
        for entry in (entries if isinstance(entries, list) else [])
        if isinstance(entry, dict)
    ]
    return max(minutes) * 60.0 if minutes and max(minutes) > 0 else None
