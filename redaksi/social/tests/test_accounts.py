"""Accounts: the settings dict checked at start-up, tokens encrypted and never shown, the staff screens."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from redaksi.audit.models import AuditEntry
from redaksi.conftest import PASSWORD
from redaksi.core.errors import NotPermitted
from redaksi.social import crypto, services
from redaksi.social.clients import client_class, options_errors
from redaksi.social.models import SocialAccount
from redaksi.social.networks import console, memory

SECRET = "EAAB-rahasia-token-123"  # noqa: S105 - a test value


def test_a_backend_is_a_short_name_or_a_dotted_path():
    assert client_class("memory") is memory.Client and client_class("console") is console.Client
    assert client_class("redaksi.social.networks.memory.Client") is memory.Client
    with pytest.raises(ImportError):
        client_class("nosuchnetwork")
    assert options_errors("memory", "x", {"account": "a", "base_url": "http://127.0.0.1:9"}) == []
    assert "unknown option 'pgae_id'" in options_errors("memory", "x", {"pgae_id": "1"})[0]


def test_a_manual_network_needs_no_client(client, staff, office, settings):
    """WhatsApp and TikTok have no posting API: the administrator leaves the client empty, as for any network."""
    assert options_errors("whatsapp", "whatsapp", {}) == [] and options_errors("tiktok", "tiktok", {}) == []
    assert "takes no options" in options_errors("whatsapp", "whatsapp", {"handle": "a"})[0]
    settings.REDAKSI_SOCIAL = {"ACCOUNTS": {"wa": {"NETWORK": "whatsapp", "NAME": "Saluran"}}}
    call_command("check")
    client.login(username="sysadmin", password=PASSWORD)
    url = reverse("social:account_add") + f"?kantor={office.slug}"
    done = client.post(url, {"network": "whatsapp", "name": "Saluran Bengkalis", "required": "on", "active": "on"})
    assert done.status_code == 302
    assert SocialAccount.objects.get(name="Saluran Bengkalis").backend == "whatsapp"


def test_unknown_options_stop_start_up(settings):
    settings.REDAKSI_SOCIAL = {
        "ACCOUNTS": {"fb": {"NETWORK": "facebook", "BACKEND": "memory", "OPTIONS": {"pgae_id": "1"}}}
    }
    with pytest.raises(SystemCheckError, match="pgae_id"):
        call_command("check")
    settings.REDAKSI_SOCIAL = {"ACCOUNTS": {"fb": {"NETWORK": "myspace", "BACKEND": "memory"}}}
    with pytest.raises(SystemCheckError, match="myspace"):
        call_command("check")
    settings.REDAKSI_SOCIAL = {"ACOUNTS": {}}
    with pytest.raises(SystemCheckError, match="ACOUNTS"):
        call_command("check")
    settings.REDAKSI_SOCIAL = {
        "ACCOUNTS": {"fb": {"NETWORK": "facebook", "BACKEND": "console", "OPTIONS": {"handle": "fb"}}}
    }
    call_command("check")


def test_the_default_accounts_of_the_settings_reach_each_office(settings, office):
    settings.REDAKSI_SOCIAL = {"ACCOUNTS": {"tg": {
        "NETWORK": "telegram", "BACKEND": "console", "NAME": "Kanal", "REQUIRED": False,
        "OPTIONS": {"handle": "kanal", "base_url": "http://127.0.0.1:9001"}}}}  # fmt: skip
    assert services.accounts_sync(office) == 1 and services.accounts_sync(office) == 0
    account = SocialAccount.objects.get(office=office, alias="tg")
    assert (account.network, account.name, account.required, account.base_url) == (
        "telegram", "Kanal", False, "http://127.0.0.1:9001")  # fmt: skip
    assert account.options == {"handle": "kanal"}


def test_a_token_is_stored_encrypted_and_never_recorded(staff, office):
    account = services.account_save(
        actor=staff["sysadmin"], office=office, fields={"network": "facebook", "name": "Halaman", "backend": "memory"}
    )
    services.account_token_set(actor=staff["sysadmin"], account_id=account.pk, token=SECRET)
    account.refresh_from_db()
    assert SECRET.encode() not in bytes(account.token_encrypted)
    assert crypto.unseal(account.token_encrypted) == SECRET
    assert all(SECRET not in str(entry.data) for entry in AuditEntry.objects.all())
    with pytest.raises(NotPermitted):
        services.account_token_set(actor=staff["admin"], account_id=account.pk, token="x")
    with pytest.raises(ValidationError):
        services.account_token_set(actor=staff["sysadmin"], account_id=account.pk, token="  ")


def test_the_accounts_screen_adds_an_account_and_never_shows_the_token(
    client, staff, office, django_capture_on_commit_callbacks
):
    client.login(username="sysadmin", password=PASSWORD)
    url = reverse("social:account_add") + f"?kantor={office.slug}"
    bad = client.post(
        url, {"network": "x", "name": "X", "backend": "memory", "options": '{"pgae": "1"}', "active": "on"}
    )
    assert bad.status_code == 200 and "pgae" in bad.content.decode()
    bad = client.post(url, {"network": "x", "name": "X", "backend": "memory", "options": "{nope", "active": "on"})
    assert "not valid JSON" in bad.content.decode()
    done = client.post(url, {"network": "x", "name": "@kominfo", "backend": "memory", "options": '{"handle": "k"}',
                             "required": "on", "active": "on"})  # fmt: skip
    assert done.status_code == 302
    account = SocialAccount.objects.get(name="@kominfo")
    client.post(reverse("social:account_token", args=[account.pk]), {"token": SECRET, "expires_at": "2027-01-31T10:00"})
    page = client.get(reverse("social:accounts") + f"?kantor={office.slug}").content.decode()
    assert "@kominfo" in page and SECRET not in page and "Token saved, ends 31 January 2027" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("social:account_test", args=[account.pk]))
    account.refresh_from_db()
    assert account.check_message == "Works." and account.checked_at is not None


def test_only_a_system_administrator_sees_the_accounts_screen(client, staff):
    client.login(username="webadmin", password=PASSWORD)
    assert client.get(reverse("social:accounts")).status_code == 403
