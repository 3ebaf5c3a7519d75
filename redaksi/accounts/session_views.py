"""The user's own sessions: the list with "end" buttons, and the two small JSON answers behind the
warning before an idle session ends (static/redaksi/session-timeout.js)."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from redaksi.core.actor import Actor

from . import sessions
from .views import _is_local_path

BROWSERS = [("Edge", r"Edg(?:e|A|iOS)?/"), ("Opera", r"OPR/"), ("Firefox", r"Firefox/|FxiOS/"),
            ("Chrome", r"Chrome/|CriOS/"), ("Safari", r"Safari/")]  # fmt: skip
SYSTEMS = [("Android", r"Android"), ("iPhone", r"iPhone"), ("iPad", r"iPad"), ("Windows", r"Windows"),
           ("macOS", r"Mac OS X|Macintosh"), ("ChromeOS", r"CrOS"), ("Linux", r"Linux")]  # fmt: skip


def device(user_agent: str) -> str:
    """ "Chrome, Windows" from a user agent; the raw text stays on the page's title for the curious."""
    browser = next((name for name, pattern in BROWSERS if re.search(pattern, user_agent)), "")
    system = next((name for name, pattern in SYSTEMS if re.search(pattern, user_agent)), "")
    return ", ".join(p for p in (browser, system) if p) or _("Unknown device")


def _status(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(sessions.remaining(sessions.current(request)).as_json())
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def session_status(request: HttpRequest) -> HttpResponse:
    """How long this session has left; asking does not count as activity."""
    return _status(request)


@login_required
@require_POST
def session_extend(request: HttpRequest) -> HttpResponse:
    """ "Stay logged in": the guard has already noted this request as activity."""
    sessions.touch(sessions.current(request), timezone.now(), force=True)
    if request.headers.get("Accept", "").startswith("application/json"):
        return _status(request)
    target = request.POST.get("next", "")
    return HttpResponseRedirect(target if _is_local_path(target) else reverse("core:home"))


@login_required
@require_safe
def session_list(request: HttpRequest) -> HttpResponse:
    mine = sessions.current(request)
    rows = list(sessions.open_sessions(request.user))
    for row in rows:
        row.device = device(row.user_agent)
        row.is_current = mine is not None and row.pk == mine.pk
    rows.sort(key=lambda r: not r.is_current)
    return render(
        request,
        "accounts/session_list.html",
        {
            "rows": rows,
            "others": sum(not r.is_current for r in rows),
            "idle_minutes": int(sessions.idle_limit().total_seconds()) // 60,
        },
    )


def _others(request: HttpRequest):
    mine = sessions.current(request)
    return sessions.open_sessions(request.user).exclude(pk=mine.pk if mine else None)


@login_required
@require_POST
def session_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End one other session of one's own; another user's, the current one or an ended one is a 404."""
    row = get_object_or_404(_others(request).select_related("user"), pk=pk)
    if sessions.end_session(row, actor=Actor.from_request(request)):
        messages.success(request, _("The session on %(device)s was ended.") % {"device": device(row.user_agent)})
    return HttpResponseRedirect(reverse("accounts:session_list"))


@login_required
@require_POST
def session_end_others(request: HttpRequest) -> HttpResponse:
    rows = list(_others(request).select_related("user"))
    actor = Actor.from_request(request)
    ended = sum(sessions.end_session(row, actor=actor) for row in rows)
    messages.success(
        request,
        ngettext("%(n)d other session was ended.", "%(n)d other sessions were ended.", ended) % {"n": ended}
        if ended
        else _("There were no other sessions to end."),
    )
    return HttpResponseRedirect(reverse("accounts:session_list"))
