"""The text's history: the preview and the comparison of two revisions."""

import difflib
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import events
from ..forms import CompareForm
from ..models import Revision
from .common import _item


@login_required
@require_safe
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """How the item will look on the website (the output of the upload step)."""
    item = _item(request, pk)
    page = events.preview_page(item, back_url=reverse("newsroom:item", args=[item.pk]))
    response = render(request, "newsroom/preview.html", {"item": item}) if page is None else HttpResponse(page)
    response["Cache-Control"] = "private, no-store"
    return response


def _diff(a: Revision, b: Revision) -> list[dict[str, Any]]:
    """Field-by-field comparison; every piece of text is escaped before it is marked up."""
    rows = []
    fields = [("title", _("Title")), ("lead", _("Lead")), ("body", _("Body"))]
    for name, label in fields:
        rows.append({"label": label, "html": _word_diff(getattr(a, name), getattr(b, name))})
    for key, label in [
        ("category", _("Category")),
        ("tags", _("Tags")),
        ("byline", _("Byline")),
        ("place", _("Place")),
        ("event_date", _("Event date")),
    ]:
        before, after = a.meta.get(key, ""), b.meta.get(key, "")
        if isinstance(before, list):
            before, after = ", ".join(before), ", ".join(after or [])
        rows.append({"label": label, "html": _word_diff(str(before), str(after))})
    return rows


def _word_diff(before: str, after: str) -> str:
    if before == after:
        return escape(after)
    a, b = before.split(" "), after.split(" ")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(a[i1:i2])))
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return mark_safe(" ".join(out))  # noqa: S308 - every piece above is escaped


@login_required
@require_safe
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = CompareForm(request.GET)
    if not form.is_valid():
        raise Http404
    revisions = {
        r.number: r for r in item.revisions.filter(number__in=[form.cleaned_data["a"], form.cleaned_data["b"]])
    }
    a, b = revisions.get(form.cleaned_data["a"]), revisions.get(form.cleaned_data["b"])
    if a is None or b is None:
        raise Http404
    return render(request, "newsroom/compare.html", {"item": item, "a": a, "b": b, "rows": _diff(a, b)})
