"""Tabel 7 "Monitoring Pelaksanaan SOP AP": the judgement each step's data suggests, and why."""

from typing import Any

from django.utils.translation import gettext as _

from .models import Judgement

WITHIN_STANDARD_MIN = 80  # percent of passes within the time standard below which a step is not running well


def suggest(row: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """The judgement the figures of one step suggest, with the reasons (empty when it runs well)."""
    reasons: list[dict[str, Any]] = []
    if not row["runs"]:
        reasons.append({"code": "no_runs"})
    elif row["within_percent"] < WITHIN_STANDARD_MIN:
        reasons.append({"code": "slow", "percent": row["within_percent"], "threshold": WITHIN_STANDARD_MIN})
    if row["skipped"]:
        reasons.append({"code": "skipped", "count": row["skipped"]})
    if row["missing_outputs"]:
        reasons.append({"code": "missing", "count": row["missing_outputs"]})
    return (Judgement.POOR if reasons else Judgement.GOOD), reasons


def reason_text(reason: dict[str, Any]) -> str:
    code = reason["code"]
    if code == "no_runs":
        return _("The step was not carried out in the period.")
    if code == "slow":
        return _("Only %(percent)s%% of passes kept within the time standard (at least %(threshold)s%% expected).") % {
            "percent": reason["percent"],
            "threshold": reason["threshold"],
        }
    if code == "skipped":
        return _("Skipped by %(count)s finished items.") % {"count": reason["count"]}
    if code == "missing":
        return _("%(count)s passes lack the step's output.") % {"count": reason["count"]}
    return code


def reasons_text(reasons: list[dict[str, Any]]) -> str:
    return " ".join(reason_text(r) for r in reasons) or _("Within the time standard, no step skipped, outputs present.")


def judgement_label(value: str) -> str:
    return str(Judgement(value).label) if value else "–"
