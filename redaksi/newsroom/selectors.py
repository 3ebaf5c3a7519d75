"""Reads of news items. Public code reads only through `published_items`."""

import hashlib
import json
import re
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from redaksi.accounts.models import Office, Role, User
from redaksi.accounts.selectors import Capacity, user_capacities
from redaksi.core.stemming import word_stems
from redaksi.sop import engine
from redaksi.sop.engine import FIRST_STEP, Flow
from redaksi.sop.models import Sop, SopVersion

from . import timing
from .models import NewsItem, Revision, StepRun


def text_hash(title: str, lead: str, body: str) -> str:
    """What an approval covers: exactly this title, lead and body."""
    canonical = json.dumps([title, lead, body], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


_TITLE_WORDS = re.compile(r"\w+")


def title_matches(query: str) -> Q:
    """Titles holding every word of the query, each in any of its forms: "meresmikan" finds "Peresmian".

    A stem is looked for as a part of the title, as the word itself is, so the trigram index on
    PostgreSQL serves both; a stem shorter than three letters would match nearly any title.
    """
    words = _TITLE_WORDS.findall(query.lower())[:8]
    if not words:
        return Q(title__icontains=query)
    condition = Q()
    for word in words:
        forms = Q(title__icontains=word)
        for stem in word_stems(word):
            if len(stem) >= 3:
                forms |= Q(title__icontains=stem)
        condition &= forms
    return condition


@lru_cache(maxsize=128)
def _flow_for_version(version_id: int, in_force_id: int | None = None) -> Flow:
    """The flow of a version, as the version `in_force_id` assigns its steps (see `engine.under`).

    Versions are immutable, so a flow, and a pair's, can be cached for the life of the process.
    """
    own = Flow.from_definition(SopVersion.objects.get(pk=version_id).definition)
    if in_force_id is None or in_force_id == version_id:
        return own
    return engine.under(own, _flow_for_version(in_force_id))


def version_in_force(version_id: int) -> int:
    """The newest version of the SOP that `version_id` belongs to (itself, until a later one is loaded)."""
    sop = SopVersion.objects.filter(pk=version_id).values("sop_id")[:1]
    newest = SopVersion.objects.filter(sop_id=Subquery(sop)).order_by("-number").values_list("pk", flat=True)
    return newest.first() or version_id


def flow_for(item: NewsItem, in_force: dict[int, int] | None = None) -> Flow:
    """The flow an item moves by: its own version's steps, performed by the roles of the version in force.

    Every question about who may act on an item, who is reminded and whose desk shows it reads this.
    A loop over many items passes one `in_force` dict, filled as it goes, to ask once per version.
    """
    in_force = {} if in_force is None else in_force
    if item.sop_version_id not in in_force:
        in_force[item.sop_version_id] = version_in_force(item.sop_version_id)
    return _flow_for_version(item.sop_version_id, in_force[item.sop_version_id])


def sop_flows(sop_id: int) -> dict[int, Flow]:
    """Every version of a SOP, by id, with its flow as the version in force assigns it."""
    ids = list(SopVersion.objects.filter(sop_id=sop_id).order_by("-number").values_list("pk", flat=True))
    return {pk: _flow_for_version(pk, ids[0]) for pk in ids}


def waiting_for(sop_id: int, role_codes: Iterable[str]) -> Q:
    """Items of the SOP waiting at a step these roles now perform, whatever version they run under."""
    codes, condition = set(role_codes), Q(pk__in=[])
    for pk, flow in sop_flows(sop_id).items():
        numbers = [s.number for s in flow.steps if s.role in codes]
        if numbers:
            condition |= Q(sop_version_id=pk, current_step__in=numbers)
    return condition


def standing_at(flows: dict[int, Flow]) -> dict[int | None, Q]:
    """For each step number of the version in force, the items standing there (whatever their version);
    under None, the items at a step that version no longer has."""
    places: dict[int | None, Q] = {}
    for pk, flow in flows.items():
        for step in flow.steps:
            here = Q(sop_version_id=pk, current_step=step.number)
            key = step.number_in_force
            places[key] = places[key] | here if key in places else here
    return places


def news_sop_version(office: Office) -> SopVersion | None:
    """The SOP version new items of `office` start under: the newest of its news SOP."""
    code = getattr(settings, "REDAKSI_NEWS_SOP_CODE", "pengelolaan-berita")
    sop = Sop.objects.filter(office=office, code=code).first() or Sop.objects.filter(office=office).first()
    return sop.latest_version() if sop else None


def role_by_code(office_id: int, code: str) -> Role:
    return Role.objects.get(office_id=office_id, code=code)


def capacity_in(
    user: User, office_id: int, role_code: str, capacities: list[Capacity] | None = None
) -> Capacity | None:
    for capacity in capacities if capacities is not None else user_capacities(user):
        if capacity.role.office_id == office_id and capacity.role.code == role_code:
            return capacity
    return None


def visible_items(user: User) -> QuerySet[NewsItem]:
    """Items a member of staff may open: their office's, except other people's first-step drafts that they
    never acted on (the rule of `policy.may_view`: an item returned to step 1 stays open to those who had it)."""
    qs = NewsItem.objects.filter(office_id=user.office_id)
    acted = Exists(StepRun.objects.filter(item_id=OuterRef("pk"), finished_by_id=user.pk))
    return qs.exclude(Q(current_step=FIRST_STEP) & ~Q(created_by=user) & ~acted)


def returned_runs(item_ids: Iterable[int]) -> dict[int, StepRun]:
    """The decisions that sent items back: for each item whose latest finished step run was a
    return, that run (who returned it, when, and why). An item that has moved on since has none."""
    latest = (
        StepRun.objects.filter(item_id=OuterRef("item_id"), finished_at__isnull=False)
        .order_by("-finished_at", "-pk")
        .values("pk")[:1]
    )
    runs = StepRun.objects.filter(
        item_id__in=list(item_ids), pk=Subquery(latest), outcome=StepRun.Outcome.REJECT
    ).select_related("finished_by")
    return {run.item_id: run for run in runs}


def waiting_rows(items: Iterable[NewsItem], *, now: datetime | None = None) -> list[dict]:
    """Items waiting at a step, each with its step, its light (office time at the step against
    the step's standard) and, if a decision sent it back there, the run that returned it."""
    items = list(items)
    returned = returned_runs(item.pk for item in items)
    cal, now = timing.calendar(), now or timezone.now()
    rows, in_force = [], {}
    for item in items:
        step = flow_for(item, in_force).step(item.current_step)
        rows.append(
            {
                "item": item,
                "step": step,
                "timing": timing.waiting_timing(item.current_since, step.minutes, now=now, cal=cal),
                "returned": returned.get(item.pk),
            }
        )
    return rows


def published_items(*, now=None) -> QuerySet[NewsItem]:
    """The one door to public news: published, due, and not taken down."""
    now = now or timezone.now()
    return NewsItem.objects.filter(published_at__isnull=False, published_at__lte=now, taken_down_at__isnull=True)


def public_path(item: NewsItem) -> str:
    """The item's address on the public site: dated, so archives and caches never move."""
    moment = timezone.localtime(item.published_at) if item.published_at else timezone.localtime()
    return f"/berita/{moment:%Y/%m}/{item.pk}-{item.slug}/"


def as_public(item: NewsItem) -> NewsItem:
    """The item with the text the website may show: its public revision's, not a pending edit.

    Changes the instance in memory only; the public site never saves items.
    """
    if item.public_revision is not None and item.public_revision != item.revision:
        title, lead, body = (
            Revision.objects.filter(item_id=item.pk, number=item.public_revision)
            .values_list("title", "lead", "body")
            .get()
        )
        item.title, item.lead, item.body = title, lead, body
    return item
