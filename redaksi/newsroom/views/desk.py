"""My work and the board: the items waiting, by step."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..events import desk_context
from ..selectors import (
    news_sop_version,
    sop_flows,
    standing_at,
    title_matches,
    visible_items,
    waiting_for,
    waiting_rows,
)
from .common import COLUMN_SIZE, PAGE_SIZE, SEARCH_LIMIT, _may_write, _role_codes


@login_required
@require_safe
def desk(request: HttpRequest) -> HttpResponse:
    """My work: the items waiting for my roles, oldest first, each with its traffic light.

    Who performs a step is the SOP version in force's answer, for items of older versions too."""
    version = news_sop_version(request.user.office) if request.user.office else None
    codes = _role_codes(request)
    rows = []
    if version is not None and codes:
        qs = (
            visible_items(request.user)
            .filter(waiting_for(version.sop_id, codes))
            .select_related("created_by", "sop_version")
            .order_by("current_since", "pk")
        )
        rows = [row for row in waiting_rows(qs[:PAGE_SIZE]) if row["step"].role in codes]
    can_write = version is not None and _may_write(request, version)
    extra = desk_context(request.user.office) if request.user.office else {}
    return render(
        request,
        "newsroom/desk.html",
        {"rows": rows, "can_write": can_write, "version": version, **extra},
    )


@login_required
@require_safe
def board(request: HttpRequest) -> HttpResponse:
    """All items by step, the columns taken from the SOP version in force. An item of an older version
    stands in the column of its step's counterpart; one whose step that version no longer has, in a
    column of its own, so that it is never lost."""
    version = news_sop_version(request.user.office) if request.user.office else None
    if version is None:
        return render(request, "newsroom/board.html", {"columns": []})
    q = request.GET.get("q", "")[:100].strip()
    mine = request.GET.get("saya") == "1"
    flows = sop_flows(version.sop_id)
    qs = visible_items(request.user).filter(sop_version__in=list(flows)).defer("body", "lead", "share_links")
    if q:
        qs = qs.filter(title_matches(q))
    if mine:
        qs = qs.filter(created_by=request.user)
    # None, first so that it is seen: the steps the version in force no longer has (shown only when items wait there).
    steps = [None, *version.definition["steps"]]
    if q:
        columns, capped = _search_columns(qs, flows, steps)
    else:
        columns, capped = _columns(qs, flows, steps), False
    finished = qs.filter(current_step__isnull=True).order_by("-finished_at")[:10]
    return render(
        request,
        "newsroom/board.html",
        {
            "columns": columns,
            "steps": len(steps) - 1,
            "finished": finished,
            "q": q,
            "mine": mine,
            "capped": capped,
            "version": version,
        },
    )


def _columns(qs, flows, steps) -> list[dict]:
    places = standing_at(flows)
    place_of = {(pk, s.number): s.number_in_force for pk, flow in flows.items() for s in flow.steps}
    counts: dict[int | None, int] = {}
    per_step = qs.filter(current_step__isnull=False).values_list("sop_version_id", "current_step")
    for pk, number, n in per_step.annotate(n=Count("pk")).order_by():
        key = place_of.get((pk, number))
        counts[key] = counts.get(key, 0) + n
    columns = []
    for step in steps:
        key = step["number"] if step else None
        if key not in places or (step is None and not counts.get(None)):
            rows = []
        else:
            items = qs.filter(places[key]).select_related("created_by", "sop_version").order_by("current_since", "pk")
            rows = waiting_rows(items[:COLUMN_SIZE])
        if step is not None or rows:
            columns.append({"step": step, "count": counts.get(key, 0), "rows": rows})
    return columns


def _search_columns(qs, flows, steps) -> tuple[list[dict], bool]:
    """A search reads the matching items once and sorts them into columns here."""
    waiting = qs.filter(current_step__isnull=False).select_related("created_by", "sop_version")
    matches = list(waiting.order_by("current_since", "pk")[:SEARCH_LIMIT])
    columns = []
    for step in steps:
        key = step["number"] if step else None
        found = [item for item in matches if flows[item.sop_version_id].step(item.current_step).number_in_force == key]
        if step is not None or found:
            columns.append({"step": step, "count": len(found), "rows": waiting_rows(found[:COLUMN_SIZE])})
    return columns, len(matches) == SEARCH_LIMIT
