"""Revising an SOP in the staff screens, for the office's administrator.

The editor lives in monitoring because it shows each step's observed median and p90 beside its time
standard (monitoring sits above sop). The draft, its checking and its publishing are the sop app's
(`sop.drafts`); publishing goes through `sop_load`, as the command does.
"""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST, require_safe

from redaksi.accounts.models import Role
from redaksi.audit.refusals import deny
from redaksi.audit.services import audit_log
from redaksi.core.actor import Actor
from redaksi.sop import drafts
from redaksi.sop.definition import dump_definition, load_definition
from redaksi.sop.document import SYMBOL_NAMES, document_context
from redaksi.sop.models import Sop, SopDraft, SopPerformer, SopVersion

from . import sop_form, stats
from .formatting import duration_text
from .period import Period, today

OBSERVED_DAYS = 182  # the runs beside each time standard: the half year up to today


KIND_LABELS = {
    "write": gettext_noop("writing"),
    "edit": gettext_noop("editing"),
    "approve": gettext_noop("approval"),
    "compose": gettext_noop("composing with media"),
    "upload": gettext_noop("uploading"),
    "review": gettext_noop("correction"),
    "publish": gettext_noop("publication"),
    "share": gettext_noop("sharing"),
    "other": gettext_noop("other"),
}


def kind_label(kind: str) -> str:
    """`upload+publish` -> "pengunggahan + penerbitan (upload+publish)": the desk's words, then the file's."""
    words = " + ".join(_(KIND_LABELS[k]) if k in KIND_LABELS else k for k in kind.split("+"))
    return f"{words} ({kind})"


def office_sop(request: HttpRequest, pk: int) -> Sop:
    """The SOP, for an administrator of its own office; another office's SOP is not found."""
    if not request.user.is_staff:
        raise deny(request, _("Only the office's administrator may revise its SOPs."), what="sop_editor")
    return get_object_or_404(Sop, pk=pk, office_id=request.user.office_id)


def observed(sop: Sop) -> dict[int, dict[str, Any]]:
    """Median and p90 of each step of the SOP's versions, by step number, over the last half year."""
    last = today()
    steps = stats.measure_runs(sop, Period(last - timedelta(days=OBSERVED_DAYS - 1), last)).steps
    return {
        number: {
            "runs": d.runs,
            "median": duration_text(stats.median(d.seconds)),
            "p90": duration_text(stats.p90(d.seconds)),
        }
        for number, d in steps.items()
    }


def _rows(
    draft: SopDraft, roles: list[Role], figures: dict[int, dict[str, Any]], shown: dict[str, list[str]]
) -> list[dict[str, Any]]:
    role_pk = {r.code: r.pk for r in roles}
    rows = []
    for i, step in enumerate(draft.data["flowchart"]["steps"]):
        origin = draft.origins[i] if i < len(draft.origins) else None
        kind = step.get("kind", "")
        rows.append(
            {
                "i": i,
                "step": step,
                "kind": "+".join(kind) if isinstance(kind, list) else kind,
                "role_pk": role_pk.get(step.get("performer")),
                "origin": origin,
                "observed": figures.get(origin) if origin else None,
                "prefix": f"steps-{i}-",
                "step_errors": shown.get(f"steps-{i}", []),
            }
        )
    return rows


def _context(sop: Sop, draft: SopDraft, shown: dict[str, list[str]], roles: list[Role]) -> dict[str, Any]:
    identity = draft.data["identity"]
    kinds = [(kind, kind_label(kind)) for kind in sop_form.KINDS]
    for step in draft.data["flowchart"]["steps"]:
        kind = step.get("kind")
        if isinstance(kind, list) and "+".join(kind) not in dict(kinds):
            kinds.append(("+".join(kind), kind_label("+".join(kind))))
    return {
        "sop": sop,
        "draft": draft,
        "identity": identity,
        "lists": {name: "\n".join(identity.get(name) or []) for name in sop_form.IDENTITY_LISTS},
        "rows": _rows(draft, roles, observed(sop), shown),
        "roles": roles,
        "symbols": [(v, _(SYMBOL_NAMES[v])) for v in sop_form.SYMBOLS],
        "kinds": kinds,
        "shown": shown,
        "problem_count": sum(len(v) for v in shown.values()),
        "versions": sop.versions.order_by("-number"),
    }


def _render(request: HttpRequest, sop: Sop, draft: SopDraft, shown: dict[str, list[str]], status: int = 200):
    context = _context(sop, draft, shown, drafts.office_roles(sop))
    return render(request, "monitoring/sop_editor.html", context, status=status)


@login_required
@require_safe
def index_view(request: HttpRequest) -> HttpResponse:
    """The office's SOPs, each with its draft (if any), its versions and their files."""
    if not request.user.is_staff:
        raise deny(request, _("Only the office's administrator may revise its SOPs."), what="sop_editor")
    sops = Sop.objects.filter(office_id=request.user.office_id).prefetch_related("versions").order_by("code")
    with_draft = set(SopDraft.objects.filter(sop__in=sops).values_list("sop_id", flat=True))
    rows = [{"sop": sop, "draft": sop.pk in with_draft, "versions": sop.versions.order_by("-number")} for sop in sops]
    return render(request, "monitoring/sop_index.html", {"rows": rows})


@login_required
def editor_view(request: HttpRequest, pk: int) -> HttpResponse:
    sop = office_sop(request, pk)
    draft = SopDraft.objects.filter(sop=sop).select_related("base").first()
    if draft is None:
        if request.method == "POST":
            return redirect("monitoring:sop_editor", pk=sop.pk)
        return render(request, "monitoring/sop_editor_start.html", {"sop": sop, "version": sop.latest_version()})
    if request.method != "POST":
        return _render(request, sop, draft, sop_form.problems_by_field(drafts.draft_problems(draft)))
    roles = drafts.office_roles(sop)
    posted = sop_form.parse(request.POST, draft, roles)
    if posted.foreign_roles:
        audit_log(
            action="authz.denied",
            actor=Actor.from_request(request),
            obj=sop,
            data={"what": "sop_editor.role", "path": request.path[:300], "roles": posted.foreign_roles},
        )
    op = request.POST.get("op", "")
    if op:
        sop_form.apply_op(op, posted.data, posted.origins)
        posted.data["flowchart"]["performers"] = sop_form.performers(posted.data, roles)
    problems = drafts.draft_save(
        actor=Actor.from_request(request), draft=draft, data=posted.data, origins=posted.origins
    )
    if not op and "HX-Request" not in request.headers:
        if problems or posted.errors:
            messages.warning(request, _("The draft is saved; fix the problems marked below before publishing it."))
        else:
            messages.success(request, _("The draft is saved and valid."))
    return _render(request, sop, draft, sop_form.problems_by_field(problems, posted.errors))


@login_required
@require_POST
def open_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Open (or create) the draft, noting the finding that asks for the revision."""
    sop = office_sop(request, pk)
    text = request.POST.get("temuan", "").strip()
    finding = {"source": request.POST.get("sumber", "").strip(), "text": text} if text else None
    drafts.draft_open(actor=Actor.from_request(request), sop=sop, finding=finding)
    return redirect("monitoring:sop_editor", pk=sop.pk)


@login_required
@require_POST
def publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    sop = office_sop(request, pk)
    draft = get_object_or_404(SopDraft, sop=sop)
    try:
        result = drafts.draft_publish(actor=Actor.from_request(request), draft=draft)
    except drafts.DraftRefused as exc:
        messages.error(request, _("The draft was not published: fix the problems marked below."))
        return _render(request, sop, draft, sop_form.problems_by_field(exc.problems), status=400)
    messages.success(
        request,
        _("Version %(n)s of the SOP is in force. Items in progress keep their own version.")
        % {"n": result.version.number},
    )
    return redirect("sop:version", pk=sop.pk, number=result.version.number)


@login_required
@require_POST
def discard_view(request: HttpRequest, pk: int) -> HttpResponse:
    sop = office_sop(request, pk)
    draft = get_object_or_404(SopDraft, sop=sop)
    drafts.draft_discard(actor=Actor.from_request(request), draft=draft)
    messages.success(request, _("The draft is discarded."))
    return redirect("monitoring:sop_editor", pk=sop.pk)


@login_required
@require_safe
def preview_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft drawn as the official document, with the document's own rendering."""
    sop = office_sop(request, pk)
    draft = get_object_or_404(SopDraft, sop=sop)
    problems = drafts.draft_problems(draft)
    if problems:
        return _render(request, sop, draft, sop_form.problems_by_field(problems), status=400)
    definition = load_definition(drafts.draft_text(draft))
    roles = {r.code: r for r in drafts.office_roles(sop)}
    number = sop.latest_version().number + 1
    version = SopVersion(sop=sop, number=number, definition=definition, name=definition["identity"]["name"])
    performers = [
        SopPerformer(role=roles.get(p["role"]) or Role(code=p["role"], name=p["name"]), position=i)
        for i, p in enumerate(definition["flowchart"]["performers"])
    ]
    context = document_context(version, performers=performers)
    back = reverse("monitoring:sop_editor", kwargs={"pk": sop.pk})
    context.update({"preview": True, "versions": [], "latest_number": number, "back_url": back})
    return render(request, "sop/document.html", context)


@login_required
@require_safe
def export_view(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """A version as its definition file (what `sop_export --version-id` writes)."""
    sop = get_object_or_404(Sop, pk=pk, office_id=request.user.office_id)
    version = sop.versions.filter(number=number).first()
    if version is None:
        raise Http404
    response = HttpResponse(dump_definition(version.definition), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="SOP-{sop.code}-v{version.number}.yaml"'
    return response
