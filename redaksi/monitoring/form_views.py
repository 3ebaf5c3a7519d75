"""Tabel 7 rounds and the evaluation form: parse, call one service, render."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from redaksi.core.actor import Actor
from redaksi.core.errors import Conflict

from . import evaluation, selectors, services
from .access import require_monitor
from .models import Evaluation, Judgement, Round
from .period import semester_of, semester_period, today


def _semester(request: HttpRequest) -> tuple[int, int]:
    year, semester = semester_of(today())
    try:
        year = int(request.GET.get("tahun", year))
        semester = int(request.GET.get("semester", semester))
    except ValueError:
        raise Http404 from None
    if semester not in (1, 2) or not 2000 <= year <= 2100:
        raise Http404
    return year, semester


@login_required
@require_safe
def tabel7_view(request: HttpRequest) -> HttpResponse:
    require_monitor(request.user)
    year, semester = _semester(request)
    sops = list(selectors.office_sops(request.user.office_id))
    rounds = {r.sop_id: r for r in Round.objects.filter(sop__in=sops, year=year, semester=semester)}
    context = {
        "year": year,
        "semester": semester,
        "period": semester_period(year, semester),
        "rows": [{"sop": sop, "round": rounds.get(sop.pk)} for sop in sops],
        "years": range(today().year - 3, today().year + 1),
    }
    return render(request, "monitoring/tabel7.html", context)


@login_required
@require_POST
def round_open_view(request: HttpRequest) -> HttpResponse:
    require_monitor(request.user)
    sop = selectors.chosen_sop(request.user.office_id, request.POST.get("sop") or "x")
    try:
        year, semester = int(request.POST.get("tahun", "")), int(request.POST.get("semester", ""))
        rnd = services.round_open(actor=Actor.from_request(request), sop=sop, year=year, semester=semester)
    except (ValueError, ValidationError):
        messages.error(request, _("Choose semester I or II of a valid year."))
        return redirect("monitoring:tabel7")
    return redirect("monitoring:round", pk=rnd.pk)


def office_round(request: HttpRequest, pk: int) -> Round:
    require_monitor(request.user)
    return get_object_or_404(Round.objects.select_related("sop", "signed_by"), pk=pk, office_id=request.user.office_id)


def _assessments(request: HttpRequest, numbers: list[int]) -> list[services.StepAssessment]:
    return [
        services.StepAssessment(
            number=n,
            judgement=request.POST.get(f"penilaian_{n}", ""),
            note=request.POST.get(f"catatan_{n}", ""),
            action=request.POST.get(f"tindakan_{n}", ""),
            override_reason=request.POST.get(f"alasan_{n}", ""),
        )
        for n in numbers
    ]


@login_required
def round_view(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = office_round(request, pk)
    errors: list[str] = []
    if request.method == "POST":
        numbers = list(rnd.steps.values_list("number", flat=True))
        sign = request.POST.get("paraf") == "1"
        if sign and request.POST.get("setuju") != "1":
            errors.append(_("Confirm that you checked the assessment before putting your paraf on it."))
        else:
            try:
                services.round_save(
                    actor=Actor.from_request(request), round_id=rnd.pk, assessments=_assessments(request, numbers),
                    sign=sign,
                )  # fmt: skip
                messages.success(request, _("The round has been signed.") if sign else _("The assessment is saved."))
                return redirect("monitoring:round", pk=rnd.pk)
            except ValidationError as error:
                errors += error.messages
            except Conflict as error:
                errors.append(str(error))
        rnd = office_round(request, pk)
    rows = services.live_rows(rnd) if not rnd.is_signed else []
    context = {
        "round": rnd,
        "steps": _form_steps(rnd, rows, request.POST if errors else None),
        "period": semester_period(rnd.year, rnd.semester),
        "errors": errors,
        "choices": Judgement.choices,
        "findings": _round_findings(rnd),
    }
    return render(request, "monitoring/round.html", context, status=400 if errors else 200)


def _round_findings(rnd: Round) -> list[dict[str, str]]:
    """The steps a signed round judged "Tidak berjalan dengan baik": each may open a revision of the SOP."""
    if not rnd.is_signed:
        return []
    return [
        {
            "source": _("Table 7, step %(n)s") % {"n": step.number},
            "text": " ".join(part for part in (step.procedure, step.note, step.action) if part),
        }
        for step in rnd.steps.all()
        if step.judgement == Judgement.POOR
    ]


def _form_steps(rnd: Round, live: list[dict], posted) -> list[dict]:
    """Each step's stored line; an unsigned round shows today's figures and suggestion."""
    live_by = {r["number"]: r for r in live}
    steps = []
    for step in rnd.steps.all():
        row = live_by.get(step.number)
        suggested = row["suggested"] if row else step.suggested
        value = (posted.get(f"penilaian_{step.number}") if posted else None) or step.judgement or suggested
        steps.append(
            {
                "step": step,
                "figures": row or step.figures,
                "suggested": suggested,
                "reasons": row["reasons"] if row else step.reasons,
                "value": value,
                "note": posted.get(f"catatan_{step.number}", "") if posted else step.note,
                "action": posted.get(f"tindakan_{step.number}", "") if posted else step.action,
                "reason": posted.get(f"alasan_{step.number}", "") if posted else step.override_reason,
            }
        )
    return steps


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_view(request: HttpRequest) -> HttpResponse:
    require_monitor(request.user)
    sop = selectors.chosen_sop(request.user.office_id, request.GET.get("sop") or request.POST.get("sop"))
    errors: list[str] = []
    on = today()
    if request.method == "POST":
        try:
            on = date.fromisoformat(request.POST.get("tanggal", ""))
            answers = [_answer(request, i) for i in range(1, len(evaluation.QUESTIONS) + 1)]
            ev = services.evaluation_record(
                actor=Actor.from_request(request), sop=sop, evaluated_on=on, answers=answers,
                conclusion=request.POST.get("kesimpulan", ""),
            )  # fmt: skip
            messages.success(request, _("The evaluation is recorded."))
            return redirect("monitoring:evaluation_detail", pk=ev.pk)
        except ValueError:
            errors.append(_("Give the evaluation date as YYYY-MM-DD and answer every question Ya or Tidak."))
        except ValidationError as error:
            errors += error.messages
    f = evaluation.figures(sop, evaluation.evidence_period(today()))
    context = {
        "sop": sop,
        "sops": selectors.office_sops(request.user.office_id),
        "questions": list(zip(evaluation.QUESTIONS, evaluation.evidence(f), _given(request, errors), strict=True)),
        "history": Evaluation.objects.filter(sop=sop).select_related("evaluator"),
        "on": on,
        "errors": errors,
        "posted": request.POST if errors else {},
    }
    return render(request, "monitoring/evaluation.html", context, status=400 if errors else 200)


def _given(request: HttpRequest, errors: list[str]) -> list[tuple[str, str]]:
    """What the form held when it was refused, so that nothing typed is lost."""
    count = len(evaluation.QUESTIONS)
    if not errors:
        return [("", "")] * count
    return [(request.POST.get(f"jawaban_{i}", ""), request.POST.get(f"catatan_{i}", "")) for i in range(1, count + 1)]


def _answer(request: HttpRequest, i: int) -> tuple[bool, str]:
    value = request.POST.get(f"jawaban_{i}")
    if value not in ("ya", "tidak"):
        raise ValueError(i)
    return value == "ya", request.POST.get(f"catatan_{i}", "")


def office_evaluation(request: HttpRequest, pk: int) -> Evaluation:
    require_monitor(request.user)
    return get_object_or_404(Evaluation.objects.select_related("sop"), pk=pk, office_id=request.user.office_id)


@login_required
def evaluation_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    ev = office_evaluation(request, pk)
    rows = list(zip(evaluation.QUESTIONS, ev.answers, evaluation.evidence(ev.figures), strict=True))
    findings = [
        {
            "source": _("Evaluation, question %(n)s") % {"n": i},
            "text": f"{question} Tidak. {answer.get('note', '')}".strip(),
        }
        for i, (question, answer, _facts) in enumerate(rows, start=1)
        if not answer.get("yes")
    ]
    return render(request, "monitoring/evaluation_detail.html", {"ev": ev, "rows": rows, "findings": findings})
