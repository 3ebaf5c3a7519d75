"""One item: its page, and the moves on it (steps, urgent publication, schedule, takedown)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from redaksi.accounts.selectors import person_of
from redaksi.core.actor import Actor
from redaksi.sop import engine
from redaksi.sop.engine import Outcome
from redaksi.sop.models import SopVersion

from .. import policy, services, timing
from ..forms import ScheduleForm, StepForm, UrgentForm
from ..selectors import flow_for, returned_runs, role_by_code, version_in_force
from .common import _act, _invalid, _item, _role_name


@login_required
@require_safe
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
        "returned": returned_runs([item.pk]).get(item.pk) if current is not None else None,
        "version_notice": _version_notice(item, flow, current),
    }
    return render(request, "newsroom/item_detail.html", context)


def _version_notice(item, flow, current) -> str:
    """Why someone else than the item's own SOP version says performs its current step, if so."""
    if current is None or not flow.superseded or not (current.own_role or current.retired):
        return ""
    in_force = SopVersion.objects.get(pk=version_in_force(item.sop_version_id))
    values = {
        "n": current.number,
        "own": item.sop_version.number,
        "v": in_force.number,
        "role": role_by_code(item.office_id, current.role).name,
    }
    if current.retired:
        return (
            _(
                "Step %(n)s of this item (SOP version %(own)s) is no longer in SOP version %(v)s, now in force. "
                "So that the item is not left waiting, %(role)s, the SOP's coordinating role, finishes this step; "
                "the item then goes on along the steps of its own version."
            )
            % values
        )
    values["old"] = role_by_code(item.office_id, current.own_role).name
    return (
        _(
            "This item runs under SOP version %(own)s, where step %(n)s is done by %(old)s. SOP version %(v)s, "
            "now in force, gives that step to %(role)s, so %(role)s does it."
        )
        % values
    )


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
        _step_done_message(item, number, Outcome(data["outcome"]), data["reason"]),
    )  # fmt: skip


def _step_done_message(item, number: int, outcome: Outcome, reason: str) -> str:
    """What the move did, said before it is made (shown only if the service succeeds)."""
    flow = flow_for(item)
    try:
        following = engine.next_step(flow, number, outcome) if item.current_step == number else number
    except (KeyError, engine.NotAllowed):
        following = number
    if following == number:  # the service refuses it: its own message says why
        return _("Step %(n)s is done.") % {"n": number}
    if following is None:
        return _("Step %(n)s is done: the SOP is complete for this item.") % {"n": number}
    values = {"n": number, "next": following, "activity": flow.step(following).activity, "reason": reason.strip()}
    if outcome is Outcome.REJECT:
        return _("Returned to step %(next)s (%(activity)s). Reason: %(reason)s") % values
    if outcome is Outcome.APPROVE:
        return _("Step %(n)s: approved. The item moves on to step %(next)s (%(activity)s).") % values
    return _("Step %(n)s is done. The item moves on to step %(next)s (%(activity)s).") % values


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


def _with_reason(request: HttpRequest, pk: int, what: str, service, missing: str, done: str) -> HttpResponse:
    """An item action that needs a reason on record: urgent publication, takedown."""
    item = _item(request, pk)
    form = UrgentForm(request.POST)
    if not form.is_valid():
        return _invalid(request, item, form, missing)
    reason = form.cleaned_data["reason"]
    actor = Actor.from_request(request)
    return _act(request, item, what, lambda: service(actor=actor, item_id=item.pk, reason=reason), done)


@login_required
@require_POST
def publish_urgent(request: HttpRequest, pk: int) -> HttpResponse:
    return _with_reason(
        request,
        pk,
        "publish_urgent",
        services.item_publish_urgent,
        _("Say why this information must be published at once."),
        _("Published as urgent public information. The item must still be approved."),
    )


@login_required
@require_POST
def takedown(request: HttpRequest, pk: int) -> HttpResponse:
    return _with_reason(
        request,
        pk,
        "takedown",
        services.item_takedown,
        _("Say why the item is taken off the website."),
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
