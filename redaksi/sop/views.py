from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from redaksi.accounts.views import current_office

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
    return render(request, "sop/document.html", {"version": version})


@login_required
def sop_pdf(request: HttpRequest, pk: int, number: int | None = None) -> HttpResponse:
    version = _version(request, pk, number)
    raise Http404(version)
