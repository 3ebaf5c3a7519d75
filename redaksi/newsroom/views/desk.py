"""My work and the board: the items waiting, by step."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from redaksi.sop.models import SopVersion

from ..events import desk_context
from ..selectors import news_sop_version, title_matches, visible_items, waiting_rows
from .common import COLUMN_SIZE, PAGE_SIZE, SEARCH_LIMIT, _may_write, _role_codes


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """My work: the items waiting for my roles, oldest first, each with its traffic light."""
    version = news_sop_version(request.user.office) if request.user.office else None
    codes = _role_codes(request)
    rows = []
    if version is not None and codes:
        steps = [s for s in version.definition["steps"] if s["performer"] in codes]
        numbers = [s["number"] for s in steps]
        qs = (
            visible_items(request.user)
            .filter(current_step__in=numbers, sop_version__in=SopVersion.objects.filter(sop=version.sop))
            .select_related("created_by", "sop_version")
            .order_by("current_since", "pk")
        )
        # A step that an older SOP version gives to another role is not this person's work.
        rows = [row for row in waiting_rows(qs[:PAGE_SIZE]) if row["step"].role in codes]
    can_write = version is not None and _may_write(request, version)
    extra = desk_context(request.user.office) if request.user.office else {}
    return render(
        request,
        "newsroom/desk.html",
        {"rows": rows, "can_write": can_write, "version": version, **extra},
    )


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """All items by step, the columns taken from the SOP."""
    version = news_sop_version(request.user.office) if request.user.office else None
    if version is None:
        return render(request, "newsroom/board.html", {"columns": []})
    q = request.GET.get("q", "")[:100].strip()
    mine = request.GET.get("saya") == "1"
    qs = (
        visible_items(request.user)
        .filter(sop_version__in=SopVersion.objects.filter(sop=version.sop))
        .defer("body", "lead", "share_links")
    )
    if q:
        qs = qs.filter(title_matches(q))
    if mine:
        qs = qs.filter(created_by=request.user)
    columns, capped = [], False
    if q:
        # A search reads the matching items once and sorts them into columns here.
        matches = list(
            qs.filter(current_step__isnull=False)
            .select_related("created_by")
            .order_by("current_since", "pk")[:SEARCH_LIMIT]
        )
        for step in version.definition["steps"]:
            found = [item for item in matches if item.current_step == step["number"]]
            columns.append({"step": step, "count": len(found), "rows": waiting_rows(found[:COLUMN_SIZE])})
        capped = len(matches) == SEARCH_LIMIT
    else:
        counts = dict(
            qs.filter(current_step__isnull=False).values_list("current_step").annotate(n=Count("pk")).order_by()
        )
        for step in version.definition["steps"]:
            items = qs.filter(current_step=step["number"]).select_related("created_by").order_by("current_since", "pk")
            rows = waiting_rows(items[:COLUMN_SIZE])
            columns.append({"step": step, "count": counts.get(step["number"], 0), "rows": rows})
    finished = qs.filter(current_step__isnull=True).order_by("-finished_at")[:10]
    return render(
        request,
        "newsroom/board.html",
        {"columns": columns, "finished": finished, "q": q, "mine": mine, "capped": capped},
    )
