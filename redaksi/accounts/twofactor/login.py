"""The second step of a login, and the way in for an owner whose account wrong passwords have locked."""

import time
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from redaksi.core.actor import Actor

from .. import services
from ..models import User
from . import devices
from .forms import CodeForm, LockedLoginForm

PENDING = "redaksi_2fa_pending"
PENDING_SECONDS = 5 * 60  # the password step is good for this long


def is_local_path(url: str) -> bool:
    from ..views import _is_local_path

    return bool(url) and _is_local_path(url)


def begin_second_step(request: HttpRequest, user: User, next_url: str) -> HttpResponse | None:
    """After a right password: a user with a second factor is asked for it before the session is theirs."""
    if not devices.has_second_factor(user):
        return None
    request.session[PENDING] = {
        "user": user.pk,
        "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[0]),
        "next": next_url if is_local_path(next_url) else "",
        "until": time.time() + PENDING_SECONDS,
    }
    return redirect("accounts:twofactor:login_code")


def _pending_user(request: HttpRequest) -> tuple[User | None, dict[str, Any]]:
    pending = request.session.get(PENDING) or {}
    if not pending or pending.get("until", 0) < time.time():
        return None, {}
    user = User.objects.filter(pk=pending.get("user"), is_active=True).first()
    return user, pending


def _lock_error(minutes: int) -> ValidationError:
    message = ngettext(
        "Too many wrong codes from here. Wait %(minutes)d minute, then try again.",
        "Too many wrong codes from here. Wait %(minutes)d minutes, then try again.",
        minutes,
    ) % {"minutes": minutes}
    return ValidationError(message, code="throttled")


def _status(form: CodeForm | LockedLoginForm) -> int:
    """429 while the code step is locked, so scripts see it as such."""
    return 429 if any(e.code == "throttled" for e in form.errors.as_data().get("__all__", [])) else 200


WRONG_CODE = gettext_lazy(
    "The code is wrong or was already used. Check that your phone's clock is right and try again."
)


def check_code(request: HttpRequest, user: User, form: CodeForm | LockedLoginForm) -> Any:
    """The device that accepts the form's code, with the throttle and the record; None after adding the error."""
    actor = Actor.from_request(request).as_user(user)
    minutes = devices.code_lock_minutes(user, actor.ip)
    if minutes:
        devices.code_refused(actor=actor, user=user, why="throttled")
        form.add_error(None, _lock_error(minutes))
        return None
    device = devices.verify(user, form.cleaned_data["code"])
    if device is None:
        devices.code_refused(actor=actor, user=user, why="failed")
        form.add_error("code", WRONG_CODE)
        return None
    devices.code_accepted(user=user, ip=actor.ip)
    return device


def _finish(request: HttpRequest, user: User, backend: str, device: Any, next_url: str) -> HttpResponse:
    request.session.pop(PENDING, None)
    if not request.user.is_authenticated or request.user.pk != user.pk:
        auth_login(request, user, backend=backend)
    else:
        request.session.cycle_key()  # the session gains rights: a new key, as at login
    otp_login(request, device)
    services.login_succeeded(actor=Actor.from_request(request).as_user(user))
    return HttpResponseRedirect(next_url if is_local_path(next_url) else reverse(settings.LOGIN_REDIRECT_URL))


@sensitive_post_parameters("code")
@require_http_methods(["GET", "HEAD", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    """The code step: after the password (no session yet), or for a session that has not shown it yet."""
    if request.user.is_authenticated:
        if request.user.is_verified():
            return redirect(settings.LOGIN_REDIRECT_URL)
        user, backend = (
            request.user,
            getattr(request.user, "backend", None) or request.session.get("_auth_user_backend"),
        )
        next_url = request.GET.get("next", "")
    else:
        user, pending = _pending_user(request)
        if user is None:
            return redirect(settings.LOGIN_URL)
        backend, next_url = pending["backend"], pending["next"]
    if not devices.has_second_factor(user):
        return redirect("accounts:twofactor:setup")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = check_code(request, user, form)
        if device is not None:
            return _finish(request, user, backend, device, next_url)
    return render(request, "accounts/twofactor/login_code.html", {"form": form, "subject": user}, status=_status(form))


@sensitive_post_parameters("password", "code")
@require_http_methods(["GET", "HEAD", "POST"])
def locked_login(request: HttpRequest) -> HttpResponse:
    """Wrong passwords locked this account here: its owner gets in with password and code together. One answer
    for every failure, and each counts against the throttle, so the form tells a guesser nothing."""
    form = LockedLoginForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data, actor = form.cleaned_data, Actor.from_request(request)
        target = User.objects.filter(username__iexact=data["username"].strip(), is_active=True).first()
        if target is None or not devices.has_second_factor(target):
            services.login_refused(actor=actor, username=data["username"][:150], why="failed")
        elif minutes := devices.code_lock_minutes(target, actor.ip):
            devices.code_refused(actor=actor.as_user(target), user=target, why="throttled")
            form.add_error(None, _lock_error(minutes))
        else:
            # The password first: a backup code is used up only once the password is right.
            user = authenticate(request, username=target.get_username(), password=data["password"])
            device = check_code(request, user, form) if user is not None else None
            if device is not None:
                return _finish(request, user, user.backend, device, request.GET.get("next", ""))
            if user is None:
                devices.code_refused(actor=actor.as_user(target), user=target, why="failed")
        if not form.non_field_errors():
            form.errors.pop("code", None)
            form.add_error(None, _("The username, password or code is wrong."))
        return render(request, "accounts/twofactor/locked_login.html", {"form": form}, status=_status(form))
    return render(request, "accounts/twofactor/locked_login.html", {"form": form})


def login_code_url(next_url: str) -> str:
    url = reverse("accounts:twofactor:login_code")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url
