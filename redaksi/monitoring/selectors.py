"""Reads for the pages: the office's SOPs, and the items behind a figure of the dashboard (its drill-down)."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from redaksi.newsroom.models import NewsItem, StepRun
from redaksi.social.models import NETWORK_CHOICES
from redaksi.social.selectors import shares_posted
from redaksi.sop.models import Sop

from . import stats
from .period import Period

FILTERS = ("step", "rejected", "skipped", "missing", "person", "week", "published", "urgent", "late", "network")


def office_sops(office_id: int | None) -> QuerySet[Sop]:
    return Sop.objects.filter(office_id=office_id, versions__isnull=False).distinct().order_by("code")


def chosen_sop(office_id: int | None, value: str | None) -> Sop:
    """The SOP the query string names (404 if it is not one of the office's), else the office's first."""
    sops = office_sops(office_id)
    if value:
        if not value.isdigit():
            raise Http404
        sop = sops.filter(pk=int(value)).first()
    else:
        sop = sops.filter(code="pengelolaan-berita").first() or sops.first()
    if sop is None:
        raise Http404
    return sop


def _number(value: str) -> int:
    if not value.isdigit():
        raise ValidationError(_("The filter is not valid."))
    return int(value)


def _runs(sop: Sop, period: Period, **filters) -> QuerySet[NewsItem]:
    """The items with a pass matching `filters` in the period: the period's runs read once (not one
    check per item of the office)."""
    runs = stats.finished_runs(sop, period).filter(**filters)
    return stats.items_of(sop).filter(pk__in=runs.values("item_id"))


def drill(sop: Sop, period: Period, kind: str, value: str) -> QuerySet[NewsItem]:
    """The items behind one figure; `kind` is one of FILTERS."""
    items = stats.items_of(sop)
    if kind == "step":
        return _runs(sop, period, step_number=_number(value))
    if kind == "rejected":
        return _runs(sop, period, step_number=_number(value), outcome=StepRun.Outcome.REJECT)
    if kind == "person":
        return _runs(sop, period, finished_by_id=_number(value))
    if kind == "skipped":
        done = StepRun.objects.filter(item_id=OuterRef("pk"), step_number=_number(value), finished_at__isnull=False)
        finished = items.filter(finished_at__gte=period.start, finished_at__lt=period.stop)
        return finished.exclude(Exists(done.exclude(outcome=StepRun.Outcome.REOPENED)))
    if kind == "missing":
        return _missing(sop, period, _number(value))
    if kind == "published":
        return items.filter(published_at__gte=period.start, published_at__lt=period.stop)
    if kind == "urgent":
        return items.filter(urgent_published_at__gte=period.start, urgent_published_at__lt=period.stop)
    if kind == "week":
        return _week(items, period, value)
    if kind == "late":
        return items.filter(pk__in=stats.late_now(sop))
    if kind == "network":
        if value not in dict(NETWORK_CHOICES):
            raise ValidationError(_("The filter is not valid."))
        shared = shares_posted(items, period.start, period.stop).filter(account__network=value)
        return items.filter(pk__in=shared.values("item_id"))
    raise ValidationError(_("The filter is not valid."))


def _missing(sop: Sop, period: Period, number: int) -> QuerySet[NewsItem]:
    step = next((s for s in stats.sop_steps(sop) if s.number == number), None)
    q = stats.missing_output_filter(step.kind) if step else None
    if q is None:
        return NewsItem.objects.none()
    runs = stats.finished_runs(sop, period).filter(q, step_number=number).values("item_id")
    return stats.items_of(sop).filter(pk__in=runs)


def _week(items: QuerySet[NewsItem], period: Period, value: str) -> QuerySet[NewsItem]:
    try:
        monday = date.fromisoformat(value)
    except ValueError:
        raise ValidationError(_("The filter is not valid.")) from None
    week = Period(max(monday, period.first), min(monday + timedelta(days=6), period.last))
    return items.filter(published_at__gte=week.start, published_at__lt=week.stop)
