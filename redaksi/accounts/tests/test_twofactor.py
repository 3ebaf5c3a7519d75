"""Two-factor login: setting up the app, the code step, backup codes, the requirement, the administrator's reset."""

import time
from io import StringIO

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from redaksi.accounts.models import Role
from redaksi.accounts.services import appointment_create
from redaksi.accounts.twofactor import devices
from redaksi.audit.models import AuditEntry
from redaksi.conftest import PASSWORD
from redaksi.core.actor import Actor
from redaksi.core.tests.test_production_profile import manage, production_env
from redaksi.notify.models import OutboundMail

LOGIN = reverse("accounts:login")
CODE = reverse("accounts:twofactor:login_code")
SETUP = reverse("accounts:twofactor:setup")
DESK = reverse("newsroom:desk")


@pytest.fixture(autouse=True)
def _no_device_delay(settings):
    # django-otp also slows a device down for a second or more after each wrong code; these tests look at
    # Redaksi's own throttle, so that delay is off here (and tested on its own below).
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """What the app shows now (or `steps_ahead` periods of 30 s later, for a second login in the same period)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    device = devices.totp_begin(user)
    codes = devices.totp_confirm(actor=Actor(user=user), device=device, code=code_for(device))
    device.refresh_from_db()
    return device, codes


def entries(action: str):
    return AuditEntry.objects.filter(action=action).order_by("seq")


def password_step(client: Client, user, ip: str = "127.0.0.1"):
    return client.post(LOGIN, {"username": user.username, "password": PASSWORD}, REMOTE_ADDR=ip)


def verified_login(client: Client, user, device) -> None:
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def test_setting_up_the_app_shows_the_qr_and_key_and_confirms_with_a_code(client, staff):
    user = staff["reporter"]
    client.force_login(user)

    page = client.get(SETUP)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    html = page.content.decode()
    assert "<svg" in html and "http" not in html.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org/2000/svg", ""
    )
    key = page.context["secret"]
    assert key.replace(" ", "") in html.replace(" ", "")
    assert client.get(SETUP).context["secret"] == key  # the same key until it is confirmed

    wrong = client.post(SETUP, {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["code"]
    assert not devices.has_second_factor(user)

    done = client.post(SETUP, {"code": code_for(device)})
    assert done["Location"] == reverse("accounts:twofactor:backup_codes")
    shown = client.get(done["Location"])
    codes = shown.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    download = client.get(reverse("accounts:twofactor:backup_codes_download"))
    assert download["Content-Disposition"].startswith("attachment")
    assert all(code in download.content.decode() for code in codes)
    # Stored as keyed hashes, never as the codes themselves.
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(stored) == 10 and not stored & {c.replace("-", "") for c in codes}
    assert devices.has_second_factor(user)
    assert entries("auth.2fa.enrol").get().object_id == str(user.pk)
    # This session showed its code; once the user has left the page the codes are not shown again.
    assert client.get(reverse("accounts:twofactor:security")).context["has_app"]
    assert client.get(reverse("accounts:twofactor:backup_codes")).status_code == 302


def test_login_asks_for_the_code_after_the_password(client, staff):
    user = staff["reporter"]
    device, _codes = enrol(user)

    response = password_step(client, user)
    assert response["Location"] == CODE
    assert client.get(DESK).status_code == 302  # not logged in before the code
    assert not entries("auth.login").exists()

    response = client.post(CODE, {"code": code_for(device, steps_ahead=1)})
    assert response["Location"] == DESK
    assert client.get(DESK).status_code == 200
    assert entries("auth.login").count() == 1


def test_a_wrong_code_is_refused_in_indonesian_and_throttled(client, staff):
    user = staff["reporter"]
    device, _codes = enrol(user)
    password_step(client, user)
    right = code_for(device, steps_ahead=1)
    wrong = "123456" if right != "123456" else "654321"

    response = client.post(CODE, {"code": wrong}, HTTP_ACCEPT_LANGUAGE="id")
    with translation.override("id"):
        message = gettext(
            "The code is wrong or was already used. Check that your phone's clock is right and try again."
        )
    assert message.startswith("Kode")
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert entries("auth.2fa.failed").count() == 1

    for _ in range(settings.LOGIN_THROTTLE_LIMIT - 1):
        client.post(CODE, {"code": wrong})
    locked = client.post(CODE, {"code": right})  # even the right code, while the lock lasts
    assert locked.status_code == 429
    assert client.get(DESK).status_code == 302
    assert entries("auth.2fa.throttled").count() == 1
    # From another address the owner still gets in.
    other = Client(REMOTE_ADDR="10.0.0.9")
    password_step(other, user, ip="10.0.0.9")
    assert other.post(CODE, {"code": right}, REMOTE_ADDR="10.0.0.9")["Location"] == DESK


def test_the_device_itself_slows_down_after_a_wrong_code(client, staff, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    user = staff["reporter"]
    device, _codes = enrol(user)
    password_step(client, user)
    right = code_for(device, steps_ahead=1)
    client.post(CODE, {"code": "123456" if right != "123456" else "654321"})
    assert client.post(CODE, {"code": right}).status_code == 200  # within the second after a wrong one


def test_a_backup_code_works_once(client, staff):
    user = staff["reporter"]
    _device, codes = enrol(user)

    password_step(client, user)
    assert client.post(CODE, {"code": codes[0].upper().replace("-", " ")})["Location"] == DESK
    assert devices.backup_codes_left(user) == 9

    second = Client()
    password_step(second, user)
    again = second.post(CODE, {"code": codes[0]})
    assert again.status_code == 200 and again.context["form"].errors
    assert second.get(DESK).status_code == 302


def test_new_backup_codes_end_the_old_ones(client, staff):
    user = staff["reporter"]
    device, codes = enrol(user)
    verified_login(client, user, device)
    client.post(reverse("accounts:twofactor:backup_codes"))
    fresh = client.get(reverse("accounts:twofactor:backup_codes")).context["codes"]
    assert not set(fresh) & set(codes)
    assert devices.verify(user, codes[1]) is None
    assert devices.verify(user, fresh[1]) is not None


@pytest.mark.parametrize("who", ["head", "sysadmin", "acting"])
def test_approvers_and_administrators_are_sent_to_set_it_up(client, staff, settings, who):
    settings.REDAKSI_2FA_REQUIRED = True
    user = staff["editor"] if who == "acting" else staff[who]
    if who == "acting":  # the Kasubag as Plh. Kabag: the Kabag approves
        kabag = Role.objects.get(office=user.office, code="kabag")
        kabag.members.clear()
        appointment_create(
            actor=staff["sysadmin"],
            user=user,
            role=kabag,
            kind="plh",
            starts_on=devices_today(),
            ends_on=devices_today(),
            letter_number="800/1",
        )

    assert password_step(client, user)["Location"] == DESK
    response = client.get(DESK)
    assert response.status_code == 302 and response["Location"].startswith(SETUP + "?next=")
    assert client.get(reverse("notify:inbox"))["Location"].startswith(SETUP)
    assert client.get(SETUP).status_code == 200

    device = TOTPDevice.objects.get(user=user)
    client.post(SETUP + "?next=" + DESK, {"code": code_for(device)})
    assert client.get(DESK).status_code == 200


def devices_today():
    from redaksi.accounts.selectors import today

    return today()


def test_others_may_go_on_without_it(client, staff, settings):
    settings.REDAKSI_2FA_REQUIRED = True
    password_step(client, staff["reporter"])
    assert client.get(DESK).status_code == 200


def test_the_requirement_is_off_when_the_setting_is(client, staff, settings):
    settings.REDAKSI_2FA_REQUIRED = False
    password_step(client, staff["head"])
    assert client.get(DESK).status_code == 200


def test_a_session_without_its_code_is_asked_for_it(client, staff, settings):
    settings.REDAKSI_2FA_REQUIRED = True
    user = staff["head"]
    device, _codes = enrol(user)
    client.force_login(user)  # a session from before the app was set up, for instance
    response = client.get(DESK)
    assert response["Location"] == f"{CODE}?next=%2Fredaksi%2F"
    assert client.post(response["Location"], {"code": code_for(device, 1)})["Location"] == DESK
    assert client.get(DESK).status_code == 200


def test_turning_it_off_needs_a_code_or_the_password(client, staff):
    user = staff["reporter"]
    device, _codes = enrol(user)
    verified_login(client, user, device)
    remove = reverse("accounts:twofactor:remove")

    unverified = Client()
    unverified.force_login(user)  # a session from before the app was set up: the password is not enough
    assert unverified.post(remove, {"password": PASSWORD}).status_code == 400 and devices.has_second_factor(user)

    refused = client.post(remove, {"password": "bukan-sandinya"})
    assert refused.status_code == 400 and devices.has_second_factor(user)
    assert client.post(remove, {"password": PASSWORD})["Location"] == reverse("accounts:twofactor:security")
    assert not devices.has_second_factor(user) and not StaticToken.objects.filter(device__user=user).exists()
    assert entries("auth.2fa.remove").count() == 1


def test_an_administrator_resets_a_second_factor_on_record(client, staff):
    head, admin = staff["head"], staff["sysadmin"]
    enrol(head)
    admin_device, _codes = enrol(admin)
    verified_login(client, admin, admin_device)
    head_session = Client()
    head_session.force_login(head)

    page = client.get(reverse("accounts:user_edit", args=[head.pk]))
    reset = reverse("accounts:twofactor:admin_reset", args=[head.pk])
    assert reset in page.content.decode()
    assert client.post(reset)["Location"] == reverse("accounts:user_edit", args=[head.pk])

    assert not devices.has_second_factor(head)
    entry = entries("accounts.user.2fa_reset").get()
    assert entry.object_id == str(head.pk) and entry.data == {"had_second_factor": True}
    mail = OutboundMail.objects.get(kind="auth.2fa_reset")
    assert mail.to == [head.email] and "Andi Firmansyah" in mail.text
    assert head_session.get(DESK).status_code == 302  # their sessions ended

    # Only administrators, and never on themselves through this door.
    reporter = Client()
    reporter.force_login(staff["reporter"])
    assert reporter.post(reverse("accounts:twofactor:admin_reset", args=[admin.pk])).status_code == 403
    client.post(reverse("accounts:twofactor:admin_reset", args=[admin.pk]))
    assert devices.has_second_factor(admin)


def test_a_locked_out_owner_gets_in_with_password_and_code(client, staff):
    user = staff["head"]
    device, codes = enrol(user)
    for _ in range(settings.LOGIN_THROTTLE_LIMIT):
        client.post(LOGIN, {"username": user.username, "password": "bukan-sandinya"})
    locked = password_step(client, user)
    assert locked.status_code == 200 and reverse("accounts:twofactor:locked_login") in locked.content.decode()

    locked_login = reverse("accounts:twofactor:locked_login")
    # A wrong password with a right backup code: one answer, and the code is not used up.
    refused = client.post(locked_login, {"username": "head", "password": "bukan-sandinya", "code": codes[0]})
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    assert devices.backup_codes_left(user) == 10
    # An account without a second factor gets the same answer, and the try counts as a wrong password.
    same = client.post(locked_login, {"username": "reporter", "password": PASSWORD, "code": "123456"})
    assert same.context["form"].non_field_errors() == refused.context["form"].non_field_errors()

    response = client.post(locked_login, {"username": "head", "password": PASSWORD, "code": code_for(device, 1)})
    assert response["Location"] == DESK
    assert client.get(DESK).status_code == 200


def test_the_demo_names_who_sets_it_up_at_first_login(bengkalis, settings, tmp_path):
    settings.REDAKSI_PUBLIC_ROOT = tmp_path / "site"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REDAKSI_2FA_REQUIRED = True
    out = StringIO()
    call_command("demo_data", "--without-media", stdout=out)
    (note,) = [line for line in out.getvalue().splitlines() if line.startswith("Two-factor login:")]
    assert "kabag" in note and "sysadmin" in note and "pengolah" not in note

    settings.REDAKSI_2FA_REQUIRED = False
    cache.clear()
    out = StringIO()
    call_command("demo_data", "--without-media", stdout=out)
    assert "Two-factor login:" not in out.getvalue()


@pytest.mark.parametrize("profile", ["production", "local"])
def test_production_and_the_embedded_default_require_it(tmp_path, profile):
    env = production_env(tmp_path)
    env["DJANGO_SETTINGS_MODULE"] = f"config.settings.{profile}"
    if profile == "production":
        env["REDAKSI_2FA_REQUIRED"] = "0"  # production does not listen
    result = manage(env, "shell", "-c", "from django.conf import settings; print(settings.REDAKSI_2FA_REQUIRED)")
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr


def test_an_administrator_session_that_never_showed_its_code_cannot_reset_anyone(client, staff):
    """A session opened before the administrator set up the app must show a code before removing another's."""
    head, admin = staff["head"], staff["sysadmin"]
    enrol(head)
    enrol(admin)
    client.force_login(admin)  # signed in, never verified
    answer = client.post(reverse("accounts:twofactor:admin_reset", args=[head.pk]))
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("accounts:twofactor:login_code"))
    assert devices.has_second_factor(head) and not entries("accounts.user.2fa_reset").exists()
