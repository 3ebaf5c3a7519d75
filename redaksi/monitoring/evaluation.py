"""The "Evaluasi Penerapan SOP AP" form: its seven questions, and the data that bears on each."""

from datetime import date, timedelta
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from redaksi.sop.models import Sop

from . import dashboard
from .formatting import duration_text, percent_text
from .period import Period
from .stats import percent

EVIDENCE_DAYS = 182  # the data beside the questions: the half year up to the evaluation

QUESTIONS = (
    gettext_lazy("Is the SOP able to drive better performance?"),
    gettext_lazy("Is the SOP easy to understand?"),
    gettext_lazy("Is the SOP easy to carry out?"),
    gettext_lazy("Can everyone carry out their own role?"),
    gettext_lazy("Is the SOP able to resolve problems in the process?"),
    gettext_lazy("Does the SOP meet the organisation's need to perform better?"),
    gettext_lazy("Do the parts of the SOP work in synergy with one another?"),
)


def evidence_period(on: date) -> Period:
    return Period(on - timedelta(days=EVIDENCE_DAYS - 1), on)


def figures(sop: Sop, period: Period) -> dict[str, Any]:
    """The numbers the evidence is worded from; stored with an evaluation so that it reads as it did."""
    d = dashboard.build(sop, period)
    runs = sum(s["runs"] for s in d.steps)
    return {
        "first": period.first.isoformat(),
        "last": period.last.isoformat(),
        "within_percent": percent(sum(s["within"] for s in d.steps), runs),
        "published": d.published,
        "weeks": len(d.weeks),
        "returns": sum(s["rejections"] for s in d.loops),
        "late_now": len(d.late_now),
        "people": len(d.people),
        "idle_steps": [s["number"] for s in d.steps if not s["runs"]],
        "skipped": d.skipped,
        "urgent": d.urgent,
        "missing_outputs": sum(s["missing_outputs"] for s in d.steps),
        "days_since_publication": d.days_since_publication,
        "median_queue_seconds": d.median_queue_seconds,
        "bottleneck": d.bottleneck["number"] if d.bottleneck else None,
    }


def evidence(f: dict[str, Any]) -> list[list[str]]:
    """For each question, the facts worded for a reader."""
    per_week = formats.number_format(f["published"] / f["weeks"] if f["weeks"] else 0, 1, use_l10n=True)
    idle = ", ".join(str(n) for n in f["idle_steps"]) or _("none")
    last = _("none in the record") if f["days_since_publication"] is None else f["days_since_publication"]
    return [
        [
            _("Passes within the time standard: %(p)s") % {"p": percent_text(f["within_percent"])},
            _("Items published: %(n)s") % {"n": f["published"]},
        ],
        [_("Items sent back at the decision steps: %(n)s") % {"n": f["returns"]}],
        [
            _("Passes within the time standard: %(p)s") % {"p": percent_text(f["within_percent"])},
            _("Items late right now: %(n)s") % {"n": f["late_now"]},
        ],
        [
            _("People who completed steps: %(n)s") % {"n": f["people"]},
            _("Steps never carried out: %(s)s") % {"s": idle},
            _("Steps skipped: %(n)s") % {"n": f["skipped"]},
        ],
        [
            _("Items published by the urgent path: %(n)s") % {"n": f["urgent"]},
            _("Passes lacking their output: %(n)s") % {"n": f["missing_outputs"]},
        ],
        [
            _("Items published per week: %(n)s") % {"n": per_week},
            _("Days since the last publication: %(n)s") % {"n": last},
        ],
        [
            _("Median wait before a step is taken up: %(d)s") % {"d": duration_text(f["median_queue_seconds"])},
            _("Bottleneck step: %(n)s") % {"n": f["bottleneck"] or "–"},
        ],
    ]
