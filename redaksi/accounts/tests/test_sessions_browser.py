"""In Chromium, under the real CSP: the warning before an idle session ends, "Tetap masuk", the logout at zero,
and ending another device's session from "Sesi masuk Anda"."""

from pathlib import Path

import pytest
from django.conf import settings

from redaksi.accounts.models import UserSession
from redaksi.conftest import PASSWORD

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
WIDTHS = (360, 1280)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def screenshots(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} overflows at {width}px"
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


def csp_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    return errors


def log_in(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/akun/masuk/" not in url)


def test_the_idle_warning_extends_and_then_logs_out(page, live_server, staff, settings):
    settings.REDAKSI_SESSION_IDLE_SECONDS = 24
    settings.REDAKSI_SESSION_WARN_SECONDS = 12
    errors = csp_errors(page)
    log_in(page, live_server, staff["head"])
    dialog = page.locator("#session-timeout")
    assert not dialog.is_visible()

    dialog.wait_for(state="visible", timeout=20_000)
    assert "Anda masih di sana?" in dialog.inner_text()
    seconds = int(dialog.locator('[data-when="idle"] [data-countdown]').inner_text())
    assert 0 < seconds <= 12
    screenshots(page, "accounts-session-warning")

    page.get_by_role("button", name="Tetap masuk").click()
    dialog.wait_for(state="hidden")
    state = page.evaluate("async () => (await fetch('/akun/sesi/status/')).json()")
    assert state["idle"] >= 22  # the server counts the half minute (here 24 s) again

    # No answer this time: at zero the page goes to the login page, which says why.
    dialog.wait_for(state="visible", timeout=20_000)
    page.wait_for_url(lambda url: "/akun/masuk/" in url, timeout=20_000)
    assert "tanpa aktivitas" in page.locator(".messages").inner_text()
    assert UserSession.objects.get().end_reason == "idle"
    screenshots(page, "accounts-session-expired")
    assert not errors, errors


def test_ending_another_devices_session(browser, page, live_server, staff):
    errors = csp_errors(page)
    head = staff["head"]
    log_in(page, live_server, head)
    phone_context = browser.new_context(
        locale="id-ID",
        viewport={"width": 360, "height": 800},
        user_agent="Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile",
    )
    phone = phone_context.new_page()
    try:
        log_in(phone, live_server, head)

        page.click(".account__toggle")
        page.get_by_role("link", name="Sesi masuk Anda").click()
        page.wait_for_url(f"{live_server.url}/akun/sesi/")
        rows = page.locator(".sessions-table tbody tr")
        assert rows.count() == 2
        assert "Perangkat ini" in rows.nth(0).inner_text()
        assert "Chrome, Android" in rows.nth(1).inner_text()
        screenshots(page, "accounts-session-list")

        rows.nth(1).get_by_role("button", name="Akhiri sesi").click()
        page.wait_for_url(f"{live_server.url}/akun/sesi/")
        assert "Sesi di Chrome, Android telah diakhiri." in page.locator(".messages").inner_text()
        assert page.locator(".sessions-table tbody tr").count() == 1
        screenshots(page, "accounts-session-list-ended")

        phone.reload()
        phone.wait_for_url(lambda url: "/akun/masuk/" in url)
        assert "Sesi Anda telah diakhiri" in phone.locator(".messages").inner_text()
    finally:
        phone_context.close()
    assert not errors, errors


def test_the_page_for_an_address_outside_the_staff_networks(page, live_server, settings):
    settings.REDAKSI_STAFF_NETWORKS = ["10.0.0.0/8"]
    from django.test import Client

    answer = Client(REMOTE_ADDR="203.0.113.9", HTTP_ACCEPT_LANGUAGE="id").get("/akun/masuk/")
    assert answer.status_code == 403
    page.goto(f"{live_server.url}/akun/masuk/")  # the same origin, so the page's own stylesheets load
    page.set_content(answer.content.decode())
    assert "Redaksi tidak dapat dibuka dari jaringan ini" in page.locator("h1").inner_text()
    assert page.evaluate("getComputedStyle(document.querySelector('.card')).borderRadius") != "0px"
    screenshots(page, "accounts-network-refused")
