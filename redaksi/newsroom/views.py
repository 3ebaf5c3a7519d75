"""The desk ("Meja Redaksi"): parse input, call one service, render."""

import difflib
import io
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from redaksi.accounts.models import Role
from redaksi.accounts.permissions import deny
from redaksi.accounts.selectors import person_of, user_capacities
from redaksi.core.actor import Actor
from redaksi.core.errors import Conflict, NotPermitted
from redaksi.sop import engine
from redaksi.sop.engine import Flow, Outcome
from redaksi.sop.models import SopVersion

from . import policy, services, timing
from .events import desk_context, take_picture
from .forms import CompareForm, ItemForm, ScheduleForm, StepForm, UrgentForm, WordImportForm
from .models import NewsItem, Revision
from .selectors import flow_for, news_sop_version, role_by_code, visible_items
from .steps import handler_for
from .wordimport import MAX_FILE_BYTES, WordImportError, read_docx

PAGE_SIZE = 50
COLUMN_SIZE = 20
SEARCH_LIMIT = 500


def _item(request: HttpRequest, pk: int) -> NewsItem:
    item = visible_items(request.user).select_related("sop_version", "category", "created_by").filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def _call(request: HttpRequest, what: str, fn: Callable[[], Any]) -> Any:
    """Run a service; a refusal by role becomes a recorded 403."""
    try:
        return fn()
    except NotPermitted as exc:
        raise deny(request, str(exc), what=what) from exc


def _conflict(request: HttpRequest, item: NewsItem, message: str) -> HttpResponse:
    return render(request, "newsroom/conflict.html", {"item": item, "message": message}, status=409)


def _role_codes(request: HttpRequest) -> set[str]:
    return {c.role.code for c in user_capacities(request.user) if c.role.office_id == request.user.office_id}


def _role_name(office_id: int) -> Callable[[str], Role]:
    return lambda code: role_by_code(office_id, code)


def _may_write(request: HttpRequest, version: SopVersion) -> bool:
    flow = Flow.from_definition(version.definition)
    office_id = request.user.office_id
    return bool(policy.may_write_new(person_of(request.user), office_id, flow, _role_name(office_id)))


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """My work: the items waiting for my roles, oldest first, each with its traffic light."""
    version = news_sop_version(request.user.office) if request.user.office else None
    codes = _role_codes(request)
    rows = []
    if version is not None and codes:
        steps = [s for s in version.definition["steps"] if s["performer"] in codes]
        numbers = [s["number"] for s in steps]
        qs = (
            visible_items(request.user)
            .filter(current_step__in=numbers, sop_version__in=SopVersion.objects.filter(sop=version.sop))
            .select_related("created_by", "sop_version")
            .order_by("current_since", "pk")
        )
        cal = timing.calendar()
        now = timezone.now()
        for item in qs[:PAGE_SIZE]:
            step = flow_for(item).step(item.current_step)
            if step.role not in codes:
                continue  # an older SOP version puts this step with another role
            rows.append(
                {
                    "item": item,
                    "step": step,
                    "timing": timing.waiting_timing(item.current_since, step.minutes, now=now, cal=cal),
                }
            )
    can_write = version is not None and _may_write(request, version)
    extra = desk_context(request.user.office) if request.user.office else {}
    return render(
        request,
        "newsroom/desk.html",
        {"rows": rows, "can_write": can_write, "version": version, **extra},
    )


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """All items by step, the columns taken from the SOP."""
    version = news_sop_version(request.user.office) if request.user.office else None
    if version is None:
        return render(request, "newsroom/board.html", {"columns": []})
    q = request.GET.get("q", "")[:100].strip()
    mine = request.GET.get("saya") == "1"
    qs = (
        visible_items(request.user)
        .filter(sop_version__in=SopVersion.objects.filter(sop=version.sop))
        .defer("body", "lead", "share_links")
    )
    if q:
        qs = qs.filter(title__icontains=q)
    if mine:
        qs = qs.filter(created_by=request.user)
    columns, capped = [], False
    if q:
        # A search reads the matching items once and sorts them into columns here.
        matches = list(
            qs.filter(current_step__isnull=False)
            .select_related("created_by")
            .order_by("current_since", "pk")[:SEARCH_LIMIT]
        )
        for step in version.definition["steps"]:
            found = [item for item in matches if item.current_step == step["number"]]
            columns.append({"step": step, "count": len(found), "items": found[:COLUMN_SIZE]})
        capped = len(matches) == SEARCH_LIMIT
    else:
        counts = dict(
            qs.filter(current_step__isnull=False).values_list("current_step").annotate(n=Count("pk")).order_by()
        )
        for step in version.definition["steps"]:
            items = qs.filter(current_step=step["number"]).select_related("created_by").order_by("current_since", "pk")
            columns.append({"step": step, "count": counts.get(step["number"], 0), "items": list(items[:COLUMN_SIZE])})
    finished = qs.filter(current_step__isnull=True).order_by("-finished_at")[:10]
    return render(
        request,
        "newsroom/board.html",
        {"columns": columns, "finished": finished, "q": q, "mine": mine, "capped": capped},
    )


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


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _import_pictures(request: HttpRequest, item: NewsItem, draft) -> int:
    """The document's pictures go into the media library, each checked like any upload."""
    added = 0
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
    return added


@login_required
def item_create(request: HttpRequest) -> HttpResponse:
    office = request.user.office
    if office is None:
        raise deny(request, _("Your account is not attached to an office."), what="item_create")
    form = ItemForm(request.POST or None, office=office, initial={"byline": request.user.get_full_name()})
    del form.fields["reason"]  # a reason is asked only for a correction
    rich = form.use_rich_editor(request.POST.get("body", ""))
    if request.method == "POST" and form.is_valid():
        try:
            item = _call(
                request,
                "item_create",
                lambda: services.item_create(actor=Actor.from_request(request), office=office, text=_text_from(form)),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect("newsroom:item", item.pk)
    elif request.method != "POST":
        version = news_sop_version(office)
        if version is None or not _may_write(request, version):
            raise deny(request, _("Only the role of step 1 of the SOP may write a new item."), what="item_create")
    return render(
        request,
        "newsroom/item_form.html",
        {"form": form, "item": None, "word_form": WordImportForm(), "rich_editor": rich},
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
        item = _call(
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
    added = _import_pictures(request, item, draft)
    if added:
        messages.warning(
            request,
            _("%(n)s picture(s) from the document were added to the item's photos. Give each a caption and alt text.")
            % {"n": added},
        )
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


@login_required
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
    form = ItemForm(request.POST or None, office=item.office, initial=_item_initial(item))
    if not handler_for(step.kind).corrects:
        del form.fields["reason"]  # a reason is asked only for a correction
    rich = form.use_rich_editor(item.body + request.POST.get("body", ""))
    conflict = None
    if request.method == "POST" and form.is_valid():
        base = form.cleaned_data.get("base_revision")
        try:
            result = _call(
                request,
                "item_save",
                lambda: services.item_save(
                    actor=Actor.from_request(request), item_id=item.pk, base_revision=base if base is not None else -1,
                    text=_text_from(form), reason=form.cleaned_data.get("reason", ""),
                ),
            )  # fmt: skip
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            if result.conflict is not None:
                conflict = result.conflict
                current = item.revisions.get(number=item.revision)
                data = form.data.copy()
                data["base_revision"] = str(item.revision)
                form = ItemForm(data, office=item.office)
                if not handler_for(step.kind).corrects:
                    del form.fields["reason"]
                form.use_rich_editor(item.body + data.get("body", ""))
                form.is_valid()
                return render(
                    request,
                    "newsroom/item_form.html",
                    {
                        "form": form,
                        "item": item,
                        "step": step,
                        "conflict": conflict,
                        "diff": _diff(current, conflict),
                        "rich_editor": rich,
                    },
                    status=409,
                )
            if result.revision is None:
                messages.info(request, _("Nothing changed."))
            elif result.reopened_approval:
                messages.warning(
                    request, _("The text changed after approval, so the item went back to the approval step.")
                )
            else:
                messages.success(request, _("Saved as revision %(n)s.") % {"n": result.revision.number})
            return redirect("newsroom:item", item.pk)
    return render(
        request,
        "newsroom/item_form.html",
        {"form": form, "item": item, "step": step, "conflict": conflict, "rich_editor": rich},
    )


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    flow = flow_for(item)
    runs = list(item.step_runs.select_related("role", "taken_by", "finished_by").order_by("available_at", "pk"))
    cal = timing.calendar()
    now = timezone.now()
    timeline = []
    for run in runs:
        step = flow.step(run.step_number)
        timeline.append({"run": run, "step": step, "timing": timing.run_timing(run, step.minutes, now=now, cal=cal)})
    total = timing.total_timing([row["timing"] for row in timeline], flow.total_minutes)
    current = flow.step(item.current_step) if item.current_step else None
    person, role_name = person_of(request.user), _role_name(item.office_id)
    may_complete = current is not None and policy.may_complete_step(person, item, flow, current.number, role_name)
    outcomes = engine.outcomes(flow, current.number) if may_complete else ()
    open_run = next((r for r in reversed(runs) if r.finished_at is None), None)
    context = {
        "item": item,
        "flow": flow,
        "current": current,
        "timeline": timeline,
        "total": total,
        "outcomes": [o.value for o in outcomes],
        "can_edit": current is not None and bool(policy.may_edit_text(person, item, flow, role_name)),
        "can_take": bool(outcomes) and open_run is not None and open_run.taken_at is None,
        "urgent_ok": current is not None and bool(policy.may_publish_urgently(person, item, flow)),
        "can_schedule": bool(policy.may_schedule(person, item, flow, now=now)),
        "can_takedown": bool(policy.may_take_down(person, item, flow)),
        "revisions": item.revisions.select_related("author").defer("title", "lead", "body").order_by("-number"),
        "approvals": item.approvals.order_by("-decided_at"),
        "step_form": StepForm(initial={"expected_revision": item.revision}),
        "is_public": item.published_at is not None and item.published_at <= now and item.taken_down_at is None,
    }
    return render(request, "newsroom/item_detail.html", context)


def _act(request: HttpRequest, item: NewsItem, what: str, fn: Callable[[], Any], done: str) -> HttpResponse:
    """Run one desk action on an item: 403 recorded, 409 explained, refusals as messages, then back to the item."""
    try:
        _call(request, what, fn)
    except Conflict as exc:
        return _conflict(request, item, str(exc))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("newsroom:item", item.pk)
    if done:
        messages.success(request, done)
    return redirect("newsroom:item", item.pk)


def _invalid(request: HttpRequest, item: NewsItem, form, message: str = "") -> HttpResponse:
    """A form that did not validate: one message saying what to do, or the form's own."""
    for text in [message] if message else [m for errors in form.errors.values() for m in errors]:
        messages.error(request, text)
    return redirect("newsroom:item", item.pk)


@login_required
@require_POST
def step_action(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    item = _item(request, pk)
    form = StepForm(request.POST)
    if not form.is_valid():
        return _invalid(request, item, form)
    data = form.cleaned_data
    return _act(
        request,
        item,
        "step_complete",
        lambda: services.step_complete(
            actor=Actor.from_request(request), item_id=item.pk, step_number=number, outcome=Outcome(data["outcome"]),
            expected_revision=data["expected_revision"], reason=data["reason"],
            output={"links": data["links"]} if data["links"] else None,
        ),
        _("Step %(n)s is done.") % {"n": number},
    )  # fmt: skip


@login_required
@require_POST
def step_take(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    item = _item(request, pk)
    return _act(
        request,
        item,
        "step_take",
        lambda: services.step_take(actor=Actor.from_request(request), item_id=item.pk, step_number=number),
        "",
    )


@login_required
@require_POST
def publish_urgent(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = UrgentForm(request.POST)
    if not form.is_valid():
        return _invalid(request, item, form, _("Say why this information must be published at once."))
    reason = form.cleaned_data["reason"]
    return _act(
        request,
        item,
        "publish_urgent",
        lambda: services.item_publish_urgent(actor=Actor.from_request(request), item_id=item.pk, reason=reason),
        _("Published as urgent public information. The item must still be approved."),
    )


@login_required
@require_POST
def takedown(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = UrgentForm(request.POST)
    if not form.is_valid():
        return _invalid(request, item, form, _("Say why the item is taken off the website."))
    reason = form.cleaned_data["reason"]
    return _act(
        request,
        item,
        "takedown",
        lambda: services.item_takedown(actor=Actor.from_request(request), item_id=item.pk, reason=reason),
        _("The item was taken off the website. Its address now says it was withdrawn."),
    )


@login_required
@require_POST
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        return _invalid(request, item, form, _("Enter the date and time as shown, e.g. 25/11/2026 09.00."))
    publish_at = form.cleaned_data["publish_at"]
    return _act(
        request,
        item,
        "schedule",
        lambda: services.item_schedule(actor=Actor.from_request(request), item_id=item.pk, publish_at=publish_at),
        _("The publication time was saved."),
    )


@login_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """How the item will look on the website (the output of the upload step)."""
    item = _item(request, pk)
    response = render(request, "newsroom/preview.html", {"item": item})
    response["Cache-Control"] = "private, no-store"
    return response


def _diff(a: Revision, b: Revision) -> list[dict[str, Any]]:
    """Field-by-field comparison; every piece of text is escaped before it is marked up."""
    rows = []
    fields = [("title", _("Title")), ("lead", _("Lead")), ("body", _("Body"))]
    for name, label in fields:
        rows.append({"label": label, "html": _word_diff(getattr(a, name), getattr(b, name))})
    for key, label in [
        ("category", _("Category")),
        ("tags", _("Tags")),
        ("byline", _("Byline")),
        ("place", _("Place")),
        ("event_date", _("Event date")),
    ]:
        before, after = a.meta.get(key, ""), b.meta.get(key, "")
        if isinstance(before, list):
            before, after = ", ".join(before), ", ".join(after or [])
        rows.append({"label": label, "html": _word_diff(str(before), str(after))})
    return rows


def _word_diff(before: str, after: str) -> str:
    if before == after:
        return escape(after)
    a, b = before.split(" "), after.split(" ")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(a[i1:i2])))
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return mark_safe(" ".join(out))  # noqa: S308 - every piece above is escaped


@login_required
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = CompareForm(request.GET)
    if not form.is_valid():
        raise Http404
    revisions = {
        r.number: r for r in item.revisions.filter(number__in=[form.cleaned_data["a"], form.cleaned_data["b"]])
    }
    a, b = revisions.get(form.cleaned_data["a"]), revisions.get(form.cleaned_data["b"])
    if a is None or b is None:
        raise Http404
    return render(request, "newsroom/compare.html", {"item": item, "a": a, "b": b, "rows": _diff(a, b)})


def item_url(item: NewsItem) -> str:
    return reverse("newsroom:item", args=[item.pk])
