"""Writes of the monitoring: opening, filling and signing a Tabel 7 round, recording an evaluation."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from redaksi.accounts.models import User
from redaksi.audit.services import audit_log
from redaksi.core.actor import Actor
from redaksi.core.errors import Conflict
from redaksi.sop.models import Sop

from . import dashboard, evaluation, tabel7
from .access import monitoring_capacity, require_monitor
from .models import Evaluation, Judgement, Round, RoundStep
from .period import semester_period


@dataclass(frozen=True)
class StepAssessment:
    number: int
    judgement: str  # "good" or "poor"
    note: str = ""
    action: str = ""
    override_reason: str = ""


def round_open(*, actor: Actor | User, sop: Sop, year: int, semester: int) -> Round:
    who = Actor.of(actor)
    require_monitor(who.user, sop.office_id)
    if semester not in (1, 2) or not 2000 <= year <= 2100:
        raise ValidationError(_("Choose semester I or II of a valid year."))
    with transaction.atomic():
        found = Round.objects.filter(sop=sop, year=year, semester=semester).first()
        if found:
            return found
        rnd = Round.objects.create(
            office_id=sop.office_id, sop=sop, year=year, semester=semester, opened_by=who.user, opened_at=timezone.now()
        )
        _refresh(rnd)
        audit_log(action="monitoring.round.open", actor=who, obj=rnd, data={"year": year, "semester": semester})
    return rnd


def live_rows(rnd: Round) -> list[dict[str, Any]]:
    """The round's steps with today's figures and the judgement they suggest."""
    d = dashboard.build(rnd.sop, semester_period(rnd.year, rnd.semester))
    rows = []
    for row in d.steps:
        suggested, reasons = tabel7.suggest(row)
        rows.append({**row, "suggested": suggested, "reasons": reasons})
    return rows


def _refresh(rnd: Round) -> dict[int, RoundStep]:
    """Bring the unsigned round's stored suggestions up to today's data."""
    steps = {s.number: s for s in rnd.steps.all()}
    for row in live_rows(rnd):
        figures = {k: row[k] for k in ("runs", "median_seconds", "p90_seconds", "within", "within_percent")}
        figures.update({k: row[k] for k in ("minutes", "skipped", "missing_outputs", "rejections")})
        step = steps.get(row["number"]) or RoundStep(round=rnd, number=row["number"])
        step.procedure, step.suggested, step.reasons, step.figures = (
            row["activity"], row["suggested"], row["reasons"], figures,
        )  # fmt: skip
        step.save()
        steps[step.number] = step
    return steps


def _apply(who: Actor, rnd: Round, step: RoundStep, a: StepAssessment) -> None:
    if a.judgement not in Judgement.values:
        raise ValidationError(_("Choose a judgement for step %(n)s.") % {"n": a.number})
    reason = a.override_reason.strip()
    if a.judgement != step.suggested and not reason:
        raise ValidationError(
            _("Step %(n)s: say why the judgement differs from the one the data suggests.") % {"n": a.number}
        )
    overridden = a.judgement != step.suggested and (a.judgement, reason) != (step.judgement, step.override_reason)
    step.judgement, step.note, step.action = a.judgement, a.note.strip()[:5000], a.action.strip()[:5000]
    step.override_reason = reason[:1000] if a.judgement != step.suggested else ""
    step.save()
    if overridden:
        audit_log(
            action="monitoring.round.override",
            actor=who,
            obj=rnd,
            data={"step": a.number, "suggested": step.suggested, "judgement": a.judgement, "reason": reason},
        )


@transaction.atomic
def round_save(*, actor: Actor | User, round_id: int, assessments: list[StepAssessment], sign: bool = False) -> Round:
    """Save the assessor's judgements; with `sign`, put their paraf on it and freeze the round."""
    who = Actor.of(actor)
    rnd = Round.objects.select_for_update().select_related("sop").get(pk=round_id)
    require_monitor(who.user, rnd.office_id)
    if rnd.is_signed:
        raise Conflict(_("This round has been signed and can no longer be changed."))
    steps = _refresh(rnd)
    given = {a.number: a for a in assessments}
    if set(given) != set(steps):
        raise ValidationError(_("Assess every step of the SOP."))
    for number, step in sorted(steps.items()):
        _apply(who, rnd, step, given[number])
    if sign:
        _sign(who, rnd, list(steps.values()))
    else:
        audit_log(action="monitoring.round.save", actor=who, obj=rnd, data={"steps": len(steps)})
    return rnd


def _sign(who: Actor, rnd: Round, steps: list[RoundStep]) -> None:
    user = who.user
    rnd.judgement = Judgement.GOOD if all(s.judgement == Judgement.GOOD for s in steps) else Judgement.POOR
    rnd.signed_by, rnd.signed_at = user, timezone.now()
    rnd.signer_name, rnd.signer_nip = user.get_full_name(), user.nip
    rnd.signer_jabatan = user.jabatan or monitoring_capacity(user)
    d = dashboard.build(rnd.sop, semester_period(rnd.year, rnd.semester), now=rnd.signed_at)
    rnd.figures = {
        "sop_name": str(rnd.sop),
        "published": d.published,
        "urgent": d.urgent,
        "skipped": d.skipped,
        "late_now": len(d.late_now),
    }
    rnd.save()
    audit_log(
        action="monitoring.round.sign",
        actor=who,
        obj=rnd,
        acting_role=monitoring_capacity(user),
        data={"judgement": rnd.judgement, "steps": {s.number: s.judgement for s in steps}},
    )


@transaction.atomic
def evaluation_record(
    *,
    actor: Actor | User,
    sop: Sop,
    evaluated_on: date,
    answers: list[tuple[bool, str]],
    conclusion: str = "",
) -> Evaluation:
    who = Actor.of(actor)
    require_monitor(who.user, sop.office_id)
    user = who.user
    if len(answers) != len(evaluation.QUESTIONS):
        raise ValidationError(_("Answer all seven questions."))
    if evaluated_on > timezone.localdate():
        raise ValidationError(_("The evaluation date cannot be in the future."))
    version = sop.latest_version()
    ev = Evaluation.objects.create(
        office_id=sop.office_id,
        sop=sop,
        version_number=version.number if version else 0,
        evaluated_on=evaluated_on,
        answers=[{"yes": bool(yes), "note": note.strip()[:2000]} for yes, note in answers],
        conclusion=conclusion.strip()[:5000],
        evaluator=user,
        evaluator_name=user.get_full_name(),
        evaluator_nip=user.nip,
        evaluator_jabatan=user.jabatan or monitoring_capacity(user),
        figures=evaluation.figures(sop, evaluation.evidence_period(evaluated_on)),
        recorded_at=timezone.now(),
    )
    audit_log(
        action="monitoring.evaluation.record",
        actor=who,
        obj=ev,
        acting_role=monitoring_capacity(user),
        data={"answers": [a["yes"] for a in ev.answers], "yes_percent": ev.yes_percent},
    )
    return ev
