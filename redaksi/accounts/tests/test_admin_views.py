"""Managing users, roles and acting officials: system administrators only (bad inputs 6, 8, 39)."""

from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from redaksi.accounts import services
from redaksi.accounts.models import ActingAppointment, Role, User
from redaksi.accounts.selectors import user_capacities
from redaksi.audit.models import AuditEntry

DENIED = "Only a system administrator may manage users, roles and acting officials."
NON_ADMINS = ["reporter", "editor", "head", "admin"]


def role(code: str) -> Role:
    return Role.objects.get(code=code)


@pytest.fixture
def appointment(staff) -> ActingAppointment:
    return services.appointment_create(
        actor=staff["sysadmin"],
        user=staff["editor"],
        role=role("kabag"),
        kind=ActingAppointment.Kind.PLH,
        starts_on=date(2026, 11, 20),
        ends_on=date(2099, 12, 31),
        letter_number="800/BKPSDM/2026/117",
    )


def endpoints(staff, appointment) -> list[tuple[str, str, dict]]:
    user_edit = reverse("accounts:user_edit", args=[staff["reporter"].pk])
    role_edit = reverse("accounts:role_edit", args=[role("kabag").pk])
    return [
        ("GET", reverse("accounts:user_list"), {}),
        ("GET", reverse("accounts:user_create"), {}),
        ("POST", reverse("accounts:user_create"), {"username": "x", "full_name": "X", "is_superuser": "1"}),
        ("GET", user_edit, {}),
        ("POST", user_edit, {"full_name": "Diubah", "is_active": "on"}),
        ("GET", reverse("accounts:role_list"), {}),
        ("GET", role_edit, {}),
        ("POST", role_edit, {"name": "Bos"}),
        ("GET", reverse("accounts:appointment_list"), {}),
        ("GET", reverse("accounts:appointment_create"), {}),
        ("POST", reverse("accounts:appointment_create"), {"user": staff["reporter"].pk}),
        ("POST", reverse("accounts:appointment_end", args=[appointment.pk]), {"on": "2026-11-30", "reason": "x"}),
    ]


def request(client, method: str, url: str, data: dict):
    return client.post(url, data) if method == "POST" else client.get(url)


@pytest.mark.parametrize("who", NON_ADMINS)
def test_every_admin_endpoint_refuses_non_admins(client, staff, appointment, who):
    user = staff[who]
    client.force_login(user)
    with translation.override(settings.LANGUAGE_CODE):
        message = escape(gettext(DENIED))
    snapshot = (User.objects.count(), Role.objects.get(code="kabag").name, appointment.ends_on)

    for method, url, data in endpoints(staff, appointment):
        before = AuditEntry.objects.filter(action="authz.denied").count()

        response = request(client, method, url, data)

        assert response.status_code == 403, (method, url)
        assert message in response.content.decode(), (method, url)
        denied = AuditEntry.objects.filter(action="authz.denied").order_by("seq")
        assert denied.count() == before + 1, (method, url)
        entry = denied.last()
        assert entry.actor_id == user.pk
        assert entry.data["method"] == method
        assert entry.data["path"] == url

    appointment.refresh_from_db()
    assert (User.objects.count(), Role.objects.get(code="kabag").name, appointment.ends_on) == snapshot


def test_anonymous_visitors_are_sent_to_the_login_page(client, staff, appointment):
    for method, url, data in endpoints(staff, appointment):
        response = request(client, method, url, data)

        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith(reverse("accounts:login") + "?next=")
    assert not AuditEntry.objects.filter(action="authz.denied").exists()


def test_an_editor_cannot_give_themselves_a_role(client, staff):
    editor = staff["editor"]
    client.force_login(editor)

    response = client.post(
        reverse("accounts:user_edit", args=[editor.pk]),
        {"full_name": editor.full_name, "roles": [role("kabag").pk, role("kasubag").pk], "is_staff": "on"},
    )

    assert response.status_code == 403
    editor.refresh_from_db()
    assert [r.code for r in editor.roles.all()] == ["kasubag"]
    assert not editor.is_staff
    assert AuditEntry.objects.filter(action="authz.denied", actor_id=editor.pk).count() == 1


def test_an_editor_cannot_create_a_superuser(client, staff):
    client.force_login(staff["editor"])

    response = client.post(
        reverse("accounts:user_create"),
        {"username": "mallory", "full_name": "Mallory", "password": "Sangat-Rahasia-2026", "is_superuser": "1"},
    )

    assert response.status_code == 403
    assert not User.objects.filter(username="mallory").exists()


def new_user_data(**overrides) -> dict:
    return {
        "username": "nur.aini",
        "full_name": "Nur Aini, S.Sos.",
        "nip": "199104122015032004",
        "jabatan": "Pranata Humas Ahli Pertama",
        "pangkat": "Penata Muda Tk. I (III/b)",
        "email": "nur.aini@example.go.id",
        "password": "Kopi-Tubruk-Pagi-17",
        "is_active": "on",
        **overrides,
    }


def test_admin_creates_a_user_with_roles_and_extras_are_ignored(client, staff):
    admin = staff["sysadmin"]
    client.force_login(admin)

    response = client.post(
        reverse("accounts:user_create"),
        new_user_data(roles=[role("kasubag").pk, role("staf-admin").pk], is_superuser="1", office="99"),
    )

    assert response.status_code == 302
    user = User.objects.get(username="nur.aini")
    assert not user.is_superuser
    assert not user.is_staff
    assert user.office_id == admin.office_id
    assert user.nip == "19910412 201503 2 004"
    assert sorted(r.code for r in user.roles.all()) == ["kasubag", "staf-admin"]
    assert user.check_password("Kopi-Tubruk-Pagi-17")
    entry = AuditEntry.objects.get(action="accounts.user.create", object_id=str(user.pk))
    assert entry.actor_id == admin.pk
    assert entry.object_id == str(user.pk)
    assert entry.data["roles"] == ["kasubag", "staf-admin"]
    assert client.post(reverse("accounts:login"), {"username": "nur.aini", "password": "x"}).status_code == 302


def test_admin_edits_a_user(client, staff):
    reporter = staff["reporter"]
    client.force_login(staff["sysadmin"])

    response = client.post(
        reverse("accounts:user_edit", args=[reporter.pk]),
        {
            "username": "ignored-because-disabled",
            "full_name": "Rizki Pratama, A.Md.",
            "jabatan": "Pengolah Data",
            "roles": [role("staf-pengolah-data").pk, role("staf-admin").pk],
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    reporter.refresh_from_db()
    assert reporter.username == "reporter"
    assert reporter.full_name == "Rizki Pratama, A.Md."
    assert sorted(r.code for r in reporter.roles.all()) == ["staf-admin", "staf-pengolah-data"]
    entry = AuditEntry.objects.get(action="accounts.user.update")
    assert entry.data["full_name"] == ["Rizki Pratama", "Rizki Pratama, A.Md."]
    assert entry.data["roles"] == [["staf-pengolah-data"], ["staf-admin", "staf-pengolah-data"]]
    assert not AuditEntry.objects.filter(action="accounts.user.password_set").exists()


def test_an_empty_post_shows_errors_instead_of_a_fresh_form(client, staff):
    client.force_login(staff["sysadmin"])

    response = client.post(reverse("accounts:user_create"), {})

    assert response.status_code == 200
    assert response.context["form"].is_bound
    assert "username" in response.context["form"].errors


def test_admin_cannot_demote_or_deactivate_themselves(client, staff):
    admin = staff["sysadmin"]
    client.force_login(admin)

    response = client.post(reverse("accounts:user_edit", args=[admin.pk]), {"full_name": admin.full_name})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    admin.refresh_from_db()
    assert admin.is_staff and admin.is_active


def test_relabelling_a_role_keeps_history_on_the_same_role(client, staff, appointment):
    kabag = role("kabag")
    created = AuditEntry.objects.get(action="accounts.appointment.create")
    client.force_login(staff["sysadmin"])

    response = client.post(
        reverse("accounts:role_edit", args=[kabag.pk]),
        {"name": "Kepala Bagian Protokol dan Komunikasi Pimpinan", "description": "Menyetujui berita"},
    )

    assert response.status_code == 302
    kabag.refresh_from_db()
    assert kabag.code == "kabag"
    assert Role.objects.filter(code="kabag").count() == 1
    appointment.refresh_from_db()
    assert appointment.role_id == kabag.pk
    assert created.data["role"] == "kabag"
    assert staff["head"].roles.get().pk == kabag.pk
    labels = [c.label for c in user_capacities(staff["editor"], on=date(2026, 11, 25))]
    assert labels == ["Kasubag", "Plh. Kepala Bagian Protokol dan Komunikasi Pimpinan"]
    entry = AuditEntry.objects.get(action="accounts.role.relabel")
    assert entry.object_id == str(kabag.pk)
    assert entry.data == {
        "before": {"name": "Kabag", "description": ""},
        "after": {"name": "Kepala Bagian Protokol dan Komunikasi Pimpinan", "description": "Menyetujui berita"},
    }


def test_two_roles_cannot_share_a_name(client, staff):
    client.force_login(staff["sysadmin"])

    response = client.post(reverse("accounts:role_edit", args=[role("kasubag").pk]), {"name": "kabag"})

    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert not AuditEntry.objects.filter(action="accounts.role.relabel").exists()


@pytest.mark.parametrize("pk", ["127777777777", "9223372036854775807", str(2**70)])
@pytest.mark.parametrize("name", ["accounts:user_edit", "accounts:role_edit", "accounts:appointment_end"])
def test_unknown_ids_are_404(client, staff, name, pk):
    client.force_login(staff["sysadmin"])
    url = reverse(name, args=[1]).replace("/1/", f"/{pk}/")

    response = client.post(url, {}) if name.endswith("end") else client.get(url)

    assert response.status_code == 404


@pytest.mark.parametrize("pk", ["-1", "abc", "1%20OR%201=1"])
def test_ids_that_are_not_numbers_are_404(client, staff, pk):
    client.force_login(staff["sysadmin"])

    assert client.get(f"/akun/pengguna/{pk}/").status_code == 404


def test_a_nul_byte_in_a_name_is_a_form_error(client, staff):
    client.force_login(staff["sysadmin"])

    response = client.post(reverse("accounts:user_create"), new_user_data(full_name="Nur\x00Aini"))
    assert response.status_code == 200
    assert "full_name" in response.context["form"].errors
    assert not User.objects.filter(username="nur.aini").exists()

    response = client.post(reverse("accounts:role_edit", args=[role("kabag").pk]), {"name": "Ka\x00bag"})
    assert response.status_code == 200
    assert "name" in response.context["form"].errors

    response = client.post(
        reverse("accounts:role_edit", args=[role("kabag").pk]), {"name": "Kabag", "description": "a\x00b"}
    )
    assert response.status_code == 200
    assert "description" in response.context["form"].errors
    assert role("kabag").description == ""


@pytest.mark.parametrize(
    "nip",
    [
        "12345",
        "1991041220150320041",
        "19910412-201503-2-004",
        "١٩٩١٠٤١٢٢٠١٥٠٣٢٠٠٤",  # Arabic-Indic digits match \d but are no NIP
        "１９９１０４１２２０１５０３２００４",  # full-width digits
        "19911312 201503 2 004",  # month 13
        "19910230 201503 2 004",  # 30 February
        "19910412 201513 2 004",  # appointed in month 13
        "19910412 201503 2 004 OR 1=1",
    ],
)
def test_an_invalid_nip_is_a_form_error(client, staff, nip):
    client.force_login(staff["sysadmin"])

    response = client.post(reverse("accounts:user_create"), new_user_data(nip=nip))

    assert response.status_code == 200
    assert "nip" in response.context["form"].errors
    assert not User.objects.filter(username="nur.aini").exists()


def test_two_users_cannot_share_a_nip(client, staff):
    services.user_update(actor=staff["sysadmin"], user=staff["reporter"], nip="199104122015032004")
    client.force_login(staff["sysadmin"])

    response = client.post(reverse("accounts:user_create"), new_user_data(nip="19910412 201503 2 004"))

    assert response.status_code == 200
    assert "Rizki Pratama" in str(response.context["form"].errors["nip"])


@pytest.mark.parametrize("username", ["nur aini", "nur\naini", "nurаini", "../admin", "a" * 151])
def test_a_username_outside_the_plain_set_is_a_form_error(client, staff, username):
    client.force_login(staff["sysadmin"])

    response = client.post(reverse("accounts:user_create"), new_user_data(username=username))

    assert response.status_code == 200
    assert "username" in response.context["form"].errors


def test_a_password_like_the_name_is_refused_on_creation(client, staff):
    client.force_login(staff["sysadmin"])

    response = client.post(reverse("accounts:user_create"), new_user_data(password="nur.aini.2026"))

    assert response.status_code == 200
    assert "password" in response.context["form"].errors


def test_a_role_of_another_office_cannot_be_given(staff, office):
    from redaksi.accounts.models import Office

    elsewhere = Office.objects.create(slug="dinas-lain", name="Dinas Lain")
    foreign = Role.objects.create(office=elsewhere, code="kabag", name="Kabag Lain")

    with pytest.raises(services.ValidationError):
        services.user_update(actor=staff["sysadmin"], user=staff["reporter"], roles=[foreign])
    assert [r.code for r in staff["reporter"].roles.all()] == ["staf-pengolah-data"]


def test_user_list_queries_do_not_grow_with_users(client, staff, make_user, appointment):
    client.force_login(staff["sysadmin"])
    url = reverse("accounts:user_list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(10):
        make_user("staf-pengolah-data", "staf-admin")

    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert len(many) == len(few)
    assert "Plh. Kabag" in response.content.decode()
