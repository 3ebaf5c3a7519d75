"""The screens of “Connect with X / YouTube”: the button on the accounts screen, and the network's way back."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from redaksi.audit.refusals import call_service, system_admin_required
from redaksi.core import links
from redaksi.core.actor import Actor
from redaksi.core.errors import NotPermitted

from . import connect
from .models import SocialAccount
from .views import ADMIN_ONLY

SESSION_KEY = "social_connect"
KEEP = 5  # connections a session may have under way at once (another tab, another account)


def redirect_uri() -> str:
    """The address to register at the network as the app's redirect (callback) URI."""
    return links.base_url() + reverse("social:connected")


def _accounts(account: SocialAccount | None = None) -> HttpResponse:
    return redirect(reverse("social:accounts") + (f"?kantor={account.office.slug}" if account else ""))


@system_admin_required(message=ADMIN_ONLY)
@require_POST
def account_connect(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(SocialAccount.objects.select_related("office"), pk=pk)
    secret = request.POST.get("client_secret", "")[:500]
    try:
        begun = call_service(request, "account_connect", lambda: connect.connect_begin(
            actor=Actor.from_request(request), account_id=account.pk, client_secret=secret,
            redirect_uri=redirect_uri()))  # fmt: skip
    except (ValidationError, NotPermitted) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return _accounts(account)
    pending = dict(request.session.get(SESSION_KEY) or {})
    pending = dict(list(pending.items())[-(KEEP - 1) :])
    pending[begun.nonce] = {"account": account.pk, "verifier": begun.verifier}
    request.session[SESSION_KEY] = pending
    return HttpResponseRedirect(begun.url)


def _refuse(request: HttpRequest, reason: str, account_id: int | None) -> HttpResponse:
    connect.connect_refused(actor=Actor.from_request(request), reason=reason, account_id=account_id)
    messages.error(
        request,
        _(
            "This connection answer is not valid: it is forged, expired, already used, or was started in another "
            "browser. Nothing was changed. Start again with the Connect button."
        ),
    )
    return _accounts()


@never_cache
@system_admin_required(message=ADMIN_ONLY)
@require_GET
def account_connected(request: HttpRequest) -> HttpResponse:
    """Where the network sends the administrator back, with `state` and `code` (or `error`)."""
    try:
        account_id, nonce = connect.state_read(request.GET.get("state", ""))
    except connect.BadState as exc:
        return _refuse(request, str(exc), None)
    pending = dict(request.session.get(SESSION_KEY) or {})
    started = pending.pop(nonce, None)  # once: a replayed answer finds nothing
    request.session[SESSION_KEY] = pending
    if started is None or started.get("account") != account_id:
        return _refuse(request, "not-this-session", account_id)
    account = SocialAccount.objects.select_related("office").filter(pk=account_id).first()
    if account is None:
        return _refuse(request, "no-account", account_id)
    code = request.GET.get("code", "")
    if not code:
        said = request.GET.get("error", "")[:60] or "no-code"
        messages.warning(
            request,
            _("%(network)s did not give the approval (%(error)s). Nothing was changed.")
            % {"network": account.get_network_display(), "error": said},
        )
        return _accounts(account)
    try:
        call_service(request, "account_connected", lambda: connect.connect_finish(
            actor=Actor.from_request(request), account_id=account.pk, code=code[:2000],
            verifier=started["verifier"], redirect_uri=redirect_uri()))  # fmt: skip
    except (ValidationError, NotPermitted) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(
            request,
            _("%(account)s is connected. Its token is renewed automatically; nothing more to paste.")
            % {"account": account},
        )
    return _accounts(account)
