from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from redaksi.accounts.permissions import system_admin_required

from .models import AuditEntry


@system_admin_required
def entry_list(request: HttpRequest) -> HttpResponse:
    return render(request, "audit/list.html", {"entries": AuditEntry.objects.order_by("-seq")[:100]})


@system_admin_required
def entry_csv(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=404)
