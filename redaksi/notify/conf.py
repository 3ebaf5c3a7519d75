"""The notification settings: one dict, `REDAKSI_NOTIFY`, checked at start-up (docs/notify-settings.md)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from redaksi.core import backends, links
from redaksi.core.conf import Options

DEFAULT_LADDER = (
    {"percent": 80, "notify": "step"},
    {"percent": 100, "notify": "supervisor"},
    {"percent": 150, "notify": "head"},
)
LADDER_TARGETS = {"step", "supervisor", "head"}


def _positive_number(options: Mapping[str, Any], value: Any) -> str:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and value > 0
    return "" if ok else f"must be a positive number, not {value!r}"


def _mail_backend(options: Mapping[str, Any], value: Any) -> str:
    configured = backends.configured()
    if value not in configured:
        return f"names {value!r}, which {backends.SETTING} lacks"
    errors = backends.config_errors(value, configured[value], family="mail")
    return errors[0] if errors else ""


def _ladder(options: Mapping[str, Any], value: Any) -> str:
    try:
        _rungs(value)
    except ImproperlyConfigured as exc:
        return str(exc)
    return ""


OPTIONS = Options(
    "REDAKSI_NOTIFY",
    {
        # The alias of REDAKSI_BACKENDS that sends mail.
        "MAIL_BACKEND": "mail",
        # Tries before an outbox row is marked failed (kept, never deleted).
        "MAIL_MAX_ATTEMPTS": 12,
        # How long an approval link (and reply token) lives, in days.
        "APPROVAL_LINK_DAYS": 3,
        # Where approvers reply; "": persetujuan@<domain of DEFAULT_FROM_EMAIL>.
        "REPLY_ADDRESS": "",
        # A larger reply is refused unread, and answered.
        "INBOUND_MAX_BYTES": 5 * 1024 * 1024,
        # Working days without a publication before the freshness warning.
        "FRESHNESS_DAYS": 3,
        # The reminder and escalation ladder, for every SOP.
        "REMINDER_LADDER": DEFAULT_LADDER,
    },
    {
        "MAIL_BACKEND": _mail_backend,
        "MAIL_MAX_ATTEMPTS": _positive_number,
        "APPROVAL_LINK_DAYS": _positive_number,
        "INBOUND_MAX_BYTES": _positive_number,
        "FRESHNESS_DAYS": _positive_number,
        "REMINDER_LADDER": _ladder,
    },
)


@dataclass(frozen=True)
class Rung:
    percent: int
    notify: str  # "step", "supervisor", "head", or a role code of the office


def base_url() -> str:
    return links.base_url()


def link_lifetime() -> timedelta:
    return timedelta(days=float(OPTIONS["APPROVAL_LINK_DAYS"]))


def reply_address(token: str = "") -> str:
    """approval+<token>@domain: the plus-tag carries the token back when the approver answers."""
    address = OPTIONS["REPLY_ADDRESS"] or _default_reply_address()
    local, _, domain = address.rpartition("@")
    return f"{local}+{token}@{domain}" if token else address


def _default_reply_address() -> str:
    sender = settings.DEFAULT_FROM_EMAIL
    domain = sender.rpartition("@")[2].strip("> ") or "localhost"
    return f"persetujuan@{domain}"


def inbound_max_bytes() -> int:
    return int(OPTIONS["INBOUND_MAX_BYTES"])


def freshness_days() -> int:
    return int(OPTIONS["FRESHNESS_DAYS"])


def max_attempts() -> int:
    return int(OPTIONS["MAIL_MAX_ATTEMPTS"])


def mail_backend() -> str:
    return OPTIONS["MAIL_BACKEND"]


def reminder_ladder() -> tuple[Rung, ...]:
    return _rungs(OPTIONS["REMINDER_LADDER"])


def _rungs(raw: Any) -> tuple[Rung, ...]:
    where = "REDAKSI_NOTIFY['REMINDER_LADDER']"
    rungs = []
    for entry in raw or DEFAULT_LADDER:
        if not isinstance(entry, dict) or set(entry) != {"percent", "notify"}:
            raise ImproperlyConfigured(f"{where}: each rung is {{'percent': int, 'notify': str}}")
        percent, notify = entry["percent"], entry["notify"]
        if not isinstance(percent, int) or percent <= 0 or not isinstance(notify, str) or not notify:
            raise ImproperlyConfigured(f"{where}: bad rung {entry!r}")
        rungs.append(Rung(percent, notify))
    percents = [r.percent for r in rungs]
    if len(set(percents)) != len(percents):
        raise ImproperlyConfigured(f"{where}: each percentage may appear once")
    return tuple(sorted(rungs, key=lambda r: r.percent))
