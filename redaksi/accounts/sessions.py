"""Login sessions (ASVS 3.3, BSSN 4/2021): 30 minutes without activity or 12 hours in all end one; a new
password or a disabled account ends the others; the user sees theirs and can end them.

Each session has a `UserSession` row keyed by a hash of its key. The row decides: a session whose row is
ended is logged out on its next request, whatever store holds it (database or cache), so ending a
session elsewhere needs no access to the store. Every ending enters the audit record.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from redaksi.audit.services import audit_log
from redaksi.core.actor import SYSTEM, Actor, client_ip
from redaksi.core.middleware import is_staff_answer

from .session_models import UserSession

security_log = logging.getLogger("redaksi.security")

ROW = "_redaksi_session_row"  # the row's id in the session's data: it follows the session to a new key
TOUCH_EVERY = timedelta(seconds=15)  # last activity is written at most this often (not one UPDATE per page)
USER_AGENT_MAX = 300


def idle_limit() -> timedelta:
    return timedelta(seconds=getattr(settings, "REDAKSI_SESSION_IDLE_SECONDS", 30 * 60))


def absolute_limit() -> timedelta:
    return timedelta(seconds=getattr(settings, "REDAKSI_SESSION_MAX_SECONDS", 12 * 60 * 60))


def warn_before() -> int:
    return int(getattr(settings, "REDAKSI_SESSION_WARN_SECONDS", 60))


def key_hash(session_key: str | None) -> str:
    return hashlib.sha256((session_key or "").encode()).hexdigest()


def current(request: HttpRequest) -> UserSession | None:
    """This request's session row (the guard put it there)."""
    return getattr(request, "user_session", None)


@dataclass(frozen=True)
class Remaining:
    idle: int  # seconds until the session ends without activity
    absolute: int  # seconds until it ends whatever happens

    @property
    def warn(self) -> int:
        return warn_before()

    @property
    def idle_limit(self) -> int:
        return int(idle_limit().total_seconds())

    @property
    def seconds(self) -> int:
        return max(0, min(self.idle, self.absolute))

    def as_json(self) -> dict:
        return {
            "idle": max(0, self.idle),
            "absolute": max(0, self.absolute),
            "remaining": self.seconds,
            "warn": warn_before(),
            "extendable": self.idle <= self.absolute,
        }


def remaining(row: UserSession, now: datetime | None = None) -> Remaining:
    now = now or timezone.now()
    return Remaining(
        idle=int((row.last_seen_at + idle_limit() - now).total_seconds()),
        absolute=int((row.started_at + absolute_limit() - now).total_seconds()),
    )


def expiry(row: UserSession, now: datetime) -> str:
    """Why this session may no longer be used ("" while it may)."""
    if row.ended_at is not None:
        return row.end_reason or UserSession.Ended.LOGOUT
    if now >= row.started_at + absolute_limit():
        return UserSession.Ended.ABSOLUTE
    if now >= row.last_seen_at + idle_limit():
        return UserSession.Ended.IDLE
    return ""


def open_sessions(user) -> QuerySet[UserSession]:
    """The user's sessions still in use, newest activity first."""
    now = timezone.now()
    return UserSession.objects.filter(
        user=user,
        ended_at=None,
        started_at__gt=now - absolute_limit(),
        last_seen_at__gt=now - idle_limit(),
    ).order_by("-last_seen_at", "-pk")


def _describe(request: HttpRequest) -> dict:
    return {
        "ip": client_ip(request.META.get("REMOTE_ADDR")),
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX],
    }


def track(request: HttpRequest, user) -> UserSession:
    """A row for this request's session (at login, or for a session from before this table)."""
    if not request.session.session_key:
        request.session.save()
    now = timezone.now()
    earlier = request.session.get(ROW)
    row, _created = UserSession.objects.update_or_create(
        key_hash=key_hash(request.session.session_key),
        defaults={"user": user, "started_at": now, "last_seen_at": now, "ended_at": None, "end_reason": ""},
        create_defaults={"user": user, "started_at": now, "last_seen_at": now, **_describe(request)},
    )
    if earlier and earlier != row.pk:
        # A second login in the same browser replaces the first session.
        UserSession.objects.filter(pk=earlier, ended_at=None).update(ended_at=now, end_reason=UserSession.Ended.LOGOUT)
    request.session[ROW] = row.pk
    request.user_session = row
    return row


def _find(request: HttpRequest, user) -> UserSession | None:
    """This session's row; after the key changed (a password change keeps the session under a new key)
    the row named in the session's data follows it."""
    hashed = key_hash(request.session.session_key)
    row = UserSession.objects.filter(key_hash=hashed).first()
    if row is None and request.session.get(ROW):
        row = UserSession.objects.filter(pk=request.session[ROW], user=user).first()
        if row is not None:
            UserSession.objects.filter(pk=row.pk).update(key_hash=hashed)
            row.key_hash = hashed
    return row if row is not None and row.user_id == user.pk else None


@receiver(user_logged_in, dispatch_uid="accounts.sessions.login")
def _logged_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        track(request, user)


@receiver(user_logged_out, dispatch_uid="accounts.sessions.logout")
def _logged_out(sender, request, user, **kwargs) -> None:
    if request is None or not getattr(request, "session", None) or not request.session.session_key:
        return
    UserSession.objects.filter(key_hash=key_hash(request.session.session_key), ended_at=None).update(
        ended_at=timezone.now(), end_reason=UserSession.Ended.LOGOUT
    )


def _end(rows: list[UserSession], *, reason: str, actor: Actor) -> int:
    now = timezone.now()
    ended = 0
    for row in rows:
        # The conditional update makes two enders of one session record it once.
        if UserSession.objects.filter(pk=row.pk, ended_at=None).update(ended_at=now, end_reason=reason):
            ended += 1
            audit_log(
                action="auth.session.ended",
                actor=actor,
                obj=row.user,
                data={"session": row.pk, "reason": reason, "ip": row.ip, "started_at": row.started_at},
            )
    return ended


@transaction.atomic
def end_user_sessions(user, *, reason: str, actor: Actor | None = None, keep_key: str | None = None) -> int:
    """End every open session of the user but the one with `keep_key`; how many ended."""
    rows = UserSession.objects.filter(user=user, ended_at=None).exclude(key_hash=key_hash(keep_key) if keep_key else "")
    return _end(list(rows.select_related("user")), reason=reason, actor=Actor.of(actor))


@transaction.atomic
def end_session(row: UserSession, *, actor: Actor, reason: str = UserSession.Ended.BY_USER) -> bool:
    return _end([row], reason=reason, actor=actor) == 1


KEEP_ENDED = timedelta(days=90)  # ended rows stay this long for the sessions page's history; the record keeps all


def sweep(now: datetime | None = None) -> tuple[int, int]:
    """End (on record) the sessions nobody came back to, and forget rows ended long ago: (ended, deleted)."""
    now = now or timezone.now()
    stale = UserSession.objects.filter(ended_at=None).select_related("user")
    idle = stale.filter(last_seen_at__lte=now - idle_limit(), started_at__gt=now - absolute_limit())
    old = stale.filter(started_at__lte=now - absolute_limit())
    with transaction.atomic():
        ended = _end(list(old), reason=UserSession.Ended.ABSOLUTE, actor=SYSTEM)
        ended += _end(list(idle), reason=UserSession.Ended.IDLE, actor=SYSTEM)
    deleted, _ = UserSession.objects.filter(ended_at__lt=now - KEEP_ENDED).delete()
    return ended, deleted


def touch(row: UserSession, now: datetime, *, force: bool = False) -> None:
    if force or now - row.last_seen_at >= min(TOUCH_EVERY, idle_limit() / 10):
        UserSession.objects.filter(pk=row.pk, ended_at=None).update(last_seen_at=now)
        row.last_seen_at = now


EXPIRED_MESSAGES = {
    UserSession.Ended.IDLE: lambda: (
        _("You were logged out after %(minutes)d minutes without activity. Log in again.")
        % {"minutes": idle_limit().total_seconds() // 60}
    ),
    UserSession.Ended.ABSOLUTE: lambda: (
        _("You were logged out: a session lasts at most %(hours)d hours. Log in again.")
        % {"hours": absolute_limit().total_seconds() // 3600}
    ),
}


def _expired_answer(request: HttpRequest, reason: str) -> HttpResponse:
    text = EXPIRED_MESSAGES.get(reason, lambda: _("Your session was ended. Log in again."))()
    login = reverse(settings.LOGIN_URL)
    messages.warning(request, text)  # shown by the next page, the login page
    if request.headers.get("HX-Request") or request.headers.get("Accept", "").startswith("application/json"):
        response = JsonResponse({"expired": True, "reason": reason, "login": login, "message": text}, status=401)
        response["HX-Redirect"] = login
        return response
    return HttpResponseRedirect(f"{login}?{urlencode({'next': request.get_full_path()})}")


PASSIVE_VIEWS = {"accounts:session_status"}  # asks how long is left; must not count as activity


class SessionGuardMiddleware:
    """After authentication: end an idle, too old or ended session; note activity on the others."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if not is_staff_answer(request):
            return None  # the public site: no session work, and reading it is no activity on the staff side
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        now = timezone.now()
        row = _find(request, user)
        if row is None:
            row = track(request, user)
        reason = expiry(row, now)
        if reason:
            if row.ended_at is None:
                _end([row], reason=reason, actor=SYSTEM)
            security_log.info("session of user %s ended (%s)", user.pk, reason)
            logout(request)
            return _expired_answer(request, reason)
        request.user_session = row
        match = request.resolver_match
        if match is None or match.view_name not in PASSIVE_VIEWS:
            touch(row, now)
        request.session_remaining = remaining(row, now)  # the page's timer starts from it
        return None
