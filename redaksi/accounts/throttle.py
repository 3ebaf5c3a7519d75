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


# Requests for a password link: per typed address and per client, in LOGIN_THROTTLE_WINDOW seconds.
# The count is kept whether or not the address belongs to anyone, so the answer tells nothing.
RESET_LIMIT_PER_ADDRESS = 3
RESET_LIMIT_PER_CLIENT = 10


def reset_allowed(email: str, ip: str | None) -> bool:
    """Count one request for a password link; False once the address or the client asked too often."""
    keys = {f"reset:e:{key_part(email)}": RESET_LIMIT_PER_ADDRESS}
    if ip:
        keys[f"reset:ip:{ip}"] = RESET_LIMIT_PER_CLIENT
    cache = store()
    counts = cache.get_many(list(keys))
    if any(counts.get(key, 0) >= limit for key, limit in keys.items()):
        return False
    for key in keys:
        if not cache.add(key, 1, settings.LOGIN_THROTTLE_WINDOW):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, settings.LOGIN_THROTTLE_WINDOW)
    return True
