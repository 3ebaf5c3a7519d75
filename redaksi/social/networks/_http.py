"""What every network client shares: options, sending a request, and turning a lost answer into a Failure.

Messages are in Indonesian because the pipeline shows them to staff as they are; the English meaning is in the
comment beside each. Nothing here ever puts a token (or a URL that carries one) into a message.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import UTC, datetime

import requests

from redaksi.social.base import Failure, ShareError

DEFAULT_TIMEOUT = 30.0  # seconds, for the connection and for the answer


def check_options(network: str, allowed: frozenset[str], options: Mapping[str, str], required=()) -> dict[str, str]:
    """The options as a plain dict, refusing names the network does not know and missing required ones."""
    unknown = sorted(set(options) - allowed)
    if unknown:
        # "Unknown options for <network>: …. Fix the account's settings."
        raise ShareError(
            Failure.PERSON,
            f"Opsi tidak dikenal untuk akun {network}: {', '.join(unknown)}. Perbaiki pengaturan akun ini.",
            code="options",
        )
    missing = [name for name in required if not str(options.get(name, "")).strip()]
    if missing:
        # "Account <network> lacks the option(s) …. An administrator must fill them in."
        raise ShareError(
            Failure.PERSON,
            f"Akun {network} belum diisi: {', '.join(missing)}. Administrator perlu melengkapi pengaturan akun.",
            code="options",
        )
    return {name: str(value) for name, value in options.items()}


def number_option(options: Mapping[str, str], name: str, default: float, network: str) -> float:
    raw = str(options.get(name, "")).strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value < 0:
        # "Option <name> of the <network> account must be a number of zero or more."
        raise ShareError(
            Failure.PERSON, f"Opsi {name} akun {network} harus berupa angka nol atau lebih.", code="options"
        )
    return value


def expiry_option(options: Mapping[str, str], network: str) -> datetime | None:
    """The token's expiry given as an option: epoch seconds or ISO 8601 (UTC when no zone is given)."""
    raw = str(options.get("expires_at", "")).strip()
    if not raw:
        return None
    try:
        if raw.isdigit():
            return datetime.fromtimestamp(int(raw), tz=UTC)
        when = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as exc:
        # "Option expires_at of the <network> account is not a date."
        raise ShareError(Failure.PERSON, f"Opsi expires_at akun {network} bukan tanggal.", code="options") from exc
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def lost(network: str, exc: requests.RequestException, *, creates: bool) -> ShareError:
    """A request that got no answer. When it may have been received and it creates something: UNKNOWN."""
    refused = isinstance(exc, requests.ConnectTimeout) or (
        isinstance(exc, requests.ConnectionError)
        and not isinstance(exc, requests.ReadTimeout)
        and "NewConnectionError" in repr(exc)
    )
    if creates and not refused:
        # "<network> did not answer after the post was sent. Checking whether it appeared before sending again."
        return ShareError(
            Failure.UNKNOWN,
            f"{network} tidak menjawab setelah kiriman dikirim. Sistem memeriksa apakah kiriman sudah tampil "
            "sebelum mengirim ulang.",
            code="no-answer",
        )
    # "<network> cannot be reached. It will be tried again automatically."
    return ShareError(Failure.RETRY, f"{network} tidak dapat dihubungi. Akan dicoba lagi otomatis.", code="unreachable")


def send(session, network: str, method: str, url: str, *, timeout: float, creates: bool = False, **kwargs):
    """session.request with a timeout; a lost answer becomes a ShareError without the URL (it may hold a token)."""
    try:
        return session.request(method, url, timeout=timeout, **kwargs)
    except requests.RequestException as exc:
        raise lost(network, exc, creates=creates) from None


def server_error(network: str, status: int) -> ShareError:
    # "<network> is having trouble (HTTP 5xx). It will be tried again automatically."
    return ShareError(
        Failure.RETRY, f"{network} sedang bermasalah (HTTP {status}). Akan dicoba lagi otomatis.", code=f"http-{status}"
    )


def json_of(response) -> dict:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def until(epoch: float) -> float:
    return max(0.0, float(epoch) - time.time())


def read_all(media) -> bytes:
    with media.open() as handle:
        return handle.read()


def too_big(network: str, what: str, limit_mb: int) -> ShareError:
    # "The <what> is too large for <network> (at most N MB). Use a smaller rendition."
    return ShareError(
        Failure.PERSON,
        f"{what} terlalu besar untuk {network} (paling besar {limit_mb} MB). Gunakan versi yang lebih kecil.",
        code="too-large",
    )


def pick(answer, *path: str, network: str, creates: bool = False) -> str:
    """answer[path[0]][path[1]]…, as text; an answer without it is UNKNOWN after a post, RETRY otherwise."""
    value = answer
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    if value is None or value == "":
        if creates:
            # "<network> answered without the post's number. Checking whether it appeared before sending again."
            return _raise(
                Failure.UNKNOWN,
                f"{network} menjawab tanpa nomor kiriman. Sistem memeriksa apakah kiriman sudah tampil sebelum "
                "mengirim ulang.",
            )
        # "<network> gave an answer the system does not recognise. It will be tried again automatically."
        return _raise(Failure.RETRY, f"{network} memberi jawaban yang tidak dikenali. Akan dicoba lagi otomatis.")
    return str(value)


def _raise(kind: Failure, message: str) -> str:
    raise ShareError(kind, message, code="unexpected-answer")
