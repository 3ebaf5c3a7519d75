"""Reminders and escalation along the ladder (REDAKSI_NOTIFY['REMINDER_LADDER']), and the freshness watchdog.

Both are computed from the record every time they run (step runs, publication times, the office
calendar); what was already sent is kept in rows with a unique key, so a second run, or two
workers at once, never send a reminder twice.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from redaksi.accounts.models import Office, Role
from redaksi.accounts.selectors import administrators_of, role_holders
from redaksi.audit.services import audit_log
from redaksi.core import clock
from redaksi.newsroom.models import StepRun
from redaksi.newsroom.selectors import flow_for
from redaksi.newsroom.timing import run_timing
from redaksi.sop.engine import Flow

from . import conf
from .messages import Message
from .models import FreshnessWarning, SentReminder
from .selectors import freshness
from .services import notify_users


def target_role_code(flow: Flow, step_number: int, target: str) -> str:
    """step: the step's role; supervisor: the role of the next decision step; head: the approving role."""
    step = flow.step(step_number)
    approve = flow.first_of_kind("approve")
    head = approve.role if approve else flow.last.role
    if target == "step":
        return step.role
    if target == "supervisor":
        later = [s for s in flow.steps if s.number > step_number and s.is_decision and s.role != step.role]
        return later[0].role if later else head
    if target == "head":
        return head
    return target  # a role code named in the ladder


def reminders_run(*, now: datetime | None = None) -> int:
    """Send the reminders due now. Outside office hours nothing is sent; they go at the next opening."""
    now = now or timezone.now()
    cal = clock.office_calendar_from_settings()
    if not clock.is_working_time(cal, now):
        return 0
    sent = 0
    for run, step, rung, role in _due(now, cal):
        try:
            with transaction.atomic():
                SentReminder.objects.create(step_run=run, percent=rung.percent, target=role.code, sent_at=now)
                _remind(run, step, role, rung.percent, rung.notify)
        except IntegrityError:
            continue  # another worker sent it
        sent += 1
    return sent


def reminders_skip(*, now: datetime | None = None) -> int:
    """Record the reminders due now as sent, without sending them; returns how many.

    For a history written after the fact (the demo): the thresholds its steps passed are in the past,
    and their reminders must not all arrive at once. The next thresholds are reminded as usual.
    """
    now = now or timezone.now()
    skipped = 0
    for run, _step, rung, role in _due(now, clock.office_calendar_from_settings()):
        _row, created = SentReminder.objects.get_or_create(
            step_run=run, percent=rung.percent, defaults={"target": role.code, "sent_at": now}
        )
        skipped += created
    return skipped


def _due(now: datetime, cal: clock.OfficeCalendar):
    """(run, step, rung, role) of every threshold reached and not yet reminded, in order."""
    ladder = conf.reminder_ladder()
    runs = StepRun.objects.filter(finished_at__isnull=True, item__current_step__isnull=False).select_related(
        "item", "role"
    )
    in_force: dict[int, int] = {}  # each version's newest, asked once: it names who performs the steps
    for run in runs.iterator(chunk_size=500):
        flow = flow_for(run.item, in_force)
        step = flow.step(run.step_number)
        percent = run_timing(run, step.minutes, now=now, cal=cal).percent
        for rung in ladder:
            if percent < rung.percent:
                break
            if SentReminder.objects.filter(step_run=run, percent=rung.percent).exists():
                continue
            code = target_role_code(flow, run.step_number, rung.notify)
            role = Role.objects.filter(office_id=run.item.office_id, code=code).first()
            if role is not None:
                yield run, step, rung, role


def _remind(run: StepRun, step, role: Role, percent: int, target: str) -> None:
    item = run.item
    values = {"title": item.title, "n": step.number, "percent": percent, "minutes": step.minutes}
    title = Message("reminder.title" if target == "step" else "escalation.title", values)
    body = Message(
        "reminder.body",
        {"n": step.number, "activity": step.activity, "since": run.available_at, "minutes": step.minutes},
    )
    notify_users(
        role_holders(role),
        kind="reminder",
        item=item,
        step_run=run,
        title=title,
        body=body,
        url=reverse("newsroom:item", args=[item.pk]),
    )
    audit_log(
        action="notify.reminder.send",
        obj=item,
        data={"step": step.number, "percent": percent, "role": role.code, "step_run": run.pk},
    )


def freshness_run(*, now: datetime | None = None) -> int:
    """Warn the approving role and the administrators once per episode of silence."""
    now = now or timezone.now()
    cal = clock.office_calendar_from_settings()
    warned = 0
    for office in Office.objects.all():
        state = freshness(office, now=now, cal=cal)
        if not state.stale or FreshnessWarning.objects.filter(office=office, since=state.since).exists():
            continue
        try:
            with transaction.atomic():
                FreshnessWarning.objects.create(office=office, since=state.since, warned_at=now)
                _warn(office, state)
        except IntegrityError:
            continue
        warned += 1
    return warned


def _warn(office: Office, state) -> None:
    codes = set()
    for item in office.news_items.order_by("-pk")[:1]:
        approve = flow_for(item).first_of_kind("approve")
        if approve:
            codes.add(approve.role)
    codes = codes or {"kabag"}
    users = list(administrators_of(office.pk))
    for role in Role.objects.filter(office=office, code__in=codes):
        users += list(role_holders(role))
    notify_users(
        users,
        kind="freshness",
        title=Message("freshness.title", {"days": int(state.working_days)}),
        body=Message("freshness.body", {"when": state.since}),
        url=reverse("newsroom:desk"),
    )
    audit_log(
        action="notify.freshness.warn",
        data={"office": office.pk, "since": state.since, "working_days": state.working_days},
    )
