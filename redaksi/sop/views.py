from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.views.decorators.http import require_safe

from redaksi.accounts.views import current_office

from .document import document_context, pdf_name
from .models import Sop, SopVersion
from .pdf import sop_pdf_request
from .selectors import sops_for_office

WAITING_REFRESH = 3  # seconds between the waiting page's looks at the drawing


def _version(request: HttpRequest, pk: int, number: int | None) -> SopVersion:
    sop = get_object_or_404(Sop, pk=pk, office=current_office(request))
    versions = sop.versions.all()
    version = versions.filter(number=number).first() if number is not None else versions.order_by("-number").first()
    if version is None:
        raise Http404
    return version


@login_required
@require_safe
def sop_list(request: HttpRequest) -> HttpResponse:
    office = current_office(request)
    return render(request, "sop/sop_list.html", {"sops": sops_for_office(office.pk if office else None)})


@login_required
@require_safe
def sop_document(request: HttpRequest, pk: int, number: int | None = None) -> HttpResponse:
    version = _version(request, pk, number)
    return render(request, "sop/document.html", document_context(version))


@login_required
@require_safe
def sop_pdf(request: HttpRequest, pk: int, number: int | None = None) -> HttpResponse:
    version = _version(request, pk, number)
    pdf = sop_pdf_request(version=version, language=translation.get_language())
    if not pdf.file:
        response = render(
            request,
            "sop/pdf_waiting.html",
            {"version": version, "sop": version.sop, "refresh": WAITING_REFRESH},
            status=202,
        )
        response["Retry-After"] = str(WAITING_REFRESH)
        return response
    return FileResponse(
        pdf.file.open("rb"), as_attachment=True, filename=pdf_name(version), content_type="application/pdf"
    )
