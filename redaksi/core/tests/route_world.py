"""The people and objects the route matrix visits every route with (test_route_matrix.py).

Two offices: Bengkalis (the `staff` fixture's) and a second one loaded from the same SOP under another
slug. Objects exist in both, so each id route is asked for an object of the visitor's office, one of the
other office, and an id no database holds.
"""

from dataclasses import dataclass, field
from datetime import date

import yaml
from django.test import Client

from redaksi.accounts.models import ActingAppointment, Office, Role, User
from redaksi.accounts.services import appointment_create
from redaksi.conftest import BENGKALIS
from redaksi.core.converters import IdConverter
from redaksi.newsroom.services import ItemText, item_create
from redaksi.sop.services import sop_load

MISSING = IdConverter.MAX

# Who visits: anonymous, each role of the Bengkalis SOP, an acting Plt., the office's administrator,
# another office's administrator and the installation's administrator (is_staff, no office).
VISITORS = (
    "anonymous",
    "reporter",  # staf-pengolah-data, writer of the office's item
    "reporter2",  # staf-pengolah-data, someone else's item
    "editor",  # kasubag
    "head",  # kabag
    "admin",  # staf-admin
    "acting",  # a staf-pengolah-data appointed Plt. kabag
    "office_admin",  # is_staff of this office
    "other_admin",  # is_staff of the second office
    "installation",  # is_staff, no office
)
STAFF = VISITORS[1:]
ADMINS = ("office_admin", "other_admin", "installation")


@dataclass
class World:
    people: dict[str, User]
    ids: dict[str, dict[str, dict[str, object]]] = field(default_factory=dict)

    def client(self, who: str, **kw) -> Client:
        c = Client(**kw)
        if who != "anonymous":
            c.force_login(self.people[who])
        return c


def second_office() -> Office:
    data = yaml.safe_load(BENGKALIS.read_text())
    data["office"]["slug"] = "diskominfo-meranti"
    data["office"]["name"] = "DINAS KOMUNIKASI DAN INFORMATIKA KABUPATEN KEPULAUAN MERANTI"
    return sop_load(text=yaml.safe_dump(data, allow_unicode=True), source_name="meranti.yaml").version.sop.office


def build(staff: dict[str, User], office: Office, make_user) -> World:
    other = second_office()
    people = {k: staff[k] for k in ("reporter", "reporter2", "editor", "head", "admin")}
    people["office_admin"] = staff["sysadmin"]
    people["acting"] = make_user("staf-pengolah-data", username="acting")
    appointment = appointment_create(
        actor=staff["sysadmin"],
        user=people["acting"],
        role=Role.objects.get(office=office, code="kabag"),
        kind=ActingAppointment.Kind.PLT,
        starts_on=date(2026, 1, 1),
        ends_on=date(2099, 12, 31),
        letter_number="800/BKPSDM/2026/1",
    )
    people["other_admin"] = make_user(office=other, is_staff=True, username="other_admin")
    people["installation"] = make_user(is_staff=True, username="installation", office=None)
    other_reporter = make_user("staf-pengolah-data", office=other, username="other_reporter")
    people["installation"].office = None
    people["installation"].save(update_fields=["office"])
    text = ItemText(title="Bupati Resmikan Jembatan Desa", lead="Lead berita.", body="<p>Isi berita.</p>")
    own_item = item_create(actor=people["reporter"], office=office, text=text)
    other_item = item_create(actor=other_reporter, office=other, text=text)
    other_appointment = appointment_create(
        actor=people["other_admin"],
        user=other_reporter,
        role=Role.objects.get(office=other, code="kabag"),
        kind=ActingAppointment.Kind.PLH,
        starts_on=date(2026, 1, 1),
        ends_on=date(2099, 12, 31),
        letter_number="800/BKPSDM/2026/2",
    )
    own_sop, other_sop = office.sops.get(), other.sops.get()
    world = World(people=people)
    world.ids = {
        "item": {"own": {"pk": own_item.pk}, "foreign": {"pk": other_item.pk}},
        "item_id": {"own": {"item_id": own_item.pk}, "foreign": {"item_id": other_item.pk}},
        "step": {"own": {"pk": own_item.pk, "number": 1}, "foreign": {"pk": other_item.pk, "number": 1}},
        "user": {"own": {"pk": people["reporter"].pk}, "foreign": {"pk": other_reporter.pk}},
        "role": {
            "own": {"pk": Role.objects.get(office=office, code="kabag").pk},
            "foreign": {"pk": Role.objects.get(office=other, code="kabag").pk},
        },
        "appointment": {"own": {"pk": appointment.pk}, "foreign": {"pk": other_appointment.pk}},
        "sop": {"own": {"pk": own_sop.pk}, "foreign": {"pk": other_sop.pk}},
        "sop_version": {"own": {"pk": own_sop.pk, "number": 1}, "foreign": {"pk": other_sop.pk, "number": 1}},
    }
    return world
