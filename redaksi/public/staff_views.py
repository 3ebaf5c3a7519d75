"""The public profile screen: system administrators edit what the site says about the office."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from redaksi.audit.refusals import deny, system_admin_required
from redaksi.core.actor import Actor
from redaksi.core.http import post_data

from . import services, site
from .forms import SiteProfileForm
from .models import SiteProfile

ADMIN_ONLY = gettext_lazy("Only a system administrator may edit the website's profile.")
OTHER_OFFICE = gettext_lazy("Only a system administrator of the office whose website this is may edit its profile.")


@system_admin_required(message=ADMIN_ONLY)
@require_http_methods(["GET", "HEAD", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    office = site.site_office()
    if office is None:
        raise Http404
    if request.user.office_id != office.pk and not request.user.is_superuser:
        raise deny(request, OTHER_OFFICE, what="profile_edit")
    profile = SiteProfile.objects.filter(office=office).first() or SiteProfile(office=office)
    initial = {name: getattr(office, name) for name in services.OFFICE_FIELDS}
    initial.update({name: getattr(profile, name) for name in services.PROFILE_FIELDS})
    form = SiteProfileForm(
        post_data(request),
        request.FILES if request.method == "POST" else None,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.profile_save(
            actor=Actor.from_request(request),
            office=office,
            data=data,
            logo=data.get("logo"),
            remove_logo=data.get("remove_logo", False),
        )
        messages.success(request, _("The website profile was saved. The website is being rebuilt with it."))
        return redirect("public_staff:profile")
    logo = bytes(profile.logo_png or b"")
    return render(
        request,
        "public/staff/profile_form.html",
        {"form": form, "office": office, "has_logo": bool(logo), "public_url": site.base_url() + "/profil/"},
    )
