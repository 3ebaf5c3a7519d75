"""Users change their own password, or set a new one through a link mailed to them (a real SMTP server)."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from redaksi.accounts import throttle
from redaksi.audit.models import AuditEntry
from redaksi.conftest import PASSWORD
from redaksi.notify.models import OutboundMail
from redaksi.notify.outbox import REDACTED
from redaksi.notify.tests.conftest import smtp  # noqa: F401 - the real SMTP server fixture

pytestmark = pytest.mark.django_db

RESET = reverse("accounts:password_reset")
CHANGE = reverse("accounts:password_change")
LINK = re.compile(r"https://redaksi\.example\.go\.id(/akun/sandi/baru/[^/\s]+/[^/\s]+/)")
NEW_PASSWORD = "Jembatan-Selat-Baru-2026"


@pytest.fixture(autouse=True)
def mail_settings(settings):
    settings.REDAKSI_BASE_URL = "https://redaksi.example.go.id"
    settings.DEFAULT_FROM_EMAIL = "redaksi@example.go.id"
    cache.clear()
    yield settings
    cache.clear()


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    """Ask for a link as a reader of the login page does; the mail leaves after commit."""

    def do(email: str, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(RESET, {"email": email}, **extra)

    return do


def entries(action: str):
    return AuditEntry.objects.filter(action=action).order_by("seq")


def logged_in(user) -> Client:
    other = Client()
    assert other.login(username=user.username, password=PASSWORD)
    return other


def test_the_login_page_links_to_the_forgotten_password_page(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert f'href="{RESET}"' in page
    assert client.get(RESET).status_code == 200


def test_a_forgotten_password_is_replaced_through_the_mailed_link(client, ask, smtp, staff):  # noqa: F811
    head = staff["head"]
    elsewhere = logged_in(head)

    response = ask(head.email.upper())

    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_done")
    (mail,) = smtp.messages
    assert mail["to"] == [head.email]
    body = mail["message"].get_body(preferencelist=("plain",)).get_content()
    assert "head" in body and "Hendra Saputra" in body
    assert "The link works once, for 2 hours." in body
    (path,) = LINK.findall(body)
    # The link was needed to build the message; the outbox does not keep it.
    stored = OutboundMail.objects.get(kind="auth.password_reset")
    assert path not in stored.text and REDACTED in stored.text
    (requested,) = entries("auth.password_reset.requested")
    assert requested.object_id == str(head.pk) and requested.actor_id is None

    form = client.get(path, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    mismatch = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": "lain"})
    assert mismatch.status_code == 200 and mismatch.context["form"].errors["new_password2"]
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == reverse("accounts:password_reset_complete")

    assert Client().login(username="head", password=NEW_PASSWORD)
    assert not Client().login(username="head", password=PASSWORD)
    assert SESSION_KEY not in elsewhere.session, "the sessions that knew the old password end"
    (entry,) = entries("accounts.user.password_set")
    assert entry.actor_id == head.pk and entry.object_id == str(head.pk)
    again = client.get(path, follow=True)
    assert not again.context["validlink"] and 'data-link="invalid"' in again.content.decode()


def test_a_link_older_than_two_hours_is_refused(client, ask, smtp, staff, time_machine):  # noqa: F811
    time_machine.move_to("2026-12-03 08:00:00+07:00", tick=False)
    ask(staff["head"].email)
    (path,) = LINK.findall(smtp.messages[0]["message"].get_body(preferencelist=("plain",)).get_content())

    time_machine.move_to("2026-12-03 10:01:00+07:00", tick=False)

    assert not client.get(path, follow=True).context["validlink"]


def test_an_unknown_address_gets_the_same_answer_and_no_mail(ask, smtp, staff):  # noqa: F811
    known, unknown = ask(staff["head"].email), ask("tidak-ada@example.go.id")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m["to"] for m in smtp.messages] == [[staff["head"].email]]
    assert [e.data for e in entries("auth.password_reset.requested")] == [
        {"email": staff["head"].email},
        {"email": "tidak-ada@example.go.id", "known": False},
    ]


def test_an_inactive_account_or_one_without_password_gets_no_mail(ask, smtp, staff):  # noqa: F811
    staff["head"].is_active = False
    staff["head"].save(update_fields=["is_active"])
    staff["editor"].set_unusable_password()
    staff["editor"].save(update_fields=["password"])

    assert ask(staff["head"].email).status_code == ask(staff["editor"].email).status_code == 302
    assert smtp.messages == []


@pytest.mark.parametrize("address", ["known", "tidak-ada@example.go.id"])
def test_requests_are_throttled_the_same_for_known_and_unknown_addresses(ask, smtp, staff, address):  # noqa: F811
    email = staff["head"].email if address == "known" else address
    for _ in range(throttle.RESET_LIMIT_PER_ADDRESS):
        assert ask(email).status_code == 302

    refused = ask(email)
    ask(email)

    assert refused.status_code == 429
    minutes = settings.LOGIN_THROTTLE_WINDOW // 60
    with translation.override(settings.LANGUAGE_CODE):
        message = ngettext(
            "Too many requests for this address. Wait %(minutes)d minute, then try again.",
            "Too many requests for this address. Wait %(minutes)d minutes, then try again.",
            minutes,
        ) % {"minutes": minutes}
    assert refused.context["form"].non_field_errors() == [message]
    assert len(smtp.messages) == (throttle.RESET_LIMIT_PER_ADDRESS if address == "known" else 0)
    assert entries("auth.password_reset.throttled").count() == 1, "a flood enters the record once"


def test_a_client_asking_for_many_addresses_is_throttled(ask, staff):
    answers = [ask(f"orang{n}@example.go.id").status_code for n in range(throttle.RESET_LIMIT_PER_CLIENT + 1)]
    assert answers == [302] * throttle.RESET_LIMIT_PER_CLIENT + [429]


def test_a_broken_or_forged_link_says_so(client, staff):
    page = client.get(reverse("accounts:password_reset_confirm", args=["Mg", "bukan-token"]), follow=True)
    assert page.status_code == 200 and not page.context["validlink"]
    assert reverse("accounts:password_reset") in page.content.decode()


def test_a_user_changes_their_own_password_from_the_user_menu(staff):
    head = staff["head"]
    here, elsewhere = logged_in(head), logged_in(head)
    desk = here.get(reverse("newsroom:desk")).content.decode()
    assert f'href="{CHANGE}"' in desk

    wrong = here.post(CHANGE, {"old_password": "bukan", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert wrong.status_code == 200 and wrong.context["form"].errors["old_password"]
    weak = here.post(CHANGE, {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"})
    assert weak.status_code == 200 and weak.context["form"].errors["new_password2"]
    saved = here.post(
        CHANGE, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )

    assert saved.redirect_chain[-1][0] == reverse(settings.LOGIN_REDIRECT_URL)
    with translation.override(settings.LANGUAGE_CODE):
        assert gettext("Your password was changed. Your sessions on other devices were ended.") in [
            str(m) for m in saved.context["messages"]
        ]
    assert here.get(reverse("newsroom:desk")).status_code == 200, "this session stays"
    assert SESSION_KEY not in elsewhere.session
    assert Client().login(username="head", password=NEW_PASSWORD)
    (entry,) = entries("accounts.user.password_set")
    assert entry.actor_id == head.pk


def test_the_change_page_needs_a_login(client):
    response = client.get(CHANGE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
