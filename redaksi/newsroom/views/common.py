"""What the desk's views share: finding the item, running a service, answering a refusal."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from redaksi.accounts.models import Role
from redaksi.accounts.selectors import person_of, user_capacities
from redaksi.audit.refusals import call_service
from redaksi.core.errors import Conflict
from redaksi.sop.engine import Flow
from redaksi.sop.models import SopVersion

from .. import policy
from ..models import NewsItem
from ..selectors import role_by_code, visible_items

PAGE_SIZE = 50
COLUMN_SIZE = 20
SEARCH_LIMIT = 500


def _item(request: HttpRequest, pk: int) -> NewsItem:
    item = visible_items(request.user).select_related("sop_version", "category", "created_by").filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def _conflict(request: HttpRequest, item: NewsItem, message: str) -> HttpResponse:
    return render(request, "newsroom/conflict.html", {"item": item, "message": message}, status=409)


def _role_codes(request: HttpRequest) -> set[str]:
    return {c.role.code for c in user_capacities(request.user) if c.role.office_id == request.user.office_id}


def _role_name(office_id: int) -> Callable[[str], Role]:
    return lambda code: role_by_code(office_id, code)


def _may_write(request: HttpRequest, version: SopVersion) -> bool:
    flow = Flow.from_definition(version.definition)
    office_id = request.user.office_id
    return bool(policy.may_write_new(person_of(request.user), office_id, flow, _role_name(office_id)))


def _act(request: HttpRequest, item: NewsItem, what: str, fn: Callable[[], Any], done: str) -> HttpResponse:
    """Run one desk action on an item: 403 recorded, 409 explained, refusals as messages, then back to the item."""
    try:
        call_service(request, what, fn)
    except Conflict as exc:
        return _conflict(request, item, str(exc))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("newsroom:item", item.pk)
    if done:
        messages.success(request, done)
    return redirect("newsroom:item", item.pk)


def _invalid(request: HttpRequest, item: NewsItem, form, message: str = "") -> HttpResponse:
    """A form that did not validate: one message saying what to do, or the form's own."""
    for text in [message] if message else [m for errors in form.errors.values() for m in errors]:
        messages.error(request, text)
    return redirect("newsroom:item", item.pk)


def item_url(item: NewsItem) -> str:
    return reverse("newsroom:item", args=[item.pk])
