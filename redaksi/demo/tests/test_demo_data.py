"""The demo: staff for every role and a dozen items at their planned steps, backdated consistently."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from redaksi.accounts.models import User
from redaksi.audit.services import audit_breaks
from redaksi.core import clock
from redaksi.core.tests.test_production_profile import manage, production_env
from redaksi.demo.items import DEMO_ITEMS
from redaksi.demo.staff import DEMO_STAFF
from redaksi.newsroom.models import NewsItem, StepRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(bengkalis, settings, tmp_path):
    settings.REDAKSI_PUBLIC_ROOT = tmp_path / "site"
    settings.MEDIA_ROOT = tmp_path / "media"
    # The photos and video are tested in test_demo_media.py; the workflow alone is quicker.
    call_command("demo_data", "--without-media", stdout=StringIO())
    return bengkalis.sop.office


def test_every_item_waits_at_its_planned_step(demo):
    items = {i.title: i for i in NewsItem.objects.filter(office=demo)}
    assert {p.title: items[p.title].current_step for p in DEMO_ITEMS} == {p.title: p.waits_at for p in DEMO_ITEMS}


def test_each_waiting_item_is_as_far_into_its_standard_as_planned(demo):
    cal = clock.office_calendar_from_settings()
    now = timezone.now()
    for plan in DEMO_ITEMS:
        if plan.waits_at is None:
            continue
        item = NewsItem.objects.get(title=plan.title)
        run = StepRun.objects.get(item=item, finished_at__isnull=True)
        standard = item.sop_version.definition["steps"][plan.waits_at - 1]["minutes"] * 60
        spent = clock.working_seconds(cal, run.available_at, now)
        assert spent / standard == pytest.approx(plan.wait, abs=0.05), plan.title


def test_the_record_follows_time_and_its_chain_verifies(demo):
    runs = StepRun.objects.filter(finished_at__isnull=False)
    assert all(r.available_at <= r.finished_at for r in runs)
    first = NewsItem.objects.order_by("created_at").first()
    assert first.created_at < timezone.now() - timezone.timedelta(days=1)  # not written "now"
    assert list(audit_breaks()) == []


def test_running_again_changes_nothing(demo):
    before = NewsItem.objects.count(), StepRun.objects.count()
    call_command("demo_data", "--without-media", stdout=StringIO())
    assert (NewsItem.objects.count(), StepRun.objects.count()) == before
    assert before[0] == len(DEMO_ITEMS)
    assert {p.username for p in DEMO_STAFF} <= set(User.objects.filter(office=demo).values_list("username", flat=True))


def test_the_production_profile_refuses_demo_data(bengkalis, settings):
    settings.REDAKSI_PROFILE = "production"
    with pytest.raises(CommandError, match="refuses to run under the production profile"):
        call_command("demo_data", stdout=StringIO())
    assert not User.objects.filter(username__in=[p.username for p in DEMO_STAFF]).exists()
    assert not NewsItem.objects.exists()


def test_manage_py_demo_data_exits_non_zero_in_production(tmp_path):
    env = production_env(tmp_path)
    # A database no one listens on: the refusal comes before any query.
    env["DATABASE_URL"] = "postgres://demo@127.0.0.1:9/none"
    env.pop("REDIS_URL")
    result = manage(env, "demo_data")
    assert result.returncode != 0
    assert "refuses to run under the production profile" in result.stderr
    assert "connect" not in result.stderr.lower()


def test_the_history_is_not_mailed_only_the_open_approval_requests(demo):
    from redaksi.notify.models import OutboundMail

    to_send = OutboundMail.objects.exclude(status=OutboundMail.Status.FAILED)
    waiting = {p.title for p in DEMO_ITEMS if p.waits_at == 3}  # the approval step of the Bengkalis SOP
    assert len(waiting) == 2
    assert {m.kind for m in to_send} == {"approval"}
    assert {m.item.title for m in to_send} == waiting
    assert to_send.count() <= 4  # a mail per approver of each item waiting for approval
    withheld = OutboundMail.objects.filter(status=OutboundMail.Status.FAILED)
    assert withheld.count() > 20 and {m.last_error for m in withheld} == {"demo history: not sent"}


def test_the_reminders_the_history_passed_are_not_sent_at_the_next_opening(demo):
    from redaksi.notify.models import OutboundMail, SentReminder
    from redaksi.notify.reminders import reminders_run

    assert SentReminder.objects.count() > 10  # the late items passed several thresholds: on record as sent
    opening = clock.next_working_moment(clock.office_calendar_from_settings(), timezone.now())
    assert reminders_run(now=opening) == 0  # nothing came due since: no flood at the office's opening
    assert not OutboundMail.objects.filter(kind__startswith="notice.reminder").exists()
