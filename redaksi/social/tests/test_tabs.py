"""The social media accounts are found from the administrator's menu: a tab of the website profile's entry."""

import re

from django.urls import reverse


def current_entry(html: str) -> list[str]:
    nav = html.split('class="nav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="([^"]+)" aria-current="page">', nav)


def tabs(html: str) -> list[tuple[str, bool]]:
    nav = html.split('class="tabs"', 1)[1].split("</nav>", 1)[0]
    return [(href, bool(cur)) for href, cur in re.findall(r'<a href="([^"]+)"( aria-current="page")?>', nav)]


def test_the_accounts_screen_is_a_tab_of_the_website_profile_entry(client, staff, office):
    client.force_login(staff["sysadmin"])
    profile, accounts = reverse("public_staff:profile"), reverse("social:accounts")
    page = client.get(accounts).content.decode()
    assert current_entry(page) == [profile]  # the menu's entry stands for the accounts screen too
    scanner = reverse("public_staff:scan")
    assert tabs(page) == [(profile, False), (f"{accounts}?kantor={office.slug}", True), (scanner, False)]
    assert "Akun media sosial" in page or "Social media accounts" in page
    page = client.get(profile).content.decode()
    assert current_entry(page) == [profile]
    assert tabs(page) == [(profile, True), (f"{accounts}?kantor={office.slug}", False), (scanner, False)]
    page = client.get(reverse("social:account_add") + f"?kantor={office.slug}").content.decode()
    assert current_entry(page) == [profile]


def test_the_tab_is_not_in_the_menu_of_someone_who_is_not_an_administrator(client, staff):
    client.force_login(staff["admin"])
    page = client.get(reverse("newsroom:desk")).content.decode()
    assert reverse("public_staff:profile") not in page and reverse("social:accounts") not in page
