"""A user looks after their own password: a link by e-mail when it is forgotten.

Changing a known password goes through `services.user_set_password`, as an administrator's change does.
"""

import logging
import unicodedata

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from redaksi.audit.services import audit_log
from redaksi.core import events, links
from redaksi.core.actor import Actor

from . import services, throttle
from .events import PasswordLinkReady
from .models import User

security_log = logging.getLogger("redaksi.security")

MAX_EMAIL = 254


def _same_address(a: str, b: str) -> bool:
    # As Django's reset form compares: a look-alike address must not receive another user's link.
    return unicodedata.normalize("NFKC", a).casefold() == unicodedata.normalize("NFKC", b).casefold()


def reset_candidates(email: str) -> list[User]:
    """Active users with this address and a password they could have forgotten."""
    users = User.objects.filter(email__iexact=email, is_active=True)
    return [u for u in users if u.has_usable_password() and _same_address(email, u.email)]


@transaction.atomic
def password_reset_request(*, email: str, actor: Actor) -> bool:
    """Queue a link to a new password for every active user with this address; False when throttled.

    What the caller can see is the same for a known and an unknown address: the count, the record
    and the answer; only the queued mail differs, and it leaves after the request.
    """
    email = email.strip()[:MAX_EMAIL]
    ip = actor.ip
    if not throttle.reset_allowed(email, ip):
        once = f"reset-throttled-recorded:{throttle.key_part(email)}:{ip}"
        if throttle.store().add(once, 1, settings.LOGIN_THROTTLE_WINDOW):
            audit_log(action="auth.password_reset.throttled", actor=actor, data={"email": email})
        security_log.warning("password link throttled for %s from %s", email, ip)
        return False
    users = reset_candidates(email)
    if not users:
        audit_log(action="auth.password_reset.requested", actor=actor, data={"email": email, "known": False})
    for user in users:
        _queue_link(user)
        audit_log(action="auth.password_reset.requested", actor=actor, obj=user, data={"email": email})
    return True


def _queue_link(user: User) -> None:
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "link": links.base_url() + path,
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    subject = render_to_string("accounts/password_reset_subject.txt", context).strip()
    text = render_to_string("accounts/password_reset_email.txt", context)
    # Notify queues the mail; its outbox forgets the link once the mail is out.
    events.dispatch(PasswordLinkReady(user=user, subject=subject, text=text, secret=path))


@transaction.atomic
def password_reset_complete(*, user: User, password: str, actor: Actor) -> None:
    """The holder of a valid link sets the new password: every session of the user ends, and the
    failed-login count of the username is cleared (the mailbox proved who asks)."""
    # The holder of the link is not logged in: every session of the user ends.
    services.user_set_password(
        actor=Actor(user=user, ip=actor.ip, request_id=actor.request_id), user=user, password=password
    )
    throttle.clear(user.get_username())
