"""Pages where users look after their own password: change it, or ask for a link by e-mail."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from redaksi.core.actor import Actor

from . import passwords, services
from .models import User


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy(settings.LOGIN_REDIRECT_URL)

    def form_valid(self, form):
        user = self.request.user
        services.user_set_password(
            actor=Actor.from_request(self.request),
            user=user,
            password=form.cleaned_data["new_password1"],
            session_key=self.request.session.session_key,
        )
        # This session stays, with the new hash; the others were ended.
        update_session_auth_hash(self.request, User.objects.get(pk=user.pk))
        messages.success(self.request, _("Your password was changed. Your sessions on other devices were ended."))
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if not passwords.password_reset_request(
            email=form.cleaned_data["email"], actor=Actor.from_request(self.request)
        ):
            minutes = max(1, settings.LOGIN_THROTTLE_WINDOW // 60)
            form.add_error(
                None,
                ngettext(
                    "Too many requests for this address. Wait %(minutes)d minute, then try again.",
                    "Too many requests for this address. Wait %(minutes)d minutes, then try again.",
                    minutes,
                )
                % {"minutes": minutes},
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        passwords.password_reset_complete(
            user=form.user, password=form.cleaned_data["new_password1"], actor=Actor.from_request(self.request)
        )
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


class PasswordNoticeView(TemplateView):
    """A page that only tells what happened: the link was mailed, or the password was set."""

    template_name = "accounts/password_notice.html"
    title = ""
    message = ""
    login_link = False

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, message=self.message, login_link=self.login_link, **kwargs)


password_reset_done = PasswordNoticeView.as_view(
    title=gettext_lazy("Check your e-mail"),
    message=gettext_lazy(
        "If the address belongs to an account, a link to set a new password is on its way to it. "
        "The link works once, for a limited time. No mail after a few minutes? Look in the spam folder, "
        "check the address, or ask the system administrator of your office."
    ),
)
password_reset_complete = PasswordNoticeView.as_view(
    title=gettext_lazy("Your new password is set"),
    message=gettext_lazy("Log in with it now. Every earlier session of your account was ended."),
    login_link=True,
)
