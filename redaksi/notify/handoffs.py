"""What notify does when the newsroom announces a step, and shows on its desk: registered in `NotifyConfig.ready()`."""

from django.urls import reverse

from redaksi.accounts.selectors import person_of, role_holders
from redaksi.newsroom import policy
from redaksi.newsroom.events import StepCompleted, StepReassigned, StepStarted
from redaksi.newsroom.models import Approval, StepRun
from redaksi.newsroom.selectors import flow_for
from redaksi.newsroom.steps import handler_of

from .approvals import approval_request, links_close
from .messages import Message
from .selectors import freshness
from .services import notifications_done, notify_users
from .softcopy import softcopy_ensure


def on_step_started(event: StepStarted) -> None:
    """Inside the newsroom's transaction: keep the softcopy of a decision just made, and tell the next role."""
    item, run = event.item, event.run
    for approval in Approval.objects.filter(item=item, softcopy__isnull=True):
        softcopy_ensure(approval)
    # The item left its earlier step: what announced it is done, and its mailed links stop working.
    notifications_done(item=item, keep_run=run)
    links_close(item, keep_run=run)
    flow = flow_for(item)
    step = flow.step(run.step_number)
    if step.number == flow.first.number and not StepRun.objects.filter(item=item).exclude(pk=run.pk).exists():
        return  # a new draft: its writer is already at work
    if handler_of(step).approves:
        approval_request(item, run, step, sender=event.actor.user)
        return
    previous = (
        StepRun.objects.filter(item=item, finished_at__isnull=False).exclude(pk=run.pk).order_by("-finished_at", "-pk")
    ).first()
    returned = previous is not None and previous.outcome in ("reject", "reopened")
    values = {"title": item.title, "n": step.number, "activity": step.activity}
    if returned:
        title = Message("returned.title", values)
        body = Message("returned.body", {**values, "reason": previous.reason or "—"})
    else:
        title, body = Message("handoff.title", values), Message("handoff.body", values)
    # Only those who may do the step (a return to the first step is its writer's alone), and not the one
    # who handed it on: they know already (the same person may hold the next role too).
    actor = event.actor.user
    notify_users(
        [
            u
            for u in role_holders(run.role)
            if (actor is None or u.pk != actor.pk)
            and policy.may_complete_step(person_of(u), item, flow, step.number, str).allowed
        ],
        kind="returned" if returned else "handoff",
        item=item,
        step_run=run,
        title=title,
        body=body,
        url=reverse("newsroom:item", args=[item.pk]),
    )


def on_step_reassigned(event: StepReassigned) -> None:
    """A new SOP version in force gave the open step to another role: what told the old role is done (and
    an approval step's mailed links stop working), and the new role is told, as at a handoff."""
    item, run, step = event.item, event.run, event.step
    notifications_done(item=item)
    if handler_of(step).approves:
        approval_request(item, run, step)  # withdraws the former approvers' links
        return
    links_close(item)
    flow = flow_for(item)
    notify_users(
        [u for u in role_holders(run.role) if policy.may_complete_step(person_of(u), item, flow, step.number, str)],
        kind="handoff",
        item=item,
        step_run=run,
        title=Message("reassigned.title", {"title": item.title}),
        body=Message("reassigned.body", {"v": event.version_number, "n": step.number, "activity": step.activity}),
        url=reverse("newsroom:item", args=[item.pk]),
    )


def on_step_completed(event: StepCompleted) -> None:
    """The last step is done: nothing about the item waits for anyone any more."""
    if event.next_step is None:
        notifications_done(item=event.item)
        links_close(event.item)


def desk_freshness(office) -> dict:
    """The desk's warning when the website has gone quiet."""
    return {"freshness": freshness(office)}
