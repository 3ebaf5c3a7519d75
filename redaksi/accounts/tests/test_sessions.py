"""Login sessions on a frozen clock: idle and absolute limits, the warning, "stay logged in", ending the
others on a new password or a disabled account, and the page of one's own sessions (issue 13)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from redaksi.accounts import services, sessions
from redaksi.accounts.models import UserSession
from redaksi.accounts.session_views import device
from redaksi.accounts.sessions import key_hash
from redaksi.audit.models import AuditEntry
from redaksi.conftest import PASSWORD

DESK = reverse("newsroom:desk")
LOGIN = reverse("accounts:login")
STATUS = reverse("accounts:session_status")
EXTEND = reverse("accounts:session_extend")
LIST = reverse("accounts:session_list")
NEW = "Jembatan-Selat-Baru-2026"
START = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)  # a Monday, 09:00 in Bengkalis
CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
PHONE = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"
)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


def log_in(user, *, agent: str = CHROME, ip: str = "10.1.2.3") -> Client:
    device_client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=ip)
    response = device_client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return device_client


def ended(reason: str):
    return AuditEntry.objects.filter(action="auth.session.ended", data__reason=reason)


def test_a_login_is_tracked_by_a_hash_of_its_key(clock, staff):
    phone = log_in(staff["head"], agent=PHONE, ip="10.9.8.7")
    key = phone.cookies[settings.SESSION_COOKIE_NAME].value
    row = UserSession.objects.get(user=staff["head"])
    assert row.key_hash == key_hash(key) and key not in row.key_hash
    assert (row.ip, row.started_at, row.ended_at) == ("10.9.8.7", START, None)
    assert device(row.user_agent) == "Chrome, Android"


def test_thirty_idle_minutes_end_a_session(clock, staff):
    browser = log_in(staff["head"])
    clock.shift(timedelta(minutes=29, seconds=59))
    assert browser.get(DESK).status_code == 200  # activity: the half hour starts again
    clock.shift(timedelta(minutes=29, seconds=59))
    assert browser.get(DESK).status_code == 200
    clock.shift(timedelta(minutes=30))
    response = browser.get(DESK)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={DESK.replace('/', '%2F')}"
    assert ended("idle").count() == 1
    assert browser.get(DESK).status_code == 302  # logged out for good, not only redirected once
    page = browser.get(response["Location"]).content.decode()
    assert "30 minutes without activity" in page


def test_twelve_hours_end_a_session_whatever_the_activity(clock, staff):
    browser = log_in(staff["head"])
    for _ in range(47):  # a page every 15 minutes for 11 h 45 min
        clock.shift(timedelta(minutes=15))
        assert browser.get(DESK).status_code == 200
    clock.shift(timedelta(minutes=15))
    assert browser.get(DESK).status_code == 302
    assert ended("absolute").count() == 1


def test_the_status_tells_what_is_left_without_counting_as_activity(clock, staff):
    browser = log_in(staff["head"])
    clock.shift(timedelta(minutes=29))
    state = browser.get(STATUS).json()
    assert state == {"idle": 60, "absolute": 12 * 3600 - 29 * 60, "remaining": 60, "warn": 60, "extendable": True}
    clock.shift(timedelta(minutes=1))
    answer = browser.get(STATUS, headers={"Accept": "application/json"})
    assert answer.status_code == 401 and answer.json()["expired"] is True
    assert ended("idle").count() == 1


def test_stay_logged_in_extends_the_idle_time(clock, staff):
    browser = log_in(staff["head"])
    clock.shift(timedelta(minutes=29, seconds=10))
    state = browser.post(EXTEND, headers={"Accept": "application/json"}).json()
    assert state["idle"] == 30 * 60 and state["remaining"] == 30 * 60
    clock.shift(timedelta(minutes=29))
    assert browser.get(DESK).status_code == 200
    # Without JavaScript the button is a form that comes back to the page.
    assert browser.post(EXTEND, {"next": DESK})["Location"] == DESK
    assert browser.post(EXTEND, {"next": "//evil.example/"})["Location"] == reverse("core:home")


def test_the_warning_near_the_twelve_hours_cannot_extend(clock, staff):
    browser = log_in(staff["head"])
    for _ in range(24 * 2 - 1):
        clock.shift(timedelta(minutes=15))
        browser.get(STATUS)
        browser.post(EXTEND)
    clock.shift(timedelta(minutes=14, seconds=30))
    state = browser.get(STATUS).json()
    assert state["remaining"] == 30 and state["extendable"] is False


def test_the_staff_page_carries_the_warning_without_inline_script(clock, staff):
    browser = log_in(staff["head"])
    page = browser.get(DESK)
    html = page.content.decode()
    assert 'id="session-timeout"' in html and 'data-remaining="1800"' in html
    assert "session-timeout.js" in html and "<script>" not in html
    assert "script-src 'self';" in page["Content-Security-Policy"]


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(clock, staff):
    head = staff["head"]
    laptop, phone = log_in(head), log_in(head, agent=PHONE)
    response = laptop.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Jembatan-Selat-Baru-2026",
            "new_password2": "Jembatan-Selat-Baru-2026",
        },
    )
    assert response.status_code == 302
    assert laptop.get(DESK).status_code == 200
    assert phone.get(DESK).status_code == 302
    assert ended("password").count() == 1
    # The kept session follows its new key and keeps its start: the 12 hours are not restarted.
    (kept,) = UserSession.objects.filter(user=head, ended_at=None)
    assert kept.started_at == START
    assert kept.key_hash == key_hash(laptop.cookies[settings.SESSION_COOKIE_NAME].value)


def test_a_reset_by_mail_ends_every_session(clock, staff):
    head = staff["head"]
    laptop = log_in(head)
    services.user_set_password(actor=head, user=head, password=NEW)
    assert laptop.get(DESK).status_code == 302
    assert ended("password").count() == 1


def test_disabling_a_user_ends_their_sessions(clock, staff):
    head = staff["head"]
    laptop = log_in(head)
    services.user_update(actor=staff["sysadmin"], user=head, is_active=False)
    assert ended("disabled").count() == 1
    (entry,) = ended("disabled")
    assert entry.actor_id == staff["sysadmin"].pk
    assert laptop.get(DESK).status_code == 302


@pytest.mark.parametrize("engine", ["django.contrib.sessions.backends.cache", "django.contrib.sessions.backends.db"])
def test_ending_works_on_the_cache_store_and_the_database_store(clock, staff, settings, engine):
    settings.SESSION_ENGINE = engine
    head = staff["head"]
    laptop, phone = log_in(head), log_in(head, agent=PHONE)
    assert Session.objects.exists() is engine.endswith(".db")
    phone_row = UserSession.objects.get(user=head, user_agent=PHONE)
    assert laptop.post(reverse("accounts:session_end", args=[phone_row.pk])).status_code == 302
    assert phone.get(DESK).status_code == 302
    assert laptop.get(DESK).status_code == 200


def test_the_list_shows_ones_own_sessions_and_ends_others(clock, staff):
    head = staff["head"]
    laptop, phone, tablet = log_in(head), log_in(head, agent=PHONE, ip="10.9.8.7"), log_in(head, ip="10.5.5.5")
    other = log_in(staff["editor"])
    page = laptop.get(LIST).content.decode()
    assert page.count("End session") == 2 and "This device" in page and "10.9.8.7" in page
    assert "Chrome, Android" in page and "Chrome, Windows" in page

    phone_row = UserSession.objects.get(user=head, user_agent=PHONE)
    assert laptop.post(reverse("accounts:session_end", args=[phone_row.pk])).status_code == 302
    assert phone.get(DESK).status_code == 302 and tablet.get(DESK).status_code == 200
    (entry,) = ended("by_user")
    assert entry.actor_id == head.pk and entry.data["session"] == phone_row.pk

    # Another user's session, an ended one, one's own current one, an unknown id: 404.
    editor_row = UserSession.objects.get(user=staff["editor"])
    mine = UserSession.objects.get(key_hash=key_hash(laptop.cookies[settings.SESSION_COOKIE_NAME].value))
    for pk in (editor_row.pk, phone_row.pk, mine.pk, 999999):
        assert laptop.post(reverse("accounts:session_end", args=[pk])).status_code == 404
    assert laptop.get(reverse("accounts:session_end", args=[editor_row.pk])).status_code == 405
    assert other.get(DESK).status_code == 200

    response = laptop.post(reverse("accounts:session_end_others"), follow=True)
    assert "1 other session was ended." in response.content.decode()
    assert tablet.get(DESK).status_code == 302 and laptop.get(DESK).status_code == 200
    assert ended("by_user").count() == 2


def test_logging_out_closes_the_row_and_anonymous_visitors_have_no_status(clock, staff, client):
    laptop = log_in(staff["head"])
    laptop.post(reverse("accounts:logout"))
    assert UserSession.objects.get().end_reason == "logout"
    assert client.get(STATUS).status_code == 302
    assert client.get(LIST).status_code == 302


def test_the_sweep_records_sessions_nobody_came_back_to(clock, staff):
    laptop = log_in(staff["head"])
    log_in(staff["editor"])
    clock.shift(timedelta(minutes=20))
    assert laptop.get(DESK).status_code == 200
    assert sessions.sweep() == (0, 0)
    clock.shift(timedelta(minutes=15))  # the editor's half hour is over, the head's is not
    assert sessions.sweep() == (1, 0)
    (entry,) = ended("idle")
    assert entry.object_id == str(staff["editor"].pk) and entry.actor_id is None
    clock.shift(timedelta(days=91))
    assert sessions.sweep() == (1, 1)  # the head's 12 hours are over; the editor's row is forgotten
    assert ended("absolute").count() == 1 and UserSession.objects.count() == 1
