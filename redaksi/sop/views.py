from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string

from redaksi.accounts.views import current_office
from redaksi.core.pdf import render_pdf

from .document import document_context
from .models import Sop, SopVersion
from .selectors import sops_for_office


def _version(request: HttpRequest, pk: int, number: int | None) -> SopVersion:
    sop = get_object_or_404(Sop, pk=pk, office=current_office(request))
    versions = sop.versions.all()
    version = versions.filter(number=number).first() if number is not None else versions.order_by("-number").first()
    if version is None:
        raise Http404
    return version


@login_required
def sop_list(request: HttpRequest) -> HttpResponse:
    office = current_office(request)
    return render(request, "sop/sop_list.html", {"sops": sops_for_office(office.pk if office else None)})


@login_required
def sop_document(request: HttpRequest, pk: int, number: int | None = None) -> HttpResponse:
    version = _version(request, pk, number)
    return render(request, "sop/document.html", document_context(version))


@login_required
def sop_pdf(request: HttpRequest, pk: int, number: int | None = None) -> HttpResponse:
    version = _version(request, pk, number)
    context = document_context(version, for_print=True)
    html = render_to_string("sop/document.html", context, request=request)
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"), with_static=True)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{context["pdf_name"]}"'
    return response
