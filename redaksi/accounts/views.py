from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from redaksi.audit.refusals import system_admin_required
from redaksi.core.actor import Actor
from redaksi.core.http import apply_errors, post_data

from . import selectors, services
from .forms import AppointmentEndForm, AppointmentForm, LoginForm, RoleForm, UserForm
from .models import ActingAppointment, Office, Role, User
from .selectors import appointments_in_force
from .twofactor.login import begin_second_step


def current_office(request: HttpRequest) -> Office | None:
    return getattr(request.user, "office", None) or Office.objects.order_by("pk").first()


def _is_local_path(url: str) -> bool:
    # Stricter than Django's check, which lets a relative "%2F%2Fevil.example" through: only
    # an absolute path on this site, never "//host", "/\\host" or anything with control characters.
    return (
        url.startswith("/")
        and not url.startswith("//")
        and "\\" not in url
        and not any(ord(c) < 32 or ord(c) == 127 for c in url)
    )


class LocalRedirectMixin:
    """`?next=` may only name a path on this site; anything else falls back to the default (bad input 28)."""

    def get_redirect_url(self) -> str:
        url = super().get_redirect_url()
        return url if _is_local_path(url) else ""


class LoginView(LocalRedirectMixin, auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        if second_step := begin_second_step(self.request, form.get_user(), self.get_redirect_url()):
            return second_step  # the password was right; the session is theirs after the code
        response = super().form_valid(form)
        services.login_succeeded(actor=Actor.from_request(self.request).as_user(form.get_user()))
        return response

    def form_invalid(self, form):
        if form.refusal:
            services.login_refused(
                actor=Actor.from_request(self.request), username=form.attempted_username(), why=form.refusal
            )
        return super().form_invalid(form)


class LogoutView(LocalRedirectMixin, auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            services.logout_record(actor=Actor.from_request(request))
        return super().post(request, *args, **kwargs)


@system_admin_required
@require_safe
def user_list(request: HttpRequest) -> HttpResponse:
    acting_now = appointments_in_force().select_related("role").order_by("starts_on")
    users = User.objects.prefetch_related(
        "roles", Prefetch("appointments", queryset=acting_now, to_attr="acting_now")
    ).order_by("full_name", "pk")
    office = current_office(request)
    if office is not None:
        users = users.filter(office=office)
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page})


@system_admin_required
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    office = current_office(request)
    form = UserForm(post_data(request), office=office)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=Actor.from_request(request),
                office=office,
                username=data["username"],
                full_name=data["full_name"],
                password=data["password"],
                nip=data["nip"],
                jabatan=data["jabatan"],
                pangkat=data["pangkat"],
                email=data["email"],
                is_staff=data["is_staff"],
                roles=data["roles"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("User %(name)s was created.") % {"name": user})
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "title": _("New user")})


@system_admin_required
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    office = current_office(request)
    user = get_object_or_404(User, pk=pk, office=office)
    initial = {
        "username": user.username,
        "full_name": user.full_name,
        "nip": user.nip,
        "jabatan": user.jabatan,
        "pangkat": user.pangkat,
        "email": user.email,
        "is_staff": user.is_staff,
        "is_active": user.is_active,
        "roles": list(user.roles.all()),
    }
    form = UserForm(post_data(request), office=office, instance=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_update(
                actor=Actor.from_request(request),
                user=user,
                roles=data["roles"],
                password=data["password"] or None,
                session_key=request.session.session_key,
                **{k: data[k] for k in services.PROFILE_FIELDS},
            )
            if data["password"] and user.pk == request.user.pk:
                # The administrator changed their own password: this session stays, with the new hash.
                update_session_auth_hash(request, User.objects.get(pk=user.pk))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The changes to %(name)s were saved.") % {"name": user})
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "title": user.get_full_name(), "subject": user})


@system_admin_required
@require_safe
def role_list(request: HttpRequest) -> HttpResponse:
    roles = Role.objects.filter(office=current_office(request)).prefetch_related("members")
    return render(request, "accounts/role_list.html", {"roles": roles})


@system_admin_required
@require_http_methods(["GET", "POST"])
def role_edit(request: HttpRequest, pk: int) -> HttpResponse:
    role = get_object_or_404(Role, pk=pk, office=current_office(request))
    form = RoleForm(post_data(request), initial={"name": role.name, "description": role.description})
    if request.method == "POST" and form.is_valid():
        try:
            role = services.role_relabel(actor=Actor.from_request(request), role=role, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The role is now called %(name)s.") % {"name": role.name})
            return redirect("accounts:role_list")
    return render(request, "accounts/role_form.html", {"form": form, "role": role})


@system_admin_required
@require_safe
def appointment_list(request: HttpRequest) -> HttpResponse:
    office = current_office(request)
    appointments = ActingAppointment.objects.filter(role__office=office).select_related("user", "role", "ended_by")
    form = AppointmentForm(office=office)
    return render(
        request,
        "accounts/appointment_list.html",
        {"appointments": appointments, "form": form, "today": selectors.today()},
    )


@system_admin_required
@require_http_methods(["GET", "POST"])
def appointment_create(request: HttpRequest) -> HttpResponse:
    office = current_office(request)
    form = AppointmentForm(post_data(request), office=office)
    if request.method == "POST" and form.is_valid():
        try:
            appointment = services.appointment_create(actor=Actor.from_request(request), **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(appointment)s was recorded.") % {"appointment": appointment})
            return redirect("accounts:appointment_list")
    return render(request, "accounts/appointment_form.html", {"form": form})


@system_admin_required
@require_POST
def appointment_end(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = get_object_or_404(ActingAppointment, pk=pk, role__office=current_office(request))
    form = AppointmentEndForm(request.POST)
    if form.is_valid():
        try:
            services.appointment_end(actor=Actor.from_request(request), appointment=appointment, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The appointment was ended."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("accounts:appointment_list")
