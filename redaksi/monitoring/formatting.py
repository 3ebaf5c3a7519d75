"""Durations and shares as the pages and exports print them."""

from django.utils.translation import gettext as _


def duration_text(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    seconds = round(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return _("%(h)d h %(m)02d min") % {"h": hours, "m": minutes}
    if secs:
        return _("%(m)d min %(s)02d s") % {"m": minutes, "s": secs}
    return _("%(m)d min") % {"m": minutes}


def percent_text(value: int | None) -> str:
    return "–" if value is None else f"{value}%"


def minutes_number(seconds: float | None) -> float | None:
    """Minutes as a number for a spreadsheet cell."""
    return None if seconds is None else round(seconds / 60, 2)
