"""What accounts announce to people: a link to a new password, a reset second factor; an alert about a
password-guessing attack."""

from django.conf import settings
from django.urls import reverse

from redaksi.accounts.events import LoginUnderAttack, PasswordLinkReady
from redaksi.accounts.selectors import administrators_of
from redaksi.accounts.throttle import ALERT_FACTOR
from redaksi.accounts.twofactor.events import SecondFactorReset

from .messages import Message
from .outbox import mail_queue
from .services import notify_users


def mail_password_link(event: PasswordLinkReady) -> None:
    """Queue the link in the caller's transaction; the outbox forgets it once the mail is out."""
    mail_queue(
        kind="auth.password_reset",
        to=[event.user.email],
        subject=event.subject,
        text=event.text,
        redact=[event.secret],
    )


def mail_second_factor_reset(event: SecondFactorReset) -> None:
    """Tell the user their second factor was removed by an administrator (queued in the caller's transaction)."""
    mail_queue(kind="auth.2fa_reset", to=[event.user.email], subject=event.subject, text=event.text)


def alert_login_attack(event: LoginUnderAttack) -> None:
    """Tell the system administrators (of the account's office, and of the whole install) at once."""
    admins = administrators_of(event.office_id)
    values = {
        "username": event.username[:150],
        "ip": event.ip or "?",
        "count": settings.LOGIN_THROTTLE_LIMIT * ALERT_FACTOR,
        "minutes": settings.LOGIN_THROTTLE_WINDOW // 60,
    }
    notify_users(
        admins,
        kind="security",
        title=Message(f"attack.{event.what}.title", values),
        body=Message(f"attack.{event.what}.body", values),
        url=reverse("audit:list"),
    )
