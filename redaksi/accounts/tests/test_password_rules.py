"""The password rules: length, the common lists (Django's and ours), the user's own data (issue 13)."""

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from redaksi.accounts.models import Office, User
from redaksi.accounts.password_validators import CommonPasswordsValidator, PersonalDataValidator, variants
from redaksi.audit.models import AuditEntry
from redaksi.conftest import PASSWORD
from redaksi.demo.staff import DEMO_PASSWORD

CHANGE = reverse("accounts:password_change")


def codes(password: str, user=None) -> set[str]:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        return {e.code for e in exc.error_list}
    return set()


@pytest.mark.parametrize(
    "password",
    [
        "redaksi2026",
        "Bengkalis1",
        "Bengkalis2026!",
        "R3daks1-2026",
        "2026!merdeka",
        "DiskominfoBengkalis2026",
        "Merdeka-1945-Indonesia",
        "P@ssw0rd-2026!!",
        "admin123",
        "Pekanbaru.Riau.2026",
        "bismillah-2026",
        "qwertyuiop1234",
        "iloveyou2026",
    ],
)
def test_common_and_local_passwords_are_refused(password):
    with pytest.raises(ValidationError) as exc:
        CommonPasswordsValidator().validate(password)
    assert exc.value.error_list[0].code == "password_too_common"


@pytest.mark.parametrize(
    "password",
    ["Jembatan-Selat-Baru-2026", "Kopi-Tubruk-Pagi-17", "Sangat-Rahasia-2026", "uji-sandi-2026", "hujan di tepian"],
)
def test_uncommon_passwords_pass_the_lists(password):
    CommonPasswordsValidator().validate(password)


def test_variants_undo_leetspeak_and_the_number_around_the_word():
    assert "bengkalis" in variants("Bengkalis1")
    assert "redaksi" in variants("R3daks1-2026")
    assert "redaksi" in variants("redaksi2026")


def test_twelve_characters_are_the_least():
    assert "password_too_short" in codes("Kopi-Tubruk")
    assert "password_too_short" not in codes("Kopi-Tubruk!")


def test_the_demo_and_test_passwords_work_because_set_password_skips_the_rules(db):
    # The demo password is refused as a new password, and demo accounts still log in with it.
    assert codes(DEMO_PASSWORD) == {"password_too_common"}
    office = Office.objects.create(slug="x", name="Kantor Uji")
    user = User.objects.create(username="demo", full_name="Demo", office=office)
    user.set_password(DEMO_PASSWORD)
    assert user.check_password(DEMO_PASSWORD)
    assert codes(PASSWORD) == set()


@pytest.fixture
def person(office) -> User:
    return User(
        username="rizki.pratama",
        full_name="Rizki Pratama",
        email="rizki@bengkaliskab.go.id",
        nip="19680411 199303 1 009",
        office=office,
    )


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Pratama-Kopi-Pagi-17", "password_personal"),
        ("rizki.pratama.2026", "password_personal"),
        ("Pr4t4m4-jalan-jauh", "password_personal"),
        ("Kopi-Tubruk-19680411", "password_nip"),
        ("Kopi-Tubruk-11041968", "password_nip"),
        ("Kopi-Tubruk-199303", "password_nip"),
        ("Kopi-Diskominfotik-77", "password_office"),
        ("Kopi-Komunikasi-Hangat", "password_office"),
    ],
)
def test_the_users_own_data_is_refused(person, password, code):
    with pytest.raises(ValidationError) as exc:
        PersonalDataValidator().validate(password, person)
    assert exc.value.error_list[0].code == code


def test_other_digits_and_words_pass(person):
    PersonalDataValidator().validate("Kopi-Tubruk-Pagi-1999", person)
    PersonalDataValidator().validate("Jembatan-Selat-Baru-2026", person)


def test_the_change_page_refuses_in_indonesian(client, staff):
    client.force_login(staff["head"])
    with translation.override("id"):
        response = client.post(
            CHANGE,
            {"old_password": PASSWORD, "new_password1": "Bengkalis2026!", "new_password2": "Bengkalis2026!"},
            HTTP_ACCEPT_LANGUAGE="id",
        )
    assert response.status_code == 200
    assert "terlalu umum" in response.content.decode()
    assert not AuditEntry.objects.filter(action="accounts.user.password_set").exists()


def test_the_administrators_form_compares_with_the_nip_and_office(client, staff):
    client.force_login(staff["sysadmin"])
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "nur.aini",
            "full_name": "Nur Aini",
            "nip": "19850102 201001 2 003",
            "password": "Kopi-Tubruk-19850102",
        },
    )
    assert response.status_code == 200
    assert "NIP" in str(response.context["form"].errors["password"])
    response = client.post(
        reverse("accounts:user_create"),
        {"username": "nur.aini", "full_name": "Nur Aini", "password": "Bengkalis-Kopi-Hitam"},
    )
    assert "office" in str(response.context["form"].errors["password"])


def test_a_long_run_of_signs_is_checked_at_once():
    """The suffix rule must not backtrack: 40 dashes and a letter once took minutes."""
    import time

    from redaksi.accounts.password_validators import variants

    started = time.perf_counter()
    variants("-" * 5000 + "a")
    variants("-" * 40 + "a")
    assert time.perf_counter() - started < 1.0
    assert "redaksi" in variants("R3daks1-2026")
