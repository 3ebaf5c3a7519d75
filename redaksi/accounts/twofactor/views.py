"""The user's own page for two-factor login, and the administrator's reset of someone else's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp import login as otp_login

from redaksi.audit.refusals import system_admin_required
from redaksi.core.actor import Actor

from ..models import User
from . import devices, required
from .forms import ConfirmForm, RemoveForm
from .login import check_code, is_local_path, login_code_url
from .qr import qr_svg, secret_text

NEW_CODES = "redaksi_2fa_new_codes"  # shown on the next page, then forgotten


def _context(request: HttpRequest, **extra) -> dict:
    user = request.user
    return {
        "has_app": devices.has_second_factor(user),
        "codes_left": devices.backup_codes_left(user),
        "required": required.must_have_second_factor(user),
        **extra,
    }


@login_required
@require_safe
def security(request: HttpRequest) -> HttpResponse:
    request.session.pop(NEW_CODES, None)
    return render(request, "accounts/twofactor/security.html", _context(request, remove_form=RemoveForm()))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Scan the code (or type the key), then confirm with the six digits the app shows."""
    if devices.has_second_factor(request.user):
        return redirect("accounts:twofactor:security")
    device = devices.totp_begin(request.user)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        codes = devices.totp_confirm(actor=Actor.from_request(request), device=device, code=form.cleaned_data["code"])
        if codes is None:
            form.add_error("code", _("That is not the code the app shows now. Wait for a new one and type it in."))
        else:
            device.refresh_from_db()
            otp_login(request, device)
            request.session[NEW_CODES] = codes
            messages.success(request, _("Two-factor login is on. Keep your backup codes somewhere safe."))
            next_url = request.GET.get("next", "")
            request.session["redaksi_2fa_after_codes"] = next_url if is_local_path(next_url) else ""
            return redirect("accounts:twofactor:backup_codes")
    context = _context(request, form=form, qr=qr_svg(device), secret=secret_text(device))
    return render(request, "accounts/twofactor/setup.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def backup_codes(request: HttpRequest) -> HttpResponse:
    """New codes are shown on this page once; a POST makes a new set (the old ones stop working)."""
    if not devices.has_second_factor(request.user):
        return redirect("accounts:twofactor:security")
    if request.method == "POST":
        if not request.user.is_verified():
            return redirect("accounts:twofactor:login_code")
        request.session[NEW_CODES] = devices.backup_codes_generate(actor=Actor.from_request(request), user=request.user)
        messages.success(request, _("New backup codes were made. The earlier ones no longer work."))
        return redirect("accounts:twofactor:backup_codes")
    codes = request.session.get(NEW_CODES)
    if not codes:
        return redirect("accounts:twofactor:security")
    after = request.session.get("redaksi_2fa_after_codes") or ""
    return render(request, "accounts/twofactor/backup_codes.html", _context(request, codes=codes, after=after))


@login_required
@require_safe
def backup_codes_download(request: HttpRequest) -> HttpResponse:
    codes = request.session.get(NEW_CODES)
    if not codes:
        return redirect("accounts:twofactor:security")
    lines = [
        _("Redaksi backup codes for %(username)s") % {"username": request.user.get_username()},
        _("Each code works once. Keep them away from your phone."),
        "",
        *codes,
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="redaksi-kode-cadangan.txt"'
    return response


@sensitive_post_parameters("password", "code")
@login_required
@require_POST
def remove(request: HttpRequest) -> HttpResponse:
    """Turn two-factor login off: a current code, or the password typed again, proves it is the user."""
    form = RemoveForm(request.POST)
    user = request.user
    if form.is_valid() and devices.has_second_factor(user):
        data = form.cleaned_data
        # The password alone serves only a session that showed its second factor at login.
        proved = (data["password"] and user.is_verified() and user.check_password(data["password"])) or (
            data["code"] and check_code(request, user, form) is not None
        )
        if proved:
            devices.second_factor_remove(actor=Actor.from_request(request), user=user)
            messages.success(
                request, _("Two-factor login is off. Your authenticator app and backup codes were removed.")
            )
            return redirect("accounts:twofactor:security")
        if not form.errors:
            devices.code_refused(actor=Actor.from_request(request), user=user, why="failed")
            form.add_error(None, _("Type a current code or your password to turn two-factor login off."))
    return render(request, "accounts/twofactor/security.html", _context(request, remove_form=form), status=400)


@system_admin_required
@require_POST
def admin_reset(request: HttpRequest, pk: int) -> HttpResponse:
    from ..views import current_office

    if devices.has_second_factor(request.user) and not request.user.is_verified():
        # A session that never showed its code (opened before the administrator set up theirs) shows it first.
        return redirect(login_code_url(reverse("accounts:user_edit", args=[pk])))
    user = get_object_or_404(User, pk=pk, office=current_office(request))
    if user.pk == request.user.pk:
        messages.error(request, _("Your own second factor is changed on your own security page."))
    else:
        devices.second_factor_reset(actor=Actor.from_request(request), user=user)
        messages.success(
            request,
            _(
                "The second factor of %(name)s was removed. They set up a new one at their next login; "
                "a mail tells them."
            )
            % {"name": user},
        )
    return redirect("accounts:user_edit", pk=user.pk)
