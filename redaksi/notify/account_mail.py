"""Mail that accounts ask for: a link to a new password."""

from redaksi.accounts.events import PasswordLinkReady

from .outbox import mail_queue


def mail_password_link(event: PasswordLinkReady) -> None:
    """Queue the link in the caller's transaction; the outbox forgets it once the mail is out."""
    mail_queue(
        kind="auth.password_reset",
        to=[event.user.email],
        subject=event.subject,
        text=event.text,
        redact=[event.secret],
    )
