"""The site scanner's findings for the office's system administrators: look, then mark checked."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from redaksi.audit.refusals import deny, system_admin_required
from redaksi.audit.services import audit_log
from redaksi.core.actor import Actor

from . import scan, site
from .models import ScanFinding

ADMIN_ONLY = gettext_lazy("Only a system administrator may see the website scanner's findings.")
OTHER_OFFICE = gettext_lazy("Only a system administrator of the office whose website this is may see its findings.")


def _office(request: HttpRequest):
    office = site.site_office()
    if office is None:
        raise Http404
    if request.user.office_id != office.pk and not request.user.is_superuser:
        raise deny(request, OTHER_OFFICE, what="site_scan")
    return office


@system_admin_required(message=ADMIN_ONLY)
@require_safe
def scan_list(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    rows = ScanFinding.objects.filter(office=office).order_by("reviewed_at", "-present", "-last_seen", "path")
    show_all = request.GET.get("semua") == "1"
    if not show_all:
        rows = rows.filter(present=True)
    rows = list(rows[:500])
    for row in rows:
        row.severe = row.kind in scan.SEVERE
    waiting = sum(1 for r in rows if r.present and r.reviewed_at is None)
    return render(
        request,
        "public/staff/scan_list.html",
        {"rows": rows, "waiting": waiting, "show_all": show_all, "base": site.base_url()},
    )


@require_POST
@system_admin_required(message=ADMIN_ONLY)
def scan_review(request: HttpRequest, pk: int) -> HttpResponse:
    office = _office(request)
    row = get_object_or_404(ScanFinding, pk=pk, office=office)
    note = (request.POST.get("note") or "").strip()[:500]
    if not note:
        messages.error(request, _("Say what you found when you looked, so the next person knows."))
        return redirect("public_staff:scan")
    row.reviewed_at = timezone.now()
    row.reviewed_by_name = (request.user.get_full_name() or request.user.get_username())[:200]
    row.review_note = note
    row.save(update_fields=["reviewed_at", "reviewed_by_name", "review_note"])
    audit_log(
        action="public.scan.reviewed",
        actor=Actor.from_request(request),
        obj=row,
        data={"path": row.path, "kind": row.kind, "detail": row.detail, "note": note},
    )
    messages.success(request, _("Marked as checked."))
    return redirect("public_staff:scan")
