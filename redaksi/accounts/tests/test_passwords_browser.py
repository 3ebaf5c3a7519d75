"""A forgotten password replaced through the mailed link, and a password changed from the user menu, in Chromium."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from redaksi.conftest import PASSWORD
from redaksi.notify.tests.conftest import smtp  # noqa: F401 - the real SMTP server fixture

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
AXE = Path(settings.BASE_DIR) / "redaksi" / "public" / "tests" / "fixtures" / "axe.min.js"
NEW_PASSWORD = "Jembatan-Selat-Baru-2026"
WIDTHS = (360, 1280)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser):
    """As the shared fixture, but axe is injected inline, which the CSP rightly forbids: this context may bypass it."""
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def screenshots(page, name: str) -> None:
    """The page at a phone's and a desk's width: it never scrolls sideways, and axe finds no violation."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.add_script_tag(path=str(AXE))
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} overflows at {width}px"
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
        assert not violations, f"{name} at {width}px: {violations}"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_forgotten_password_is_replaced_from_the_login_page(page, live_server, staff, smtp, settings):  # noqa: F811
    # No address configured (development): the mailed link leads back to this server, whatever its port.
    settings.REDAKSI_BASE_URL = "http://127.0.0.1:8000"
    settings.REDAKSI_BASE_URL_FROM_REQUEST = True
    page.goto(f"{live_server.url}/akun/masuk/")
    page.click("text=Lupa kata sandi?")
    page.wait_for_url(f"{live_server.url}/akun/sandi/lupa/")
    screenshots(page, "accounts-password-forgot")
    page.fill("#id_email", staff["head"].email)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/akun/sandi/lupa/terkirim/")
    assert "Periksa surel Anda" in page.locator("h1").inner_text()
    screenshots(page, "accounts-password-forgot-sent")

    (mail,) = smtp.messages
    body = mail["message"].get_body(preferencelist=("plain",)).get_content()
    assert mail["message"]["Subject"] == "Kata sandi baru untuk Redaksi"
    (link,) = re.findall(r"http://\S+/akun/sandi/baru/\S+/", body)
    assert link.startswith(live_server.url + "/"), "the link leads to the server that made it"

    page.goto(link)
    page.wait_for_selector("#id_new_password1")
    screenshots(page, "accounts-password-new")
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/akun/sandi/baru/selesai/")
    screenshots(page, "accounts-password-new-saved")

    page.click("a.button:has-text('Masuk')")
    page.fill("#id_username", "head")
    page.fill("#id_password", NEW_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/redaksi/")

    page.goto(link)
    assert page.locator("[data-link=invalid]").is_visible()
    screenshots(page, "accounts-password-link-used")


def test_a_user_changes_the_password_from_the_user_menu(page, login, live_server, staff):
    login(staff["editor"])
    page.click(".account__toggle")  # the password link is in the account menu
    page.click("header.topbar a:has-text('Ganti kata sandi')")
    page.wait_for_url(f"{live_server.url}/akun/sandi/")
    screenshots(page, "accounts-password-change")
    page.fill("#id_old_password", "bukan-sandinya")
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.click("main button.primary")
    assert page.locator("#id_old_password ~ .errorlist").is_visible()
    screenshots(page, "accounts-password-change-error")

    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.click("main button.primary")
    page.wait_for_url(f"{live_server.url}/redaksi/")
    assert "Kata sandi Anda sudah diganti" in page.locator(".messages").inner_text()

    page.click(".account__toggle")
    page.click("header.topbar button:has-text('Keluar')")
    page.wait_for_url(f"{live_server.url}/akun/masuk/")
    login(staff["editor"], NEW_PASSWORD)
    assert page.url == f"{live_server.url}/redaksi/"
