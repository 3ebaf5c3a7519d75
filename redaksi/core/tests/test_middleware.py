import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from redaksi.core.logging import EscapingFormatter
from redaksi.core.middleware import SecurityHeadersMiddleware, TrustedProxyMiddleware


def seen_address(**meta) -> str:
    request = RequestFactory().get("/", **meta)
    seen = {}

    def view(req):
        seen["ip"] = req.META["REMOTE_ADDR"]
        return HttpResponse()

    TrustedProxyMiddleware(view)(request)
    return seen["ip"]


@override_settings(REDAKSI_TRUSTED_PROXIES=["127.0.0.1"])
def test_real_ip_is_taken_only_from_a_trusted_proxy():
    assert seen_address(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.9") == "203.0.113.9"
    assert seen_address(REMOTE_ADDR="198.51.100.7", HTTP_X_REAL_IP="203.0.113.9") == "198.51.100.7"


@override_settings(REDAKSI_TRUSTED_PROXIES=[])
def test_without_trusted_proxies_the_header_is_ignored():
    assert seen_address(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.9") == "127.0.0.1"


def test_staff_pages_carry_a_strict_csp():
    response = SecurityHeadersMiddleware(lambda r: HttpResponse())(RequestFactory().get("/"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp


@pytest.mark.parametrize("message", ["bob\r\n2026-01-01 INFO admin login OK", "\x1b[2Jclear", "a\x00b"])
def test_log_lines_stay_one_line(message):
    import logging

    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "login failed for %s", (message,), None)
    line = EscapingFormatter("%(message)s").format(record)
    assert "\n" not in line and "\r" not in line and "\x1b" not in line and "\x00" not in line


def test_periodic_runs_each_job_and_survives_a_failing_one(settings, capsys):
    from django.core.management import call_command

    settings.REDAKSI_PERIODIC = [("no_such_command", 60), ("check", 60, "--fail-level", "ERROR")]
    call_command("periodic", "--once")
    captured = capsys.readouterr()
    assert "no_such_command" in captured.err
    assert "System check identified no issues" in captured.out or captured.err.count("\n") == 1


@pytest.mark.django_db
def test_every_staff_answer_is_no_store_and_public_pages_keep_their_own(client, staff, office):
    from redaksi.newsroom.tests.factories import new_item

    item = new_item(staff, office)
    assert "no-store" in client.get("/akun/masuk/")["Cache-Control"]
    client.force_login(staff["reporter"])
    for address in ("/redaksi/", f"/redaksi/berita/{item.pk}/", f"/redaksi/berita/{item.pk}/sunting/"):
        response = client.get(address)
        assert response.status_code == 200 and response["Cache-Control"] == "private, no-store", address
    assert "no-store" not in client.get("/").get("Cache-Control", "")
