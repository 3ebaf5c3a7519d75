"""Notification settings, each optional, with the defaults documented in docs/notify-settings.md."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from redaksi.core import links

DEFAULT_LADDER = (
    {"percent": 80, "notify": "step"},
    {"percent": 100, "notify": "supervisor"},
    {"percent": 150, "notify": "head"},
)
LADDER_TARGETS = {"step", "supervisor", "head"}


@dataclass(frozen=True)
class Rung:
    percent: int
    notify: str  # "step", "supervisor", "head", or a role code of the office


def base_url() -> str:
    return links.base_url()


def link_lifetime() -> timedelta:
    return timedelta(days=float(getattr(settings, "REDAKSI_APPROVAL_LINK_DAYS", 3)))


def reply_address(token: str = "") -> str:
    """approval+<token>@domain: the plus-tag carries the token back when the approver answers."""
    address = getattr(settings, "REDAKSI_REPLY_ADDRESS", "") or _default_reply_address()
    local, _, domain = address.rpartition("@")
    return f"{local}+{token}@{domain}" if token else address


def _default_reply_address() -> str:
    sender = settings.DEFAULT_FROM_EMAIL
    domain = sender.rpartition("@")[2].strip("> ") or "localhost"
    return f"persetujuan@{domain}"


def inbound_max_bytes() -> int:
    return int(getattr(settings, "REDAKSI_INBOUND_MAX_BYTES", 5 * 1024 * 1024))


def freshness_days() -> int:
    return int(getattr(settings, "REDAKSI_FRESHNESS_DAYS", 3))


def max_attempts() -> int:
    return int(getattr(settings, "REDAKSI_MAIL_MAX_ATTEMPTS", 12))


def reminder_ladder() -> tuple[Rung, ...]:
    raw = getattr(settings, "REDAKSI_REMINDER_LADDER", None) or DEFAULT_LADDER
    rungs = []
    for entry in raw:
        if not isinstance(entry, dict) or set(entry) != {"percent", "notify"}:
            raise ImproperlyConfigured("REDAKSI_REMINDER_LADDER: each rung is {'percent': int, 'notify': str}")
        percent, notify = entry["percent"], entry["notify"]
        if not isinstance(percent, int) or percent <= 0 or not isinstance(notify, str) or not notify:
            raise ImproperlyConfigured(f"REDAKSI_REMINDER_LADDER: bad rung {entry!r}")
        rungs.append(Rung(percent, notify))
    percents = [r.percent for r in rungs]
    if len(set(percents)) != len(percents):
        raise ImproperlyConfigured("REDAKSI_REMINDER_LADDER: each percentage may appear once")
    return tuple(sorted(rungs, key=lambda r: r.percent))
