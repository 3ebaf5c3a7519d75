"""REDAKSI_STAFF_NETWORKS: staff pages only from the office's networks; the public site for everyone."""

import logging

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings
from django.urls import reverse

from redaksi.accounts.allowlist import allowed, parse_networks
from redaksi.audit.models import AuditEntry

NETWORKS = ["10.0.0.0/8", "192.168.1.0/24", "2001:db8::/32"]
LOGIN = reverse("accounts:login")
DESK = reverse("newsroom:desk")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_addresses_inside_and_outside():
    networks = parse_networks(NETWORKS + [" 203.0.113.7 "])
    assert allowed("10.20.30.40", networks) and allowed("192.168.1.200", networks)
    assert allowed("2001:db8::1", networks) and allowed("203.0.113.7", networks)
    assert allowed("::ffff:10.1.1.1", networks)
    assert not allowed("192.168.2.1", networks) and not allowed("8.8.8.8", networks) and not allowed(None, networks)
    assert allowed("8.8.8.8", ())


def test_a_wrong_network_stops_the_start():
    with pytest.raises(ImproperlyConfigured, match="10.0.0.0/33"):
        parse_networks(["10.0.0.0/33"])


@override_settings(REDAKSI_STAFF_NETWORKS=NETWORKS)
def test_staff_pages_refuse_other_addresses_in_indonesian(caplog):
    outside = Client(REMOTE_ADDR="8.8.8.8", HTTP_ACCEPT_LANGUAGE="id")
    with caplog.at_level(logging.WARNING, logger="redaksi.security"):
        for path in (LOGIN, DESK, reverse("accounts:password_reset"), LOGIN):
            response = outside.get(path)
            assert response.status_code == 403
    assert "Redaksi tidak dapat dibuka dari jaringan ini" in response.content.decode()
    assert "8.8.8.8" in response.content.decode()
    assert sum("outside REDAKSI_STAFF_NETWORKS" in r.getMessage() for r in caplog.records) == 4
    (entry,) = AuditEntry.objects.filter(action="auth.network.refused")  # once per address and window
    assert entry.data["ip"] == "8.8.8.8" and entry.data["path"] == LOGIN
    # A refused POST changes nothing either: the login form is never reached.
    assert outside.post(LOGIN, {"username": "x", "password": "y"}).status_code == 403
    assert Client(REMOTE_ADDR="10.1.2.3").get(LOGIN).status_code == 200


@override_settings(REDAKSI_STAFF_NETWORKS=NETWORKS)
def test_the_public_site_is_unaffected():
    outside = Client(REMOTE_ADDR="8.8.8.8")
    assert outside.get("/healthz").status_code == 200
    assert outside.get("/berita-yang-tidak-ada/").status_code == 404  # the public site's own answer
    assert outside.get("/cari/", {"q": "bengkalis"}).status_code == 200
    assert outside.get(reverse("core:home")).status_code == 403  # the staff side's front door


@override_settings(REDAKSI_STAFF_NETWORKS=NETWORKS, REDAKSI_TRUSTED_PROXIES=["127.0.0.1"])
def test_the_address_comes_from_the_trusted_proxy_only():
    # Through nginx (a trusted proxy) its X-Real-IP names the client.
    assert Client(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="10.1.2.3").get(LOGIN).status_code == 200
    assert Client(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="8.8.8.8").get(LOGIN).status_code == 403
    # Anyone else cannot claim an office address in a header; X-Forwarded-For is never read.
    spoofed = Client(REMOTE_ADDR="8.8.8.8", HTTP_X_REAL_IP="10.1.2.3", HTTP_X_FORWARDED_FOR="10.1.2.3")
    assert spoofed.get(LOGIN).status_code == 403
    behind_proxy = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="8.8.8.8", HTTP_X_FORWARDED_FOR="10.1.2.3")
    assert behind_proxy.get(LOGIN).status_code == 403


def test_without_the_setting_every_address_may_come():
    assert Client(REMOTE_ADDR="8.8.8.8").get(LOGIN).status_code == 200
