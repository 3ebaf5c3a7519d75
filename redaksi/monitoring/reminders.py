"""The reminder that a semester's Tabel 7 round is due: a periodic job (`manage.py monitoring_reminders`).

Rounds go by semester (I: January to June, II: July to December). From the first day of a semester's
last month, whoever may sign its round (`access.may_monitor`: the office's administrators and the holders
of the SOP's deciding roles, acting officials included) is told it is due; once the semester has ended
with the round still unsigned, they are told again. Each person gets each stage of each round once: a
`RoundReminder` row with a unique key records it in the same transaction as the notice.
"""

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from redaksi.accounts.models import Office, Role, User
from redaksi.accounts.selectors import role_holders
from redaksi.audit.services import audit_log
from redaksi.newsroom import timing
from redaksi.notify.messages import Message
from redaksi.notify.services import notify_users
from redaksi.sop.models import Sop

from . import selectors
from .access import supervisor_role_ids
from .models import Round, RoundReminder
from .period import semester_of, semester_period

ROMAN = {1: "I", 2: "II"}


def due_stages(day: date) -> list[tuple[int, int, str]]:
    """(year, semester, stage) of the rounds to remind of on `day`: this semester's from its last month,
    and the semester before (ended)."""
    year, semester = semester_of(day)
    stages = []
    if day.month == semester * 6:
        stages.append((year, semester, RoundReminder.Stage.DUE))
    before = (year, 1) if semester == 2 else (year - 1, 2)
    stages.append((*before, RoundReminder.Stage.OVERDUE))
    return stages


def assessors(office: Office) -> list[User]:
    """Whoever may sign the office's rounds: its active administrators and the deciding roles' holders."""
    people = {u.pk: u for u in User.objects.filter(is_active=True, is_staff=True, office=office)}
    for role in Role.objects.filter(office=office, pk__in=supervisor_role_ids(office.pk)):
        people.update({u.pk: u for u in role_holders(role) if u.office_id == office.pk})
    return sorted(people.values(), key=lambda u: u.pk)


def round_reminders_run(*, now: datetime | None = None) -> int:
    """Send the round reminders due now; returns how many people were notified."""
    now = now or timezone.now()
    today = now.astimezone(timing.calendar().tz).date()
    sent = 0
    for office in Office.objects.all():
        people = None
        for sop in selectors.office_sops(office.pk):
            for year, semester, stage in due_stages(today):
                if not _wanted(sop, year, semester):
                    continue
                people = assessors(office) if people is None else people
                sent += sum(_remind(sop, year, semester, stage, user, now) for user in people)
    return sent


def _wanted(sop: Sop, year: int, semester: int) -> bool:
    """The SOP was in force before the semester ended, and its round is not signed."""
    if not sop.versions.filter(loaded_at__lt=semester_period(year, semester).stop).exists():
        return False
    return not Round.objects.filter(sop=sop, year=year, semester=semester, signed_at__isnull=False).exists()


def _remind(sop: Sop, year: int, semester: int, stage: str, user: User, now: datetime) -> bool:
    key = {"sop": sop, "year": year, "semester": semester, "stage": stage, "user": user}
    if RoundReminder.objects.filter(**key).exists():
        return False
    values = {"sop": str(sop), "semester": ROMAN[semester], "year": year}
    url = reverse("monitoring:tabel7") + f"?tahun={year}&semester={semester}"
    try:
        with transaction.atomic():
            RoundReminder.objects.create(**key, sent_at=now)
            notify_users(
                [user],
                kind="monitoring.round",
                title=Message(f"round.{stage}.title", values),
                body=Message(f"round.{stage}.body", values),
                url=url,
            )
            audit_log(
                action="monitoring.round.remind",
                obj=sop,
                data={"year": year, "semester": semester, "stage": stage, "user": user.pk},
            )
    except IntegrityError:
        return False  # another worker sent it
    return True
