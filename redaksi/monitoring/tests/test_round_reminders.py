"""The reminder that a Tabel 7 round is due: from the semester's last month, again once it ended unsigned,
once per person and stage, to whoever may sign it; on a frozen clock."""

from datetime import datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from redaksi.audit.models import AuditEntry
from redaksi.core.clock import WIB
from redaksi.monitoring.models import Round, RoundReminder
from redaksi.monitoring.reminders import due_stages, round_reminders_run
from redaksi.notify.messages import render
from redaksi.notify.models import Notification, OutboundMail
from redaksi.sop.models import Sop, SopVersion

pytestmark = pytest.mark.django_db

NOV_20 = datetime(2026, 11, 20, 9, 0, tzinfo=WIB)
DEC_1 = datetime(2026, 12, 1, 8, 0, tzinfo=WIB)
JAN_2 = datetime(2027, 1, 2, 10, 0, tzinfo=WIB)
ASSESSORS = {"head", "editor", "sysadmin"}  # Kabag and Kasubag (the deciding roles) and the administrator


@pytest.fixture
def sop(staff):
    SopVersion.objects.update(loaded_at=datetime(2026, 10, 1, tzinfo=WIB))  # in force since October
    return Sop.objects.get()


def reminded(stage: str) -> set[str]:
    return set(RoundReminder.objects.filter(stage=stage).values_list("user__username", flat=True))


def test_due_stages_follow_the_semesters():
    assert due_stages(datetime(2026, 5, 31).date()) == [(2025, 2, "overdue")]
    assert due_stages(datetime(2026, 6, 1).date()) == [(2026, 1, "due"), (2025, 2, "overdue")]
    assert due_stages(datetime(2026, 12, 31).date()) == [(2026, 2, "due"), (2026, 1, "overdue")]
    assert due_stages(datetime(2027, 1, 1).date()) == [(2026, 2, "overdue")]


def test_due_from_the_last_month_then_overdue_once_per_person(sop, staff, time_machine):
    time_machine.move_to(NOV_20, tick=False)
    assert round_reminders_run() == 0  # semester I ended before the SOP was loaded; II is not due yet
    time_machine.move_to(DEC_1, tick=False)
    assert round_reminders_run() == 3
    assert reminded("due") == ASSESSORS
    assert round_reminders_run() == 0  # the next tick repeats nothing
    notes = Notification.objects.filter(kind="monitoring.round")
    assert {n.user.username for n in notes} == ASSESSORS
    note = notes.get(user=staff["head"])
    assert note.title_key == "round.due.title" and note.url == "/pemantauan/tabel-7/?tahun=2026&semester=2"
    with translation.override("id"):
        assert render(note.title_key, note.params) == (
            "Putaran Tabel 7 jatuh tempo: Pengelolaan Berita/Rilis di Website, semester II tahun 2026"
        )
    mails = OutboundMail.objects.filter(kind="notice.monitoring.round")
    assert sorted(m.to[0] for m in mails) == sorted(staff[k].email for k in ("head", "editor", "sysadmin"))
    assert AuditEntry.objects.filter(action="monitoring.round.remind").count() == 3
    # The semester ends unsigned: told again, once.
    time_machine.move_to(JAN_2, tick=False)
    assert round_reminders_run() == 3 and round_reminders_run() == 0
    assert reminded("overdue") == ASSESSORS
    assert not Notification.objects.filter(user__in=[staff["reporter"], staff["admin"]]).exists()


def test_a_signed_round_is_not_reminded(sop, staff, time_machine):
    time_machine.move_to(JAN_2, tick=False)
    Round.objects.create(
        office=sop.office, sop=sop, year=2026, semester=2, opened_by=staff["head"], opened_at=DEC_1, signed_at=DEC_1
    )
    assert round_reminders_run() == 0
    Round.objects.update(signed_at=None)  # opened but not signed: still overdue
    assert round_reminders_run() == 3


def test_the_periodic_loop_runs_it(sop, staff, time_machine):
    assert "monitoring_reminders" in [name for name, *_rest in settings.REDAKSI_PERIODIC]
    time_machine.move_to(DEC_1, tick=False)
    call_command("monitoring_reminders", verbosity=0)
    assert reminded("due") == ASSESSORS
