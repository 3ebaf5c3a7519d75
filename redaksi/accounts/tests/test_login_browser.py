"""Logging in, switching the language and logging out, in a real browser."""

from pathlib import Path

import pytest
from django.conf import settings

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_kabag_logs_in_switches_to_english_and_logs_out(page, login, live_server, staff):
    page.goto(f"{live_server.url}/akun/masuk/")
    assert page.get_attribute("html", "lang") == "id"
    screenshot(page, "accounts-login.png")

    login(staff["head"])

    assert page.url == f"{live_server.url}/redaksi/"
    header = page.locator("header.topbar")
    assert "Hendra Saputra · Kabag" in header.inner_text()
    assert page.get_attribute("html", "lang") == "id"

    page.click(".account__toggle")  # the language and logging out are in the account menu
    page.select_option("#language-switch", "en")
    page.wait_for_selector("html[lang=en]")

    assert page.url == f"{live_server.url}/redaksi/"
    assert page.locator("nav.nav a").first.inner_text() == "Desk"
    assert page.locator("header.topbar button[type=submit]").inner_text() == "Log out"
    assert "Hendra Saputra · Kabag" in header.inner_text()

    page.click(".account__toggle")
    page.click("header.topbar button:has-text('Log out')")
    page.wait_for_url(f"{live_server.url}/akun/masuk/")
    assert page.locator("#id_username").is_visible()
    assert page.get_attribute("html", "lang") == "en"
    page.goto(f"{live_server.url}/redaksi/")
    assert page.url.startswith(f"{live_server.url}/akun/masuk/?next=")


def test_a_wrong_password_shows_the_message(page, live_server, staff):
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("#id_username", "head")
    page.fill("#id_password", "bukan-sandinya")
    page.click("button[type=submit]")

    alert = page.locator("[role=alert]")
    assert alert.is_visible()
    assert page.input_value("#id_username") == "head"
    assert page.input_value("#id_password") == ""
    screenshot(page, "accounts-login-error.png")


def test_admin_sees_the_user_list(page, login, live_server, staff):
    login(staff["sysadmin"])
    page.goto(f"{live_server.url}/akun/pengguna/")

    rows = page.locator("table tbody tr")
    assert rows.count() == len(staff)
    assert page.locator("table").get_by_text("Hendra Saputra").is_visible()
    screenshot(page, "accounts-user-list.png")

    page.goto(f"{live_server.url}/akun/pengguna/{staff['head'].pk}/")
    screenshot(page, "accounts-user-form.png")
    page.goto(f"{live_server.url}/akun/plt-plh/baru/")
    page.select_option("#id_user", str(staff["editor"].pk))
    page.select_option("#id_role", label="Kabag")
    page.select_option("#id_kind", "plh")
    page.fill("#id_starts_on", "2026-01-01")
    page.fill("#id_ends_on", "2099-12-31")
    page.fill("#id_letter_number", "800/BKPSDM/2026/117")
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/akun/plt-plh/")
    assert "Plh. Kabag" in page.locator("table").inner_text()
    screenshot(page, "accounts-appointments.png")
    page.goto(f"{live_server.url}/akun/pengguna/")
    assert page.locator("table").get_by_text("Plh. Kabag").is_visible()
