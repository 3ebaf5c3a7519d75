"""Downloads: XLSX and PDF of the dashboard, a Tabel 7 round and an evaluation.

The PDF is drawn in the request: these documents are a page or two of text with no image, which
WeasyPrint draws in well under a second, unlike the SOP document with its flowchart (drawn by a task).
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from redaksi.accounts.models import Office
from redaksi.core.pdf import render_pdf

from . import dashboard, evaluation, xlsx
from .form_views import office_evaluation, office_round
from .views import dashboard_charts, scope

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _pdf(request: HttpRequest, template: str, context: dict, name: str) -> HttpResponse:
    context = {**context, "office": request.user.office, "printed_by": request.user, "printed_at": timezone.now()}
    html = render_to_string(template, context, request=request)
    return _download(render_pdf(html, base_url=settings.REDAKSI_BASE_URL + "/"), name, "application/pdf")


def _office(request: HttpRequest) -> Office:
    return request.user.office or Office(name="")


@login_required
def dashboard_export(request: HttpRequest, fmt: str) -> HttpResponse:
    sop, period, _error = scope(request)
    d = dashboard.build(sop, period)
    name = f"dasbor-{sop.code}-{period.first}-{period.last}"
    if fmt == "xlsx":
        return _download(xlsx.dashboard_xlsx(d, _office(request), request.user), f"{name}.xlsx", XLSX)
    context = {"d": d, "charts": dashboard_charts(d)}
    return _pdf(request, "monitoring/print_dashboard.html", context, f"{name}.pdf")


@login_required
def round_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    rnd = office_round(request, pk)
    name = f"tabel-7-{rnd.sop.code}-{rnd.year}-{rnd.semester}"
    if fmt == "xlsx":
        return _download(xlsx.round_xlsx(rnd, _office(request)), f"{name}.xlsx", XLSX)
    return _pdf(request, "monitoring/print_round.html", {"round": rnd, "rows": xlsx.round_rows(rnd)}, f"{name}.pdf")


@login_required
def evaluation_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    ev = office_evaluation(request, pk)
    name = f"evaluasi-{ev.sop.code}-{ev.evaluated_on}"
    if fmt == "xlsx":
        return _download(xlsx.evaluation_xlsx(ev, _office(request)), f"{name}.xlsx", XLSX)
    rows = list(zip(evaluation.QUESTIONS, ev.answers, evaluation.evidence(ev.figures), strict=True))
    return _pdf(request, "monitoring/print_evaluation.html", {"ev": ev, "rows": rows}, f"{name}.pdf")
