"""The staff header in a real browser: one line on a wide screen, a Menu button on a phone."""

from pathlib import Path

import pytest
from django.conf import settings

from redaksi.conftest import PASSWORD

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logged_in(browser, live_server, user, width, javascript=True):
    context = browser.new_context(
        locale="id-ID", viewport={"width": width, "height": 800}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click(".login button[type=submit]")
    page.wait_for_url(f"{live_server.url}/redaksi/")
    return page


def test_at_1280_the_administrators_header_is_one_line_with_the_whole_name(browser, live_server, staff):
    admin = staff["sysadmin"]
    admin.full_name = "Andi Firmansyah Saputra, S.T., M.Kom."
    admin.save(update_fields=["full_name"])
    page = logged_in(browser, live_server, admin, 1280)
    links = page.locator("nav.nav a")
    assert links.count() >= 6
    tops = {round(box["y"]) for box in (links.nth(i).bounding_box() for i in range(links.count()))}
    assert len(tops) == 1, "the menu wraps"
    header = page.locator("header.topbar").bounding_box()
    assert header["height"] < 70
    who = page.locator(".usermenu__who")
    assert who.inner_text() == "Andi Firmansyah Saputra, S.T., M.Kom."
    assert who.evaluate("el => el.scrollWidth <= el.clientWidth"), "the name is cut off"

    # The account menu holds the language and logging out, and closes on Escape.
    assert not page.locator("#language-switch").is_visible()
    page.click(".account__toggle")
    assert page.locator(".account__toggle").get_attribute("aria-expanded") == "true"
    assert page.locator("#language-switch").is_visible()
    assert page.locator("header.topbar button:has-text('Keluar')").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "header-admin-1280.png"))
    page.keyboard.press("Escape")
    assert not page.locator("#language-switch").is_visible()
    page.context.close()


def test_on_a_phone_the_menu_collapses_behind_a_button(browser, live_server, staff):
    page = logged_in(browser, live_server, staff["sysadmin"], 360)
    toggle = page.locator(".topbar__toggle")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert not page.locator("nav.nav").is_visible()
    assert page.locator("header.topbar").bounding_box()["height"] < 70
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    links = page.locator("nav.nav a")
    for i in range(links.count()):
        assert links.nth(i).is_visible()
    assert page.locator("#language-switch").is_visible()
    assert page.locator("header.topbar button:has-text('Keluar')").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "header-menu-open-360.png"), full_page=True)
    page.locator("nav.nav a", has_text="Pengguna").click()
    page.wait_for_url("**/pengguna/**")
    assert not page.locator("nav.nav").is_visible()  # a new page starts with the menu closed
    page.context.close()


def test_without_javascript_every_link_stays_on_a_phone(browser, live_server, staff):
    page = logged_in(browser, live_server, staff["sysadmin"], 360, javascript=False)
    assert not page.locator(".topbar__toggle").is_visible()
    links = page.locator("nav.nav a")
    assert links.count() >= 6
    for i in range(links.count()):
        assert links.nth(i).is_visible()
    assert page.locator("header.topbar button:has-text('Keluar')").is_visible()
    page.context.close()


def test_before_logging_in_the_language_can_be_chosen_on_a_phone(browser, live_server):
    context = browser.new_context(locale="id-ID", viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/akun/masuk/")
    assert page.locator("#language-switch").is_visible()
    assert page.locator(".topbar__toggle").count() == 0
    context.close()
