"""Pages of the monitoring: the dashboard and its drill-down. Tabel 7 and the evaluation are in `form_views`."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from redaksi.newsroom.selectors import visible_items
from redaksi.social.models import NETWORK_CHOICES

from . import charts, dashboard, selectors
from .access import require_monitor
from .formatting import duration_text, percent_text
from .links import drill_url
from .period import Period, default_period, parse_period

PAGE = 50

FILTER_TITLES = {
    "step": gettext_lazy("Items with a pass through step %(v)s"),
    "rejected": gettext_lazy("Items sent back at step %(v)s"),
    "skipped": gettext_lazy("Finished items that skipped step %(v)s"),
    "missing": gettext_lazy("Items whose pass through step %(v)s lacks its output"),
    "person": gettext_lazy("Items with a step completed by %(v)s"),
    "week": gettext_lazy("Items published in the week from %(v)s"),
    "published": gettext_lazy("Items published in the period"),
    "urgent": gettext_lazy("Items published by the urgent path"),
    "late": gettext_lazy("Items late right now"),
    "network": gettext_lazy("Items posted on %(v)s in the period"),
}


def scope(request: HttpRequest) -> tuple[Any, Period, str]:
    """The SOP and period the query string asks for, and the message if the period was not valid."""
    require_monitor(request.user)
    sop = selectors.chosen_sop(request.user.office_id, request.GET.get("sop"))
    try:
        return sop, parse_period(request.GET.get("dari"), request.GET.get("sampai")), ""
    except ValidationError as error:
        return sop, default_period(), " ".join(error.messages)


def dashboard_charts(d: dashboard.Dashboard) -> list[charts.Chart]:
    steps = d.steps
    median_rows = [
        {
            "label": _("Step %(n)s") % {"n": s["number"]},
            "value": (s["median_seconds"] or 0) / 60,
            "text": duration_text(s["median_seconds"]),
            "marker": s["minutes"],
            "href": drill_url(d.sop, d.period, "step", s["number"]),
        }
        for s in steps
    ]
    within_rows = [
        {
            "label": _("Step %(n)s") % {"n": s["number"]},
            "value": s["within_percent"] or 0,
            "text": percent_text(s["within_percent"]),
            "href": drill_url(d.sop, d.period, "step", s["number"]),
        }
        for s in steps
    ]
    week_rows = [
        {
            "label": w["week"].strftime("%d-%m-%Y"),
            "value": w["count"],
            "text": str(w["count"]),
            "href": drill_url(d.sop, d.period, "week", w["week"].isoformat()),
        }
        for w in d.weeks
    ]
    return [
        charts.bar_chart(_("Median duration per step (line: time standard)"), median_rows),
        charts.bar_chart(_("Share of passes within the time standard"), within_rows, scale=100),
        charts.bar_chart(_("Items published per week (from Monday)"), week_rows),
    ]


@login_required
@require_safe
def dashboard_view(request: HttpRequest) -> HttpResponse:
    sop, period, error = scope(request)
    d = dashboard.build(sop, period)
    context = {
        "d": d,
        "sops": selectors.office_sops(request.user.office_id),
        "sop": sop,
        "period": period,
        "error": error,
        "charts": dashboard_charts(d),
        "links": _links(d),
    }
    return render(request, "monitoring/dashboard.html", context)


def _links(d: dashboard.Dashboard) -> dict[str, Any]:
    def per(kind: str) -> dict[int, str]:
        return {s["number"]: drill_url(d.sop, d.period, kind, s["number"]) for s in d.steps}

    return {
        "step": per("step"),
        "rejected": per("rejected"),
        "skipped": per("skipped"),
        "missing": per("missing"),
        "person": {p["id"]: drill_url(d.sop, d.period, "person", p["id"]) for p in d.people},
        "late": drill_url(d.sop, d.period, "late"),
        "urgent": drill_url(d.sop, d.period, "urgent"),
        "published": drill_url(d.sop, d.period, "published"),
        "network": {n["network"]: drill_url(d.sop, d.period, "network", n["network"]) for n in d.networks},
    }


@login_required
@require_safe
def items_view(request: HttpRequest) -> HttpResponse:
    sop, period, error = scope(request)
    kind, value = request.GET.get("saring", ""), request.GET.get("nilai", "")
    if kind not in selectors.FILTERS:
        error, items = _("The filter is not valid."), selectors.stats.items_of(sop).none()
    else:
        try:
            items = selectors.drill(sop, period, kind, value)
        except ValidationError as e:
            error, items = " ".join(e.messages), selectors.stats.items_of(sop).none()
    # Counted on the dashboard, but a first-step draft stays its writer's (policy.may_view): not listed.
    visible = items.filter(pk__in=visible_items(request.user).values("pk"))
    hidden = items.count() - visible.count() if not error else 0
    page = Paginator(visible.select_related("created_by").order_by("-created_at", "-pk"), PAGE).get_page(
        request.GET.get("halaman")
    )
    context = {
        "sop": sop, "period": period, "error": error, "page": page, "title": _title(kind, value), "hidden": hidden,
    }  # fmt: skip
    return render(request, "monitoring/items.html", context)


def _title(kind: str, value: str) -> str:
    if kind not in FILTER_TITLES:
        return _("Items")
    if kind == "person" and value.isdigit():
        value = str(selectors.stats.people([int(value)]).get(int(value), value))
    if kind == "network":
        value = str(dict(NETWORK_CHOICES).get(value, value))
    return FILTER_TITLES[kind] % {"v": value}
