"""Downloads: XLSX and PDF of the dashboard, a Tabel 7 round and an evaluation.

The spreadsheet is written in the request (fast); the PDF is drawn by a task (`pdf.py`), and until it
is ready the request answers with a page that looks again every few seconds.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from redaksi.accounts.models import Office

from . import dashboard, evaluation, xlsx
from .form_views import office_evaluation, office_round
from .links import dashboard_url
from .pdf import pdf_request
from .views import dashboard_charts, scope

WAITING_REFRESH = 3  # seconds between the waiting page's looks at the drawing
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _pdf(request: HttpRequest, template: str, context: dict, name: str, back: str) -> HttpResponse:
    context = {**context, "office": request.user.office, "printed_by": request.user, "printed_at": timezone.now()}
    html = render_to_string(template, context, request=request)
    pdf = pdf_request(office=_office(request), html=html, name=name)
    if not pdf.file:
        context = {"refresh": WAITING_REFRESH, "back": back}
        response = render(request, "monitoring/pdf_waiting.html", context, status=202)
        response["Retry-After"] = str(WAITING_REFRESH)
        return response
    return FileResponse(pdf.file.open("rb"), as_attachment=True, filename=name, content_type="application/pdf")


def _office(request: HttpRequest) -> Office:
    return request.user.office or Office(name="")


@login_required
@require_safe
def dashboard_export(request: HttpRequest, fmt: str) -> HttpResponse:
    sop, period, _error = scope(request)
    d = dashboard.build(sop, period)
    name = f"dasbor-{sop.code}-{period.first}-{period.last}"
    if fmt == "xlsx":
        return _download(xlsx.dashboard_xlsx(d, _office(request), request.user), f"{name}.xlsx", XLSX)
    context = {"d": d, "charts": dashboard_charts(d)}
    return _pdf(request, "monitoring/print_dashboard.html", context, f"{name}.pdf", dashboard_url(sop, period))


@login_required
def round_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    rnd = office_round(request, pk)
    name = f"tabel-7-{rnd.sop.code}-{rnd.year}-{rnd.semester}"
    if fmt == "xlsx":
        return _download(xlsx.round_xlsx(rnd, _office(request)), f"{name}.xlsx", XLSX)
    context = {"round": rnd, "rows": xlsx.round_rows(rnd)}
    return _pdf(request, "monitoring/print_round.html", context, f"{name}.pdf", reverse("monitoring:round", args=[pk]))


@login_required
def evaluation_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    ev = office_evaluation(request, pk)
    name = f"evaluasi-{ev.sop.code}-{ev.evaluated_on}"
    if fmt == "xlsx":
        return _download(xlsx.evaluation_xlsx(ev, _office(request)), f"{name}.xlsx", XLSX)
    rows = list(zip(evaluation.QUESTIONS, ev.answers, evaluation.evidence(ev.figures), strict=True))
    back = reverse("monitoring:evaluation_detail", args=[pk])
    return _pdf(request, "monitoring/print_evaluation.html", {"ev": ev, "rows": rows}, f"{name}.pdf", back)
