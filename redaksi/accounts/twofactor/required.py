"""Who must log in with a second factor. Accounts knows its administrators; the apps above it say who else
(the newsroom: whoever performs an approve-kind step of an SOP in force, in their own role or as Plt./Plh.).
"""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache

from ..models import User

Rule = Callable[[User], bool]
_rules: list[Rule] = []
CACHE_SECONDS = 60


def requirement_register(rule: Rule) -> None:
    """Add a rule; a user any rule says yes to must have a second factor (when REDAKSI_2FA_REQUIRED)."""
    if rule not in _rules:
        _rules.append(rule)


def is_administrator(user: User) -> bool:
    return bool(user.is_staff or user.is_superuser)


requirement_register(is_administrator)


def must_have_second_factor(user: User) -> bool:
    """True when the setting is on and a rule names the user. Read once a minute per user at most."""
    if not settings.REDAKSI_2FA_REQUIRED or not user.is_authenticated:
        return False
    key = f"2fa-required:{user.pk}"
    answer = cache.get(key)
    if answer is None:
        answer = any(rule(user) for rule in _rules)
        cache.set(key, answer, CACHE_SECONDS)
    return answer


def forget(user: User) -> None:
    cache.delete(f"2fa-required:{user.pk}")
