"""Failed-login throttle: by account and address together, in the cache (bad input 31; issue 13, finding 8).

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


# Failed logins count per account *and* address together: ten wrong passwords from one place lock that account
# from that place only, so nobody can lock the Kabag out from elsewhere, and an office behind one public address
# is never locked out as a whole. Each further lock of the same pair lasts longer. Counts per account (across
# addresses) and per address (across accounts) only raise an alert to the administrators (LoginUnderAttack).
LOCK_MINUTES = (5, 15, 60)  # the first, second and each later lock of one account at one address
ALERT_FACTOR = 5  # LOGIN_THROTTLE_LIMIT x this, per account or per address in a window: alert


def _generation(username: str) -> int:
    """Bumped when the account's password is replaced: every lock of it, from every address, ends."""
    return store().get(f"login-gen:{key_part(username)}", 0)


def _pair(username: str, ip: str | None) -> str:
    return f"{key_part(username)}:{_generation(username)}:{ip or '-'}"


def lock_minutes(username: str, ip: str | None) -> int:
    """How long this account is locked at this address (0: not locked)."""
    cache = store()
    if cache.get(f"login-lock:{_pair(username, ip)}"):
        return LOCK_MINUTES[min(cache.get(f"login-locks:{_pair(username, ip)}", 1), len(LOCK_MINUTES)) - 1]
    return 0


def is_throttled(username: str, ip: str | None) -> bool:
    return lock_minutes(username, ip) > 0


def _count(key: str, seconds: int) -> int:
    cache = store()
    if cache.add(key, 1, seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:
        cache.set(key, 1, seconds)
        return 1


def record_failure(username: str, ip: str | None) -> list[str]:
    """Count a wrong password; lock the pair at the limit. Returns what to alert about ("account", "address")."""
    limit, window, pair = settings.LOGIN_THROTTLE_LIMIT, settings.LOGIN_THROTTLE_WINDOW, _pair(username, ip)
    if _count(f"login-fail:p:{pair}", window) >= limit:
        locks = _count(f"login-locks:{pair}", 24 * 3600)
        minutes = LOCK_MINUTES[min(locks, len(LOCK_MINUTES)) - 1]
        store().set(f"login-lock:{pair}", 1, minutes * 60)
        store().delete(f"login-fail:p:{pair}")
    alerts = []
    if _count(f"login-fail:u:{key_part(username)}", window) == limit * ALERT_FACTOR:
        alerts.append("account")
    if ip and _count(f"login-fail:ip:{ip}", window) == limit * ALERT_FACTOR:
        alerts.append("address")
    return alerts


def clear(username: str, ip: str | None = None) -> None:
    """A login that succeeded (from `ip`) forgets that pair's failures; a new password (no ip) ends every lock."""
    if ip is None:
        _count(f"login-gen:{key_part(username)}", 30 * 24 * 3600)
    else:
        store().delete_many([f"login-fail:p:{_pair(username, ip)}"])


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
