"""An approver sets up two-factor login at the first login and logs in with the app's code, in a real browser."""

import base64
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django_otp.oath import TOTP

from redaksi.conftest import PASSWORD

ARTIFACTS = Path(django_settings.BASE_DIR) / "test-artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_from_key(key_text: str, steps_ahead: int = 0) -> str:
    key = key_text.replace(" ", "")
    totp = TOTP(base64.b32decode(key + "=" * (-len(key) % 8)))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def password_step(page, base: str, username: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def test_kabag_sets_up_the_app_then_logs_in_with_its_code(page, live_server, staff, settings):
    settings.REDAKSI_2FA_REQUIRED = True
    base = live_server.url

    password_step(page, base, "head")
    page.wait_for_url(f"{base}/akun/dua-langkah/pasang/?next=%2Fredaksi%2F")
    assert page.locator(".twofactor-qr svg").is_visible()
    assert "Verifikasi dua langkah" in page.content() or "verifikasi dua langkah" in page.content()
    shoot(page, "accounts-2fa-setup")
    page.goto(f"{base}/notifikasi/")  # nothing else opens before the app is set up
    assert page.url == f"{base}/akun/dua-langkah/pasang/?next=%2Fnotifikasi%2F"

    key = page.inner_text("#twofactor-secret")
    page.fill("#id_code", code_from_key(key))
    page.click("button.primary")
    page.wait_for_url(f"{base}/akun/dua-langkah/kode-cadangan/")
    codes = page.locator("#backup-codes li")
    assert codes.count() == 10
    shoot(page, "accounts-2fa-backup-codes")
    with page.expect_download() as download:
        page.click("a[download]")
    assert codes.first.inner_text() in Path(download.value.path()).read_text()
    page.click("text=Sudah saya simpan")
    page.wait_for_url(f"{base}/notifikasi/")  # where the kabag was going when sent to set it up

    page.click(".account__toggle")
    page.click("header.topbar button:has-text('Keluar')")
    page.wait_for_url(f"{base}/akun/masuk/")

    password_step(page, base, "head")
    page.wait_for_url(f"{base}/akun/dua-langkah/kode/")
    page.fill("#id_code", "000000" if code_from_key(key, 1) != "000000" else "111111")
    page.click("button.primary")
    assert page.locator(".field--error").is_visible()
    assert "Kode salah" in page.inner_text(".field--error")
    shoot(page, "accounts-2fa-code-wrong")
    time.sleep(1.1)  # django-otp slows the device down for a second after a wrong code
    page.fill("#id_code", code_from_key(key, 1))
    page.click("button.primary")
    page.wait_for_url(f"{base}/redaksi/")
    assert "Hendra Saputra" in page.inner_text("header.topbar")

    page.goto(f"{base}/akun/dua-langkah/")
    assert "Sisa 10 kode cadangan" in page.inner_text("main")
    shoot(page, "accounts-2fa-security")


def test_an_administrator_resets_a_second_factor_and_a_locked_owner_gets_in(page, login, live_server, staff):
    from redaksi.accounts.twofactor import devices
    from redaksi.core.actor import Actor

    head = staff["head"]
    device = devices.totp_begin(head)
    key = " ".join(devices_key(device))
    devices.totp_confirm(actor=Actor(user=head), device=device, code=code_from_key(key))
    base = live_server.url

    # Someone guessed the Kabag's password from here: the owner gets in with password and code together.
    for _ in range(django_settings.LOGIN_THROTTLE_LIMIT + 1):  # the last one meets the lock
        page.goto(f"{base}/akun/masuk/")
        page.fill("#id_username", "head")
        page.fill("#id_password", "bukan-sandinya")
        page.click("button[type=submit]")
    page.click("text=Masuk dengan kode verifikasi")
    page.wait_for_url(f"{base}/akun/dua-langkah/terkunci/")
    shoot(page, "accounts-2fa-locked")
    page.fill("#id_username", "head")
    page.fill("#id_password", PASSWORD)
    page.fill("#id_code", code_from_key(key, 1))
    page.click("button.primary")
    page.wait_for_url(f"{base}/redaksi/")
    page.context.clear_cookies()

    login(staff["sysadmin"])
    page.goto(f"{base}/akun/pengguna/{head.pk}/")
    shoot(page, "accounts-2fa-admin-reset")
    page.click("text=Reset verifikasi dua langkah")
    page.wait_for_url(f"{base}/akun/pengguna/{head.pk}/")
    assert "Hendra Saputra" in page.inner_text(".messages")
    assert not devices.has_second_factor(head)
    assert "Belum dipasang" in page.inner_text("main")


def devices_key(device) -> list[str]:
    text = base64.b32encode(bytes.fromhex(device.key)).decode().rstrip("=")
    return [text[i : i + 4] for i in range(0, len(text), 4)]
