"""The staff header's menu: each app adds its own entries; every role sees the same menu as before."""

import re

import pytest
from django.urls import reverse

from redaksi.core import nav

pytestmark = pytest.mark.django_db

EVERYONE = ["Desk", "SOP"]
MONITORS = [*EVERYONE, "SOP monitoring"]  # the SOP's deciding roles (Kasubag, Kabag) and administrators
SYSTEM = ["Users", "Audit record", "Website profile"]  # roles and acting officials are tabs under Users


def menu(client, user, path: str = "/redaksi/") -> list[tuple[str, str, bool]]:
    client.force_login(user)
    html = client.get(path, follow=True).content.decode()
    block = re.search(r'<nav class="nav"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return [
        (label, href, bool(current))
        for href, current, label in re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', block)
    ]


@pytest.mark.parametrize(
    ("who", "labels"),
    [
        ("reporter", EVERYONE),
        ("editor", MONITORS),
        ("head", MONITORS),
        ("admin", [*EVERYONE, "Photo galleries"]),
        ("sysadmin", [*MONITORS, *SYSTEM]),
    ],
)
def test_each_role_sees_its_menu_in_order(client, staff, who, labels):
    assert [label for label, _href, _current in menu(client, staff[who])] == labels


def test_entries_link_to_their_pages_and_mark_the_current_one(client, staff):
    entries = menu(client, staff["sysadmin"], reverse("accounts:role_list"))
    hrefs = dict((label, href) for label, href, _current in entries)
    assert hrefs["Desk"] == reverse("newsroom:desk")
    assert hrefs["Audit record"] == reverse("audit:list")
    assert [label for label, _href, current in entries if current] == ["Users"]  # the roles tab is under it
    entries = menu(client, staff["sysadmin"], reverse("accounts:appointment_list"))
    assert [label for label, _href, current in entries if current] == ["Users"]


def test_only_the_deepest_matching_entry_is_current(client, staff):
    entries = menu(client, staff["admin"], reverse("media:gallery_list"))
    assert [label for label, _href, current in entries if current] == ["Photo galleries"]
    entries = menu(client, staff["admin"], reverse("newsroom:board"))
    assert [label for label, _href, current in entries if current] == ["Desk"]


def test_anonymous_pages_have_no_menu(client, bengkalis):
    html = client.get(reverse("accounts:login")).content.decode()
    assert 'class="nav"' not in html


def test_an_app_adds_an_entry_of_its_own(client, staff, monkeypatch):
    monkeypatch.setattr(nav, "_entries", list(nav._entries))
    nav.nav_register(label="Monitoring", url_name="notify:preferences", order=25, visible=lambda user: user.is_staff)
    assert [label for label, _h, _c in menu(client, staff["sysadmin"])][:3] == ["Desk", "SOP", "Monitoring"]
    assert "Monitoring" not in [label for label, _h, _c in menu(client, staff["reporter"])]


def test_one_url_name_is_registered_once():
    with pytest.raises(ValueError, match="newsroom:desk"):
        nav.nav_register(label="Again", url_name="newsroom:desk", order=99)
