"""Notification pages. The approval pages need no login: the token in the address is the key."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from redaksi.audit.refusals import deny
from redaksi.core.actor import Actor
from redaksi.core.errors import NotPermitted
from redaksi.newsroom.models import Approval, NewsItem, Revision
from redaksi.newsroom.selectors import flow_for, visible_items
from redaksi.sop.engine import Outcome

from . import services
from .approvals import TokenRefused, find_token, item_links_revoke, record_refusal, refusal, token_decide
from .formatting import moment
from .forms import DecisionForm, PreferenceForm, VerifyForm
from .models import Notification, SoftcopyRecord
from .selectors import inbox as inbox_selector
from .selectors import inbox_done, unread_count
from .softcopy import normalize_code
from .telegram_bot import bot_for
from .telegram_link import LinkUnavailable, linked_chat, telegram_link_start, telegram_unlink
from .wording import decision_words

INBOX_SIZE = 100
DONE_SIZE = 20  # the latest tasks done, below the open ones


def _private(response: HttpResponse) -> HttpResponse:
    # The token is in the address: never cached, never sent to another site as a referrer, never
    # indexed. Not "no-referrer": with it browsers send "Origin: null" and the CSRF check refuses the POST.
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _refused(request: HttpRequest, refused: TokenRefused) -> HttpResponse:
    status = 404 if refused.why == "invalid" else 410 if refused.why in {"stale", "expired", "revoked"} else 409
    return _private(render(request, "notify/approval_refused.html", {"message": refused.message}, status=status))


@never_cache
@require_http_methods(["GET", "POST"])
def approval(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the text and asks to confirm (mail scanners open links); only the POST decides."""
    if request.method == "POST":
        return _decide(request, token)
    row = find_token(token)
    refused = refusal(row)
    if refused is not None:
        record_refusal(refused, channel="link", origin=Actor.from_request(request), method="GET")
        return _refused(request, refused)
    action = request.GET.get("aksi", "")
    form = DecisionForm(initial={"decision": "reject" if action == "tolak" else "approve"})
    return _private(render(request, "notify/approval.html", _page(row, form, action)))


def _page(row, form, action: str) -> dict:
    item = row.item
    return {
        "row": row,
        "item": item,
        "step": flow_for(item).step(row.step_number),
        "revision": Revision.objects.filter(item=item, number=row.revision).first(),
        "form": form,
        "action": action,
        "expires": moment(row.expires_at),
        "approver": row.user,
        "words": decision_words(item, row.step_number),
    }


def _decide(request: HttpRequest, token: str) -> HttpResponse:
    form = DecisionForm(request.POST)
    if not form.is_valid():
        row = find_token(token)
        refused = refusal(row)
        if refused is not None:
            record_refusal(refused, channel="link", origin=Actor.from_request(request), method="POST")
            return _refused(request, refused)
        return _private(render(request, "notify/approval.html", _page(row, form, "tolak"), status=400))
    outcome = Outcome.APPROVE if form.cleaned_data["decision"] == "approve" else Outcome.REJECT
    try:
        decision = token_decide(
            token=token,
            outcome=outcome,
            reason=form.cleaned_data["reason"],
            channel=Approval.Channel.LINK,
            origin=Actor.from_request(request),
        )
    except TokenRefused as refused:
        record_refusal(refused, channel="link", origin=Actor.from_request(request), method="POST")
        return _refused(request, refused)
    approval = decision.approval
    return _private(
        render(
            request,
            "notify/approval_done.html",
            {
                "approval": approval,
                "item": approval.item,
                "when": moment(approval.decided_at),
                "record": approval.softcopy,
                "words": decision_words(approval.item, approval.step_run.step_number),
            },
        )
    )


@login_required
@require_POST
def links_revoke(request: HttpRequest, item_id: int) -> HttpResponse:
    """Withdraw every live approval link of an item, from the item's page on the desk."""
    user = request.user
    item = NewsItem.objects.filter(pk=item_id).first()
    every_office = user.is_staff and user.office_id is None  # a system administrator of the installation
    if item is None or not (every_office or visible_items(user).filter(pk=item.pk).exists()):
        raise Http404
    try:
        count = item_links_revoke(actor=Actor.from_request(request), item_id=item.pk)
    except NotPermitted as exc:
        raise deny(request, str(exc), what="notify.links_revoke", data={"item": item.pk}) from exc
    if count:
        messages.success(
            request,
            ngettext(
                "%(n)s approval link was withdrawn: its mail no longer works. "
                "The item can still be approved on the desk.",
                "%(n)s approval links were withdrawn: their mails no longer work. "
                "The item can still be approved on the desk.",
                count,
            )
            % {"n": count},
        )
    else:
        messages.info(request, _("There was no live approval link to withdraw."))
    return redirect("newsroom:item", item.pk)


@login_required
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    notes = list(inbox_selector(request.user)[:INBOX_SIZE])
    done = list(inbox_done(request.user)[:DONE_SIZE])
    return render(request, "notify/inbox.html", {"notes": notes, "done": done, "unread": unread_count(request.user)})


@login_required
@require_POST
def inbox_read(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("id", "")
    ids = [int(raw)] if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None
    services.notifications_read(actor=request.user, ids=ids)
    if ids:
        note = Notification.objects.filter(user=request.user, pk=ids[0]).first()
        if note is not None and note.url.startswith("/") and not note.url.startswith("//"):
            return redirect(note.url)
    return redirect("notify:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferenceForm(request.POST or None, initial={"mode": services.preference_mode(request.user)})
    if request.method == "POST" and form.is_valid():
        services.preference_set(actor=Actor.from_request(request), mode=form.cleaned_data["mode"])
        messages.success(request, _("Your choice was saved."))
        return redirect("notify:preferences")
    return render(request, "notify/preferences.html", _preferences_context(request, form))


def _preferences_context(request: HttpRequest, form: PreferenceForm, **extra) -> dict:
    link = linked_chat(request.user)
    deep = extra.get("deep_link")
    return {
        "form": form,
        "telegram": link,
        "telegram_since": moment(link.linked_at) if link else "",
        "deep_until": moment(deep.expires_at) if deep else "",
        "telegram_bot": bot_for(request.user.office) is not None,
        **extra,
    }


@login_required
@require_POST
def telegram_link(request: HttpRequest) -> HttpResponse:
    """A one-time t.me link for the user's own chat, shown at once (never stored: only its hash is kept)."""
    form = PreferenceForm(initial={"mode": services.preference_mode(request.user)})
    try:
        deep = telegram_link_start(actor=Actor.from_request(request))
    except LinkUnavailable as exc:
        messages.error(request, str(exc))
        return redirect("notify:preferences")
    response = render(request, "notify/preferences.html", _preferences_context(request, form, deep_link=deep))
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
@require_POST
def telegram_unlink_view(request: HttpRequest) -> HttpResponse:
    if telegram_unlink(actor=Actor.from_request(request)):
        messages.success(request, _("Telegram is no longer linked. Approval requests come by e-mail only."))
    return redirect("notify:preferences")


def _record_for_staff(request: HttpRequest, approval_id: int) -> SoftcopyRecord:
    record = SoftcopyRecord.objects.select_related("approval__item").filter(approval_id=approval_id).first()
    if record is None or not visible_items(request.user).filter(pk=record.approval.item_id).exists():
        raise Http404
    return record


@login_required
@require_safe
def softcopy_pdf(request: HttpRequest, approval_id: int) -> HttpResponse:
    record = _record_for_staff(request, approval_id)
    if not record.pdf:
        raise Http404(_("The sheet is still being made. Try again in a minute."))
    name = f"lembar-persetujuan-{record.approval.item_id}-{record.code}.pdf"
    return FileResponse(record.pdf.open("rb"), as_attachment=False, filename=name, content_type="application/pdf")


@login_required
@require_safe
def softcopy_eml(request: HttpRequest, approval_id: int) -> HttpResponse:
    record = _record_for_staff(request, approval_id)
    if not record.eml:
        raise Http404
    name = f"balasan-persetujuan-{record.approval.item_id}-{record.code}.eml"
    return FileResponse(record.eml.open("rb"), as_attachment=True, filename=name, content_type="message/rfc822")


@require_safe
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone holding a printed sheet can check it: the code shows the record, not the text."""
    form = VerifyForm(request.GET or None)
    record, searched = None, False
    if form.is_valid():
        searched = True
        code = normalize_code(form.cleaned_data["kode"])
        if code:
            record = SoftcopyRecord.objects.select_related("approval__item__office").filter(code=code).first()
    context = {"form": form, "record": record, "searched": searched}
    if record is not None:
        context["when"] = moment(record.approval.decided_at)
    return _private(render(request, "notify/verify.html", context, status=404 if searched and record is None else 200))
