"""Logging in and out, and the bad inputs that go with it (cases 27, 28, 31-33, 38, 40)."""

import io
import logging

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from redaksi.accounts import services
from redaksi.audit.models import AuditEntry
from redaksi.conftest import PASSWORD
from redaksi.core.logging import EscapingFormatter

LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")
DESK = reverse("newsroom:desk")


@pytest.fixture(autouse=True)
def _empty_throttle():
    cache.clear()
    yield
    cache.clear()


def in_indonesian(text: str) -> str:
    """What the page shows for a msgid: the default language is Indonesian."""
    with translation.override(settings.LANGUAGE_CODE):
        return escape(gettext(text))


WRONG_LOGIN = "The username or password is wrong. Check both and try again."


def post_login(client: Client, username: str, password: str, REMOTE_ADDR: str = "127.0.0.1", **extra):  # noqa: N803
    return client.post(LOGIN, {"username": username, "password": password, **extra}, REMOTE_ADDR=REMOTE_ADDR)


def entries(action: str):
    return AuditEntry.objects.filter(action=action).order_by("seq")


def session_key(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_login_writes_auth_login_with_the_actor(client, staff):
    response = post_login(client, "head", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == resolve_url(settings.LOGIN_REDIRECT_URL)
    (entry,) = entries("auth.login")
    assert entry.actor_id == staff["head"].pk
    assert entry.actor_name == "Hendra Saputra"
    assert client.get(DESK).status_code == 200


def test_wrong_password_and_unknown_user_look_the_same(client, staff):
    wrong_password = post_login(client, "head", "not-the-password")
    unknown_user = post_login(client, "nobody-here", "not-the-password")

    assert wrong_password.status_code == unknown_user.status_code == 200
    errors = [r.context["form"].non_field_errors() for r in (wrong_password, unknown_user)]
    assert errors[0] == errors[1]
    assert in_indonesian(WRONG_LOGIN) in wrong_password.content.decode()
    assert in_indonesian(WRONG_LOGIN) in unknown_user.content.decode()
    assert [e.data["username"] for e in entries("auth.login.failed")] == ["head", "nobody-here"]
    assert not entries("auth.login").exists()


def test_an_inactive_user_gets_the_same_message(client, staff):
    services.user_update(actor=staff["sysadmin"], user=staff["head"], is_active=False)

    response = post_login(client, "head", PASSWORD)

    assert response.context["form"].non_field_errors() == [gettext(WRONG_LOGIN)]
    assert entries("auth.login.failed").count() == 1


def test_throttle_refuses_even_the_right_password(client, staff):
    limit = settings.LOGIN_THROTTLE_LIMIT
    for _ in range(limit):
        assert post_login(client, "head", "wrong-password").status_code == 200
    assert entries("auth.login.failed").count() == limit

    response = post_login(client, "head", PASSWORD)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    with translation.override(settings.LANGUAGE_CODE):
        message = ngettext(
            "Too many failed attempts from here. Wait %(minutes)d minute, or use “Forgot your password?” "
            "to get a link by e-mail, which lets you in at once.",
            "Too many failed attempts from here. Wait %(minutes)d minutes, or use “Forgot your password?” "
            "to get a link by e-mail, which lets you in at once.",
            5,
        ) % {"minutes": 5}
    assert response.context["form"].non_field_errors() == [message]
    (entry,) = entries("auth.login.throttled")
    assert entry.data == {"username": "head"}
    assert not entries("auth.login").exists()


def test_throttle_counts_the_username_whatever_its_case(client, staff):
    for i in range(settings.LOGIN_THROTTLE_LIMIT):
        post_login(client, "HEAD" if i % 2 else "head", "wrong-password")

    post_login(client, "head", PASSWORD)

    assert entries("auth.login.throttled").count() == 1


def test_one_failure_less_than_the_limit_still_lets_in(client, staff):
    for _ in range(settings.LOGIN_THROTTLE_LIMIT - 1):
        post_login(client, "head", "wrong-password")

    assert post_login(client, "head", PASSWORD).status_code == 302
    assert not entries("auth.login.throttled").exists()


def test_session_key_rotates_at_login(client, staff):
    session = client.session
    session["seen_login_page"] = True
    session.save()
    before = session_key(client)

    post_login(client, "head", PASSWORD)

    assert session_key(client) != before
    assert not Session.objects.filter(session_key=before).exists()


def test_logout_is_post_only(client, staff):
    client.force_login(staff["head"])

    assert client.get(LOGOUT).status_code == 405
    assert client.get(DESK).status_code == 200
    assert not entries("auth.logout").exists()


def test_logout_kills_the_old_session_cookie(client, staff):
    post_login(client, "head", PASSWORD)
    old = session_key(client)

    response = client.post(LOGOUT)

    assert response.status_code == 302
    assert response["Location"] == resolve_url(settings.LOGOUT_REDIRECT_URL)
    (entry,) = entries("auth.logout")
    assert entry.actor_id == staff["head"].pk
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old
    response = replay.get(DESK)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_deactivating_a_user_kills_their_sessions(client, staff):
    head = staff["head"]
    post_login(client, "head", PASSWORD)
    other_device = Client()
    other_device.force_login(head)
    assert client.get(DESK).status_code == 200

    services.user_update(actor=staff["sysadmin"], user=head, is_active=False)

    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(head.pk)]
    for device in (client, other_device):
        response = device.get(DESK)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)


def test_a_password_change_ends_other_sessions_but_not_ones_own(client, staff):
    admin = staff["sysadmin"]
    client.force_login(admin)
    other_device = Client()
    other_device.force_login(admin)

    response = client.post(
        reverse("accounts:user_edit", args=[admin.pk]),
        {"full_name": admin.full_name, "is_staff": "on", "is_active": "on", "password": "Kopi-Tubruk-Pagi-17"},
    )

    assert response.status_code == 302, response.context["form"].errors
    assert client.get(DESK).status_code == 200
    assert other_device.get(DESK).status_code == 302
    assert entries("accounts.user.password_set").count() == 1


OPEN_REDIRECTS = [
    "//evil.example",
    "https:evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "%2F%2Fevil.example",
    "javascript:alert(1)",
    "https://evil.example@testserver",
    "https://evil.example",
    "/\t/evil.example",
]


@pytest.mark.parametrize("target", OPEN_REDIRECTS)
def test_next_in_the_form_never_leaves_the_site(client, staff, target):
    response = post_login(client, "head", PASSWORD, next=target)

    assert response.status_code == 302
    assert response["Location"] == resolve_url(settings.LOGIN_REDIRECT_URL)


@pytest.mark.parametrize("target", OPEN_REDIRECTS)
def test_next_in_the_query_never_leaves_the_site(client, staff, target):
    from urllib.parse import quote

    login_page = client.get(f"{LOGIN}?next={quote(target, safe='')}")
    assert login_page.context["next"] == ""
    assert 'name="next" value=""' in login_page.content.decode()

    response = client.post(f"{LOGIN}?next={quote(target, safe='')}", {"username": "head", "password": PASSWORD})

    assert response["Location"] == resolve_url(settings.LOGIN_REDIRECT_URL)


@pytest.mark.parametrize("target", OPEN_REDIRECTS)
def test_next_after_logout_never_leaves_the_site(client, staff, target):
    client.force_login(staff["head"])

    response = client.post(LOGOUT, {"next": target})

    assert response["Location"] == resolve_url(settings.LOGOUT_REDIRECT_URL)


def test_a_local_next_is_followed(client, staff):
    response = post_login(client, "head", PASSWORD, next="/sop/?page=2")

    assert response["Location"] == "/sop/?page=2"


def csrf_client() -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    response = client.get(LOGIN)
    return client, response.context["csrf_token"]


def test_login_needs_a_csrf_token(staff):
    client, token = csrf_client()

    assert post_login(client, "head", PASSWORD).status_code == 403
    assert "_auth_user_id" not in client.session
    assert post_login(client, "head", PASSWORD, csrfmiddlewaretoken=token).status_code == 302


def test_login_refuses_another_sessions_token(staff):
    client, _ = csrf_client()
    _, foreign_token = csrf_client()

    assert post_login(client, "head", PASSWORD, csrfmiddlewaretoken=foreign_token).status_code == 403


def test_login_refuses_a_foreign_origin(staff):
    client, token = csrf_client()

    response = client.post(
        LOGIN,
        {"username": "head", "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Origin": "https://evil.example"},
    )

    assert response.status_code == 403
    assert not entries("auth.login").exists()


def test_logout_needs_a_csrf_token(staff):
    client, token = csrf_client()
    assert post_login(client, "head", PASSWORD, csrfmiddlewaretoken=token).status_code == 302
    token = client.get(DESK).context["csrf_token"]

    assert client.post(LOGOUT).status_code == 403
    assert client.get(DESK).status_code == 200
    assert client.post(LOGOUT, {"csrfmiddlewaretoken": token}).status_code == 302
    assert client.get(DESK).status_code == 302


def test_a_foreign_host_header_is_refused(client, staff):
    assert client.get(LOGIN, headers={"Host": "evil.example"}).status_code == 400
    response = client.post(LOGIN, {"username": "head", "password": PASSWORD}, headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert not entries("auth.login").exists()


def test_a_forwarded_host_is_ignored(client, staff):
    response = client.get(DESK, headers={"X-Forwarded-Host": "evil.example"})

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


@pytest.fixture
def no_authentication(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the form should have refused this before authenticating")

    monkeypatch.setattr("django.contrib.auth.forms.authenticate", refuse)


def test_a_megabyte_password_is_a_form_error(client, staff, no_authentication):
    response = post_login(client, "head", "x" * 1024 * 1024)

    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_a_very_long_username_is_a_form_error(client, staff, no_authentication):
    response = post_login(client, "h" * 5000, PASSWORD)

    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert "h" * 151 not in response.content.decode().replace('value="' + "h" * 5000, "")


def test_a_nul_byte_in_the_username_is_a_form_error(client, staff, no_authentication):
    response = post_login(client, "head\x00", PASSWORD)

    assert response.status_code == 200
    assert "username" in response.context["form"].errors


@pytest.fixture
def log_lines():
    """What the configured console handler (with its escaping formatter) writes."""
    handlers = [h for h in logging.getLogger().handlers if isinstance(h.formatter, EscapingFormatter)]
    assert handlers, "settings.LOGGING should give the root logger the escaping formatter"
    buffer = io.StringIO()
    previous = [h.setStream(buffer) for h in handlers]
    yield lambda: buffer.getvalue().splitlines()
    for handler, stream in zip(handlers, previous, strict=True):
        handler.setStream(stream)


def test_control_characters_in_a_username_stay_in_one_log_line(client, staff, log_lines):
    username = "bob\r\n2026-11-24 10:15:00 INFO admin login OK\x1b[2J"

    response = post_login(client, username, "wrong-password")

    assert response.status_code == 200
    (entry,) = entries("auth.login.failed")
    assert entry.data["username"] == username
    lines = [line for line in log_lines() if "login failed" in line]
    assert len(lines) == 1
    assert "\\x0d\\x0a" in lines[0]
    assert "\\x1b[2J" in lines[0]
    assert "\x1b" not in "".join(log_lines())
    assert not [line for line in log_lines() if line.startswith("2026-11-24 10:15:00")]


def test_a_lock_holds_at_one_address_only_and_grows_each_time(client, staff, time_machine):
    from django.utils import timezone

    time_machine.move_to(timezone.now())
    limit = settings.LOGIN_THROTTLE_LIMIT
    for _ in range(limit):
        post_login(client, "head", "wrong-password", REMOTE_ADDR="203.0.113.7")
    refused = post_login(client, "head", PASSWORD, REMOTE_ADDR="203.0.113.7")
    assert "Wait 5 minutes" in refused.context["form"].non_field_errors()[0]
    # The Kabag at the office is not locked out by someone guessing elsewhere.
    elsewhere = post_login(Client(), "head", PASSWORD, REMOTE_ADDR="198.51.100.20")
    assert elsewhere.status_code == 302, elsewhere.context["form"].errors
    time_machine.shift(6 * 60)
    for _ in range(limit):
        post_login(client, "head", "wrong-password", REMOTE_ADDR="203.0.113.7")
    again = post_login(client, "head", PASSWORD, REMOTE_ADDR="203.0.113.7")
    assert "Wait 15 minutes" in again.context["form"].non_field_errors()[0]


def test_a_new_password_by_mail_ends_every_lock_of_the_account(client, staff):
    from redaksi.accounts import throttle

    for _ in range(settings.LOGIN_THROTTLE_LIMIT):
        post_login(client, "head", "wrong-password")
    assert throttle.is_throttled("head", "127.0.0.1")
    throttle.clear("head")  # what replacing the password through the mailed link does
    assert post_login(client, "head", PASSWORD).status_code == 302


@pytest.mark.parametrize("spread", ["addresses", "accounts"])
def test_a_guessing_flood_alerts_the_administrators_and_locks_nobody_out(client, staff, spread):
    from redaksi.notify.models import Notification

    flood = settings.LOGIN_THROTTLE_LIMIT * 5
    for n in range(flood):
        username, address = ("head", f"203.0.113.{n}") if spread == "addresses" else (f"tebak{n}", "203.0.113.9")
        post_login(Client(), username, "wrong-password", REMOTE_ADDR=address)
    [alert] = entries("auth.login.attack")
    assert alert.data["what"] == ("account" if spread == "addresses" else "address")
    note = Notification.objects.get(kind="security")
    assert note.user == staff["sysadmin"] and note.url == reverse("audit:list")
    assert post_login(Client(), "head", PASSWORD, REMOTE_ADDR="198.51.100.20").status_code == 302
