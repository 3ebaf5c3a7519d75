"""Failed-login throttle: by username and by address, in the cache (bad input 31).

The cache is `settings.LOGIN_THROTTLE_CACHE`: production points it at the database, so the throttle
keeps counting while Redis is down.
"""

import hashlib

from django.conf import settings
from django.core.cache import BaseCache, caches


def store() -> BaseCache:
    return caches[getattr(settings, "LOGIN_THROTTLE_CACHE", "default")]


def key_part(username: str) -> str:
    """A username fit for a cache key: a typed one may hold spaces and control characters."""
    return hashlib.sha256(username.strip().lower()[:150].encode()).hexdigest()


def _keys(username: str, ip: str | None) -> list[str]:
    keys = [f"login-fail:u:{key_part(username)}"]
    if ip:
        keys.append(f"login-fail:ip:{ip}")
    return keys


def is_throttled(username: str, ip: str | None) -> bool:
    limit = settings.LOGIN_THROTTLE_LIMIT
    values = store().get_many(_keys(username, ip))
    # An address gets a wider allowance: an office shares one public address.
    return any(v >= (limit * 5 if ":ip:" in k else limit) for k, v in values.items())


def record_failure(username: str, ip: str | None) -> None:
    cache = store()
    for key in _keys(username, ip):
        if cache.add(key, 1, settings.LOGIN_THROTTLE_WINDOW):
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, settings.LOGIN_THROTTLE_WINDOW)


def clear(username: str) -> None:
    store().delete(_keys(username, None)[0])
