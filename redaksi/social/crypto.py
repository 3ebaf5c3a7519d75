"""Tokens at rest: Fernet, with a key kept outside the database (REDAKSI_SOCIAL_KEY or its file, like the
audit key), so a copy of the database alone gives no one the right to post as the office."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    secret = settings.SOCIAL_TOKEN_KEY.encode()
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(secret).digest()))


def seal(token: str) -> bytes:
    return _fernet().encrypt(token.encode()) if token else b""


def unseal(sealed: bytes | memoryview) -> str:
    """The token, or "" when there is none or the key changed (the account must then be reconnected)."""
    data = bytes(sealed or b"")
    if not data:
        return ""
    try:
        return _fernet().decrypt(data).decode()
    except InvalidToken:
        return ""
