"""Step 8's screens: the shares on the item page (send, proof, statuses) and the accounts of the office."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from redaksi.accounts.models import Office
from redaksi.audit.refusals import call_service, system_admin_required
from redaksi.core.actor import Actor
from redaksi.core.errors import Conflict, NotPermitted
from redaksi.core.http import apply_errors, post_data
from redaksi.core.middleware import CONTENT_SECURITY_POLICY
from redaksi.newsroom.selectors import visible_items

from . import connect, followups, services
from .forms import AccountForm, TokenForm
from .models import Share, SocialAccount
from .panel import panel_context

ADMIN_ONLY = gettext_lazy("Only a system administrator connects social media accounts.")
HELD = gettext_lazy(
    "%(account)s was not sent again: its last post may already be on the network. Look there first, then paste "
    "the post's address or press its own Send button."
)


def _item(request: HttpRequest, pk: int):
    item = visible_items(request.user).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def _back(item) -> HttpResponse:
    return redirect(reverse("newsroom:item", args=[item.pk]) + "#shares")


@login_required
@require_POST
def share_act(request: HttpRequest, pk: int) -> HttpResponse:
    """One form for every card: keep the edited texts, then send one account, all of them, or keep a proof."""
    item = _item(request, pk)
    actor = Actor.from_request(request)
    ids = [int(key.removeprefix("text-")) for key in request.POST if key.startswith("text-") and key[5:].isdigit()]
    texts = {i: (request.POST.get(f"text-{i}", ""), request.POST.get(f"title-{i}", "").strip()) for i in ids}
    proof, send = request.POST.get("proof", ""), request.POST.get("send", "")
    try:
        if proof.isdigit():
            url = request.POST.get(f"url-{proof}", "")
            call_service(request, "share_proof", lambda: (
                services.shares_send(actor=actor, item_id=item.pk, texts=texts, send=[]),
                services.share_proof(actor=actor, item_id=item.pk, account_id=int(proof), url=url)))  # fmt: skip
            messages.success(request, _("The post's address was kept as proof."))
        else:
            chosen = ids if send == "all" else [int(send)] if send.isdigit() else []
            sent = call_service(request, "share_send", lambda: services.shares_send(
                actor=actor, item_id=item.pk, texts=texts, send=chosen, every=send == "all"))  # fmt: skip
            for problem in sent.problems:
                messages.error(request, problem)
            for account in sent.held:
                messages.warning(request, HELD % {"account": account})
            if sent.queued:
                n = len(sent.queued)
                messages.success(request, _("Sending %(n)s posts. Their status appears below.") % {"n": n})
            elif sent.problems:
                messages.info(request, _("Nothing was sent. The texts were saved; correct them and send again."))
            else:
                messages.info(request, _("The texts were saved."))
    except (Conflict, NotPermitted) as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return _back(item)


@login_required
@require_safe
def share_statuses(request: HttpRequest, pk: int) -> HttpResponse:
    """The statuses of the item's shares, for htmx to put into the cards while posts are on their way."""
    item = _item(request, pk)
    context = panel_context(request, item, can_share=False)
    response = render(request, "social/_statuses.html", context)
    stuck = {Share.Status.REFUSED, Share.Status.NEEDS_PERSON, Share.Status.TOKEN_DEAD}
    if not context["in_flight"] and any(c["share"].status in stuck for c in context["cards"]):
        # The last post on its way came back refused or waiting for a person: reload, so its card can be edited.
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def followup_act(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's answer to a follow-up offer: act (update, reply, delete), done by hand, or leave the post."""
    item = _item(request, pk)
    actor = Actor.from_request(request)
    op, raw = request.POST.get("op", ""), request.POST.get("followup", "")
    if not raw.isdigit() or op not in ("act", "by_hand", "skip"):
        messages.error(request, _("Choose what to do with the post."))
        return _followups(item)
    followup_id, note = int(raw), request.POST.get("note", "")
    try:
        if op == "act":
            call_service(request, "followup_act", lambda: followups.followup_act(
                actor=actor, item_id=item.pk, followup_id=followup_id, text=request.POST.get("text")))  # fmt: skip
            messages.success(request, _("It is on its way to the network. Its status appears below."))
        else:
            call_service(request, "followup_close", lambda: followups.followup_close(
                actor=actor, item_id=item.pk, followup_id=followup_id, note=note, by_hand=op == "by_hand"))  # fmt: skip
            messages.success(request, _("Kept, with your note."))
    except (Conflict, NotPermitted) as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return _followups(item)


def _followups(item) -> HttpResponse:
    return redirect(reverse("newsroom:item", args=[item.pk]) + "#followups")


def _office(request: HttpRequest) -> Office | None:
    if request.user.office_id is not None:
        return request.user.office
    slug = request.GET.get("kantor") or request.POST.get("kantor")
    return Office.objects.filter(slug=slug).first() if slug else None


@system_admin_required(message=ADMIN_ONLY)
@require_safe
def account_list(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    if office is None:
        return render(request, "social/accounts.html", {"offices": Office.objects.order_by("name")})
    services.accounts_sync(office)  # the defaults of REDAKSI_SOCIAL appear for the office to complete
    accounts = SocialAccount.objects.filter(office=office).order_by("-active", "network", "name")
    context = {"office": office, "accounts": accounts, "token_form": TokenForm()}
    return _forms_may_reach(request, render(request, "social/accounts.html", context), accounts)


def _forms_may_reach(request: HttpRequest, response: HttpResponse, accounts) -> HttpResponse:
    """“Connect with X / YouTube” posts here and is redirected to the network: CSP's form-action must allow it."""
    origins = connect.authorize_origins(accounts)
    if origins:
        policy = CONTENT_SECURITY_POLICY.format(nonce=request.csp_nonce)
        response["Content-Security-Policy"] = policy.replace(
            "form-action 'self'", f"form-action 'self' {' '.join(origins)}"
        )
    return response


def _initial(account: SocialAccount | None) -> dict:
    if account is None:
        return {"required": True, "active": True}
    fields = {name: getattr(account, name) for name in services.FIELDS}
    fields["options"] = json.dumps(account.options, ensure_ascii=False) if account.options else ""
    return fields


@system_admin_required(message=ADMIN_ONLY)
@require_http_methods(["GET", "HEAD", "POST"])
def account_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    account = None
    if pk is not None:
        account = get_object_or_404(SocialAccount.objects.select_related("office"), pk=pk)
        office = account.office
    else:
        office = _office(request)
    if office is None or (request.user.office_id not in (None, office.pk)):
        raise Http404
    form = AccountForm(post_data(request), initial=_initial(account))
    if request.method == "POST" and form.is_valid():
        try:
            saved = call_service(request, "account_save", lambda: services.account_save(
                actor=Actor.from_request(request), office=office, fields=form.cleaned_data,
                account_id=account.pk if account else None))  # fmt: skip
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The account %(account)s was saved.") % {"account": saved})
            return redirect(reverse("social:accounts") + f"?kantor={office.slug}")
    return render(request, "social/account_form.html", {"form": form, "account": account, "office": office})


@system_admin_required(message=ADMIN_ONLY)
@require_POST
def account_token(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(SocialAccount.objects.select_related("office"), pk=pk)
    form = TokenForm(request.POST)
    back = redirect(reverse("social:accounts") + f"?kantor={account.office.slug}")
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return back
    try:
        call_service(request, "account_token", lambda: services.account_token_set(
            actor=Actor.from_request(request), account_id=account.pk, token=form.cleaned_data["token"],
            expires_at=form.cleaned_data["expires_at"]))  # fmt: skip
    except (ValidationError, NotPermitted) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("The token of %(account)s was saved, encrypted.") % {"account": account})
    return back


@system_admin_required(message=ADMIN_ONLY)
@require_POST
def account_test(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(SocialAccount.objects.select_related("office"), pk=pk)
    try:
        call_service(request, "account_test", lambda: services.account_test(
            actor=Actor.from_request(request), account_id=account.pk))  # fmt: skip
    except NotPermitted as exc:
        messages.error(request, str(exc))
    else:
        messages.info(request, _("The connection is being tried; its answer appears in the list."))
    return redirect(reverse("social:accounts") + f"?kantor={account.office.slug}")
