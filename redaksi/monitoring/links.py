"""Addresses of the drill-down: every figure leads to the list of its items."""

from urllib.parse import urlencode

from django.urls import reverse

from redaksi.sop.models import Sop

from .period import Period


def drill_url(sop: Sop, period: Period, kind: str, value: object = 1) -> str:
    query = {"sop": sop.pk, "dari": period.first.isoformat(), "sampai": period.last.isoformat()}
    query.update({"saring": kind, "nilai": value})
    return f"{reverse('monitoring:items')}?{urlencode(query)}"


def dashboard_url(sop: Sop, period: Period) -> str:
    query = {"sop": sop.pk, "dari": period.first.isoformat(), "sampai": period.last.isoformat()}
    return f"{reverse('monitoring:dashboard')}?{urlencode(query)}"
