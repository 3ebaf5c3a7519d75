"""Acting officials (Plt./Plh.): appointing, overlapping, ending and who holds a role when."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from redaksi.accounts import services
from redaksi.accounts.models import ActingAppointment, Role
from redaksi.accounts.selectors import role_holders, user_capacities
from redaksi.audit.models import AuditEntry

TODAY = date(2026, 11, 24)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(datetime(2026, 11, 24, 10, 15, tzinfo=ZoneInfo("Asia/Jakarta")), tick=False):
        yield


@pytest.fixture
def kabag(staff) -> Role:
    return Role.objects.get(code="kabag")


def appoint(staff, who: str, role: Role, starts_on: date, ends_on: date, kind: str = "plh") -> ActingAppointment:
    return services.appointment_create(
        actor=staff["sysadmin"],
        user=staff[who],
        role=role,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        letter_number="800/BKPSDM/2026/117",
        reason="Kabag cuti tahunan",
    )


def labels(user, on: date) -> list[str]:
    return [c.label for c in user_capacities(user, on=on)]


def test_plh_kabag_acts_only_inside_the_range(staff, kabag):
    appoint(staff, "editor", kabag, date(2026, 11, 25), date(2026, 11, 27))
    editor = staff["editor"]

    assert labels(editor, date(2026, 11, 24)) == ["Kasubag"]
    assert labels(editor, date(2026, 11, 25)) == ["Kasubag", "Plh. Kabag"]
    assert labels(editor, date(2026, 11, 27)) == ["Kasubag", "Plh. Kabag"]
    assert labels(editor, date(2026, 11, 28)) == ["Kasubag"]
    entry = AuditEntry.objects.get(action="accounts.appointment.create")
    assert entry.actor_id == staff["sysadmin"].pk
    assert entry.data["starts_on"] == "2026-11-25"
    assert entry.data["letter_number"] == "800/BKPSDM/2026/117"


def test_capacities_follow_the_clock(staff, kabag):
    appoint(staff, "editor", kabag, date(2026, 11, 25), date(2026, 11, 25), kind="plt")

    assert labels(staff["editor"], None) == ["Kasubag"]
    with time_machine.travel(datetime(2026, 11, 25, 8, tzinfo=ZoneInfo("Asia/Jakarta")), tick=False):
        assert labels(staff["editor"], None) == ["Kasubag", "Plt. Kabag"]


def test_the_header_shows_the_acting_role(client, staff, kabag):
    appoint(staff, "editor", kabag, TODAY, TODAY)
    client.force_login(staff["editor"])

    response = client.get(reverse("newsroom:desk"))

    assert "Siti Rahmawati · Kasubag, Plh. Kabag" in response.content.decode()


def test_role_holders_include_the_acting_official_only_in_range(staff, kabag):
    appoint(staff, "editor", kabag, date(2026, 11, 25), date(2026, 11, 27))

    assert set(role_holders(kabag, on=date(2026, 11, 24))) == {staff["head"]}
    assert set(role_holders(kabag, on=date(2026, 11, 26))) == {staff["head"], staff["editor"]}
    assert set(role_holders(kabag, on=date(2026, 11, 28))) == {staff["head"]}


def test_an_overlapping_appointment_is_refused_naming_the_existing_one(staff, kabag):
    appoint(staff, "editor", kabag, date(2026, 11, 25), date(2026, 11, 27))

    with pytest.raises(ValidationError) as refused:
        appoint(staff, "reporter", kabag, date(2026, 11, 27), date(2026, 12, 2))

    message = refused.value.messages[0]
    assert "Siti Rahmawati" in message
    assert "Plh. Kabag" in message
    assert "25 November 2026" in message and "27 November 2026" in message
    assert ActingAppointment.objects.count() == 1
    appoint(staff, "reporter", kabag, date(2026, 11, 28), date(2026, 12, 2))


def test_the_form_shows_the_overlap_message(client, staff, kabag):
    appoint(staff, "editor", kabag, date(2026, 11, 25), date(2026, 11, 27))
    client.force_login(staff["sysadmin"])

    response = client.post(
        reverse("accounts:appointment_create"),
        {
            "user": staff["reporter"].pk,
            "role": kabag.pk,
            "kind": "plt",
            "starts_on": "2026-11-20",
            "ends_on": "2026-12-31",
            "letter_number": "800/2026/1",
        },
    )

    assert response.status_code == 200
    assert "Siti Rahmawati" in " ".join(response.context["form"].non_field_errors())


def test_the_form_creates_an_appointment(client, staff, kabag):
    client.force_login(staff["sysadmin"])

    response = client.post(
        reverse("accounts:appointment_create"),
        {
            "user": staff["reporter"].pk,
            "role": kabag.pk,
            "kind": "plt",
            "starts_on": "2026-11-24",
            "ends_on": "2026-12-31",
            "letter_number": " 800/2026/1 ",
        },
    )

    assert response.status_code == 302
    appointment = ActingAppointment.objects.get()
    assert (appointment.user, appointment.role, appointment.letter_number) == (staff["reporter"], kabag, "800/2026/1")
    assert "Plt. Kabag" in client.get(reverse("accounts:appointment_list")).content.decode()


def test_an_end_before_the_start_is_refused(client, staff, kabag):
    with pytest.raises(ValidationError):
        appoint(staff, "editor", kabag, date(2026, 11, 27), date(2026, 11, 25))

    client.force_login(staff["sysadmin"])
    response = client.post(
        reverse("accounts:appointment_create"),
        {"user": staff["editor"].pk, "role": kabag.pk, "kind": "plh", "starts_on": "2026-11-27"}
        | {"ends_on": "2026-11-25", "letter_number": "1"},
    )
    assert "ends_on" in response.context["form"].errors


def test_someone_who_holds_the_role_cannot_act_in_it(staff, kabag):
    with pytest.raises(ValidationError) as refused:
        appoint(staff, "head", kabag, date(2026, 11, 25), date(2026, 11, 27))

    assert "Hendra Saputra" in refused.value.messages[0]
    assert not ActingAppointment.objects.exists()


def test_an_inactive_user_cannot_be_appointed(staff, kabag):
    services.user_update(actor=staff["sysadmin"], user=staff["editor"], is_active=False)

    with pytest.raises(ValidationError):
        appoint(staff, "editor", kabag, date(2026, 11, 25), date(2026, 11, 27))


def test_ending_early_shortens_the_range(staff, kabag):
    appointment = appoint(staff, "editor", kabag, date(2026, 11, 20), date(2026, 11, 30))

    services.appointment_end(actor=staff["sysadmin"], appointment=appointment, on=TODAY, reason="Kabag kembali")

    appointment.refresh_from_db()
    assert (appointment.starts_on, appointment.ends_on, appointment.cancelled) == (date(2026, 11, 20), TODAY, False)
    assert appointment.ended_by == staff["sysadmin"]
    assert labels(staff["editor"], TODAY) == ["Kasubag", "Plh. Kabag"]
    assert labels(staff["editor"], TODAY + timedelta(days=1)) == ["Kasubag"]
    entry = AuditEntry.objects.get(action="accounts.appointment.end")
    assert entry.object_id == str(appointment.pk)
    assert entry.data == {"ends_on_before": "2026-11-30", "ends_on": "2026-11-24", "reason": "Kabag kembali"}
    appoint(staff, "reporter", kabag, TODAY + timedelta(days=1), date(2026, 11, 30))


def test_ending_one_that_has_not_started_cancels_it(staff, kabag):
    appointment = appoint(staff, "editor", kabag, date(2026, 12, 1), date(2026, 12, 5))

    services.appointment_end(actor=staff["sysadmin"], appointment=appointment, on=TODAY, reason="Batal berangkat")

    appointment.refresh_from_db()
    assert appointment.cancelled
    assert labels(staff["editor"], date(2026, 12, 2)) == ["Kasubag"]
    assert set(role_holders(kabag, on=date(2026, 12, 2))) == {staff["head"]}
    assert AuditEntry.objects.filter(action="accounts.appointment.cancel", object_id=str(appointment.pk)).exists()
    assert not AuditEntry.objects.filter(action="accounts.appointment.end").exists()
    appoint(staff, "reporter", kabag, date(2026, 12, 1), date(2026, 12, 5))


def test_ending_twice_is_refused(staff, kabag):
    appointment = appoint(staff, "editor", kabag, date(2026, 11, 20), date(2026, 11, 30))
    services.appointment_end(actor=staff["sysadmin"], appointment=appointment, on=TODAY, reason="Selesai")

    with pytest.raises(ValidationError):
        services.appointment_end(
            actor=staff["sysadmin"], appointment=appointment, on=TODAY - timedelta(days=1), reason="Lagi"
        )
    assert AuditEntry.objects.filter(action="accounts.appointment.end").count() == 1


def test_ending_after_the_end_is_refused(staff, kabag):
    appointment = appoint(staff, "editor", kabag, date(2026, 11, 20), date(2026, 11, 30))

    with pytest.raises(ValidationError):
        services.appointment_end(actor=staff["sysadmin"], appointment=appointment, on=date(2026, 12, 1), reason="x")


def test_ending_is_never_backdated_over_days_served(staff, kabag):
    appointment = appoint(staff, "editor", kabag, date(2026, 11, 10), date(2026, 11, 30))

    with pytest.raises(ValidationError):
        services.appointment_end(actor=staff["sysadmin"], appointment=appointment, on=date(2026, 11, 15), reason="x")

    appointment.refresh_from_db()
    assert appointment.ends_on == date(2026, 11, 30)
    assert labels(staff["editor"], date(2026, 11, 16)) == ["Kasubag", "Plh. Kabag"]


def test_ending_needs_a_reason(staff, kabag):
    appointment = appoint(staff, "editor", kabag, date(2026, 11, 20), date(2026, 11, 30))

    with pytest.raises(ValidationError):
        services.appointment_end(actor=staff["sysadmin"], appointment=appointment, on=TODAY, reason="  ")


def test_the_end_form_ends_and_reports(client, staff, kabag):
    appointment = appoint(staff, "editor", kabag, date(2026, 11, 20), date(2026, 11, 30))
    client.force_login(staff["sysadmin"])
    url = reverse("accounts:appointment_end", args=[appointment.pk])

    assert client.get(url).status_code == 405
    response = client.post(url, {"on": "2026-11-24", "reason": "Kabag kembali"}, follow=True)

    appointment.refresh_from_db()
    assert appointment.ends_on == TODAY
    assert [str(m) for m in response.context["messages"]]

    response = client.post(url, {"on": "2026-11-24", "reason": "Lagi"}, follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
