"""Second factors: set up, check, remove and reset. Each write is atomic and leaves its record entry.

A user has at most one authenticator app (a confirmed TOTP device) and, with it, one set of ten backup codes
(a static device). The codes are stored as keyed hashes (the key is SECRET_KEY, outside the database), so a
copy of the database holds no code that works.
"""

import re
import secrets

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.crypto import constant_time_compare, salted_hmac
from django_otp import verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from redaksi.audit.services import audit_log
from redaksi.core import events
from redaksi.core.actor import Actor

from .. import services, throttle
from ..models import User
from ..session_models import UserSession
from . import required
from .events import SecondFactorReset

BACKUP_CODES = 10
BACKUP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off paper without doubt
BACKUP_LENGTH = 10
APP_NAME = "authenticator"
BACKUP_NAME = "backup"


def authenticator(user: User, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-pk").first()


def has_second_factor(user: User) -> bool:
    return user.is_authenticated and TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalize(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()[:32]


def _hashes(code: str) -> list[str]:
    """The stored forms of a backup code: under SECRET_KEY, and under each fallback while keys rotate."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [
        salted_hmac("redaksi.accounts.twofactor.backup", normalize(code), secret=key, algorithm="sha256").hexdigest()[
            :16
        ]
        for key in keys
    ]


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def totp_begin(user: User) -> TOTPDevice:
    """The app to be set up: the same unconfirmed one on every visit until it is confirmed."""
    device = authenticator(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_confirm(*, actor: Actor, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with a code it shows; returns the new backup codes, or None when the code is wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, confirmed=False)
    code = normalize(code)
    if not (code.isdigit() and device.verify_token(code)):
        return None
    TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_log(action="auth.2fa.enrol", actor=actor, obj=device.user, data={"device": "totp"})
    required.forget(device.user)
    return backup_codes_generate(actor=actor, user=device.user)


@transaction.atomic
def backup_codes_generate(*, actor: Actor, user: User) -> list[str]:
    """Ten new single-use codes; the earlier ones stop working. Returned once, never stored readable."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_NAME, confirmed=True)
    codes = ["".join(secrets.choice(BACKUP_ALPHABET) for _ in range(BACKUP_LENGTH)) for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=_hashes(code)[0]) for code in codes)
    audit_log(action="auth.2fa.backup_codes", actor=actor, obj=user, data={"count": len(codes)})
    return [format_code(code) for code in codes]


def verify(user: User, code: str) -> Device | None:
    """The device that accepts `code` (the app's six digits, or an unused backup code, used up by this), or None.

    Each device also slows itself down after failures (django-otp's throttling), whatever the address.
    """
    code = normalize(code)
    if not code:
        return None
    if code.isdigit():
        app = authenticator(user)
        return verify_token(user, app.persistent_id, code) if app else None
    return _use_backup_code(user, code)


@transaction.atomic
def _use_backup_code(user: User, code: str) -> StaticDevice | None:
    device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None or not device.verify_is_allowed()[0]:
        return None
    hashes = _hashes(code)
    for token in device.token_set.all():
        if any(constant_time_compare(token.token, h) for h in hashes):
            token.delete()
            device.throttle_reset(commit=False)
            device.set_last_used_timestamp(commit=False)
            device.save()
            return device
    device.throttle_increment()
    return None


def _remove_all(user: User) -> int:
    count = TOTPDevice.objects.filter(user=user).delete()[0]
    count += StaticDevice.objects.filter(user=user).delete()[0]
    required.forget(user)
    return count


@transaction.atomic
def second_factor_remove(*, actor: Actor, user: User) -> None:
    """The user turns two-factor login off (they proved it is them with a code or their password)."""
    _remove_all(user)
    audit_log(action="auth.2fa.remove", actor=actor, obj=user)


@transaction.atomic
def second_factor_reset(*, actor: Actor, user: User) -> None:
    """An administrator removes another user's second factor (a lost phone, no backup code left): the user's
    sessions end, the user is told by mail, and sets up a new one at the next login."""
    if actor.user is not None and actor.user.pk == user.pk:
        raise ValueError("an administrator resets another user's second factor, never their own")
    had = has_second_factor(user)
    _remove_all(user)
    services._end_sessions(user, reason=UserSession.Ended.SECOND_FACTOR_RESET, actor=actor)
    audit_log(action="accounts.user.2fa_reset", actor=actor, obj=user, data={"had_second_factor": had})
    context = {"user": user, "admin": actor.user, "base_url": settings.REDAKSI_BASE_URL}
    subject = render_to_string("accounts/twofactor/reset_subject.txt", context).strip()
    text = render_to_string("accounts/twofactor/reset_email.txt", context)
    events.dispatch(SecondFactorReset(user=user, subject=subject, text=text))


# Wrong codes count like wrong passwords (accounts/throttle.py), per account and address, under their own name.
def _throttle_name(user: User) -> str:
    return f"2fa:{user.get_username()}"


def code_lock_minutes(user: User, ip: str | None) -> int:
    return throttle.lock_minutes(_throttle_name(user), ip)


def code_refused(*, actor: Actor, user: User, why: str) -> None:
    if why == "failed":
        throttle.record_failure(_throttle_name(user), actor.ip)
    services.security_log.warning("second factor %s for username %s from %s", why, user.get_username(), actor.ip)
    key = f"2fa-throttled-recorded:{throttle.key_part(user.get_username())}:{actor.ip}"
    if why == "failed" or throttle.store().add(key, 1, settings.LOGIN_THROTTLE_WINDOW):
        audit_log(action=f"auth.2fa.{why}", actor=actor, obj=user)


def code_accepted(*, user: User, ip: str | None) -> None:
    throttle.clear(_throttle_name(user), ip or "")
