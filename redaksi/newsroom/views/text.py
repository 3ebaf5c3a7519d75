"""Writing: a new draft (by hand or from Word) and editing the text."""

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from redaksi.accounts.selectors import person_of
from redaksi.audit.refusals import call_service, deny
from redaksi.core.actor import Actor
from redaksi.core.errors import NotPermitted
from redaksi.core.http import apply_errors

from .. import policy, services
from ..events import take_picture
from ..forms import ItemForm, WordImportForm
from ..models import NewsItem
from ..selectors import flow_for, news_sop_version
from ..steps import handler_of
from ..wordimport import MAX_FILE_BYTES, WordImportError, read_docx
from .common import _item, _may_write, _role_name
from .history import _diff


def _text_from(form: ItemForm) -> services.ItemText:
    data = form.cleaned_data
    return services.ItemText(
        title=data["title"],
        lead=data["lead"],
        body=data["body"],
        category=data["category"],
        tags=form.tag_list(),
        byline=data["byline"],
        place=data["place"],
        event_date=data["event_date"],
    )


def _import_pictures(request: HttpRequest, item: NewsItem, draft) -> None:
    """The document's pictures go into the media library, each checked like any upload; one message says
    what became of them (a refused picture says why in its own)."""
    added = left = 0
    for number, image in enumerate(draft.images, start=1):
        try:
            taken = take_picture(
                actor=Actor.from_request(request), item_id=item.pk, fileobj=io.BytesIO(image.data),
                filename=f"word-{number}", size=len(image.data),
            )  # fmt: skip
        except (ValidationError, NotPermitted) as exc:
            messages.error(
                request, _("Picture %(n)s of the document was not added: %(why)s") % {"n": number, "why": exc}
            )
        else:
            added += taken
            left += not taken
    if added:
        messages.warning(
            request,
            _("%(n)s picture(s) from the document were added to the item's photos. Give each a caption and alt text.")
            % {"n": added},
        )
    if left:
        messages.warning(
            request,
            _("%(n)s picture(s) were found in the document; add them to the item from the media panel.") % {"n": left},
        )


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request: HttpRequest) -> HttpResponse:
    office = request.user.office
    if office is None:
        raise deny(request, _("Your account is not attached to an office."), what="item_create")
    version = news_sop_version(office)
    if version is None or not _may_write(request, version):  # a form posted by another role shows nothing
        raise deny(request, _("Only the role of step 1 of the SOP may write a new item."), what="item_create")
    form = ItemForm(request.POST or None, office=office, initial={"byline": request.user.get_full_name()})
    del form.fields["reason"]  # a reason is asked only for a correction
    if request.method == "POST" and form.is_valid():
        try:
            item = call_service(
                request,
                "item_create",
                lambda: services.item_create(actor=Actor.from_request(request), office=office, text=_text_from(form)),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect("newsroom:item", item.pk)
    return render(
        request,
        "newsroom/item_form.html",
        {"form": form, "item": None, "word_form": WordImportForm()},
    )


@login_required
@require_POST
def item_import(request: HttpRequest) -> HttpResponse:
    """A new draft from a .docx: the text goes in as revision 1, and the writer reviews it."""
    office = request.user.office
    form = WordImportForm(request.POST, request.FILES)
    if office is None or not form.is_valid():
        messages.error(request, _("Choose a Word document (.docx) to import."))
        return redirect("newsroom:item_create")
    upload = form.cleaned_data["document"]
    try:
        if upload.size > MAX_FILE_BYTES:
            raise WordImportError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)})
        draft = read_docx(upload.read())
        text = services.ItemText(
            title=draft.title or upload.name[:200], body=draft.body, byline=request.user.get_full_name()
        )
        item = call_service(
            request,
            "item_import",
            lambda: services.item_create(actor=Actor.from_request(request), office=office, text=text, source="word"),
        )
    except WordImportError as exc:
        messages.error(request, str(exc))
        return redirect("newsroom:item_create")
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("newsroom:item_create")
    _import_pictures(request, item, draft)
    for warning in draft.warnings:
        messages.warning(request, warning)
    messages.success(request, _("The draft was made from the Word document. Check the text before you send it on."))
    return redirect("newsroom:item_edit", item.pk)


def _item_initial(item: NewsItem) -> dict[str, Any]:
    return {
        "title": item.title, "lead": item.lead, "body": item.body, "category": item.category,
        "tags": ", ".join(t.name for t in item.tags.all()), "byline": item.byline, "place": item.place,
        "event_date": item.event_date, "base_revision": item.revision,
    }  # fmt: skip


def _edit_form(item: NewsItem, step, data=None, initial=None) -> ItemForm:
    form = ItemForm(data, office=item.office, initial=initial)
    if not handler_of(step).corrects:
        del form.fields["reason"]  # a reason is asked only for a correction
    return form


def _save_notice(item: NewsItem, flow, step) -> dict[str, str] | None:
    """What saving a change here will do to the item's approval, said before the save by the rule the
    service applies (`policy.save_effect`). None when the item holds no approval to keep or lose."""
    if not item.approved_text_hash:
        return None
    effect = policy.save_effect(flow, step.number, approved=True)
    if not effect.may_reopen:
        return {"tone": "ok", "text": _("Saving a change here needs no new approval: the approval stays.")}
    target = {"n": effect.approval.number, "activity": effect.approval.activity}
    if effect.rule == "title-or-lead":
        text = _(
            "Changing the title or the lead sends the item back to approval (step %(n)s: %(activity)s). "
            "A correction of the body needs no new approval."
        )
        # Said again as the person types (static/redaksi/save-effect.js): which of the two this save is.
        return {
            "tone": "warn",
            "text": text % target,
            "rule": effect.rule,
            "changed": _("You changed the title or the lead: saving sends the item back to approval (step %(n)s).")
            % target,
            "unchanged": _("The title and the lead are unchanged: saving needs no new approval."),
        }
    else:
        text = _(
            "Saving any change to the title, lead or body sends the item back to approval "
            "(step %(n)s: %(activity)s), and the steps after it are done again."
        )
    return {"tone": "warn", "text": text % target}


def _conflict_page(request: HttpRequest, item: NewsItem, step, form: ItemForm, conflict) -> HttpResponse:
    """The save came from an older revision: show both, with the form on the newest revision."""
    current = item.revisions.get(number=item.revision)
    data = form.data.copy()
    data["base_revision"] = str(item.revision)
    form = _edit_form(item, step, data)
    form.is_valid()
    context = {
        "form": form,
        "item": item,
        "step": step,
        "conflict": conflict,
        "diff": _diff(current, conflict),
        "save_notice": _save_notice(item, flow_for(item), step),
    }
    return render(request, "newsroom/item_form.html", context, status=409)


def _saved(request: HttpRequest, result: services.SaveResult) -> None:
    if result.revision is None:
        messages.info(request, _("Nothing changed."))
    elif result.reopened_approval:
        messages.warning(request, _("The text changed after approval, so the item went back to the approval step."))
    else:
        messages.success(request, _("Saved as revision %(n)s.") % {"n": result.revision.number})


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    flow = flow_for(item)
    step = flow.step(item.current_step) if item.current_step else None
    if step is None or not policy.may_edit_text(person_of(request.user), item, flow, _role_name(item.office_id)):
        raise deny(
            request,
            _("You cannot change the text of this item at its current step."),
            what="item_edit",
            data={"item": item.pk},
        )
    form = _edit_form(item, step, request.POST or None, initial=_item_initial(item))
    if request.method == "POST" and form.is_valid():
        base = form.cleaned_data.get("base_revision")
        try:
            result = call_service(
                request,
                "item_save",
                lambda: services.item_save(
                    actor=Actor.from_request(request), item_id=item.pk, base_revision=base if base is not None else -1,
                    text=_text_from(form), reason=form.cleaned_data.get("reason", ""),
                ),
            )  # fmt: skip
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if result.conflict is not None:
                return _conflict_page(request, item, step, form, result.conflict)
            _saved(request, result)
            return redirect("newsroom:item", item.pk)
    return render(
        request,
        "newsroom/item_form.html",
        {"form": form, "item": item, "step": step, "conflict": None, "save_notice": _save_notice(item, flow, step)},
    )
