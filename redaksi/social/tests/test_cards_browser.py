"""The pictures made for the networks on step 8, in a real browser; the accounts screen found from the menu."""

from pathlib import Path

import pytest

from redaksi.social import cards, services
from redaksi.social.models import ShareCard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def _account(office, network, name):
    return services.SocialAccount.objects.create(
        office=office, network=network, name=name, backend="memory", options={"account": network}
    )


def test_step_8_previews_the_cards_and_says_which_networks_carry_them(
    page, login, live_server, staff, office, at_share_with_photo
):
    item = at_share_with_photo  # at step 8 before the office had accounts: no pictures were made
    assert not ShareCard.objects.filter(item=item).exists()
    _account(office, "instagram", "@diskominfotik")
    _account(office, "facebook", "Diskominfotik Bengkalis")
    _account(office, "whatsapp", "Saluran Bengkalis")
    login(staff["admin"])
    page.goto(f"{live_server.url}/redaksi/berita/{item.pk}/")
    # The screen asks the worker for them (the test's tasks run at once, after the page) and says so.
    assert page.locator("[data-cards-pending]").is_visible()
    assert ShareCard.objects.filter(item=item).count() == 2 and cards.fresh_cards(item)
    page.reload()
    made = page.locator(".share-made__card")
    assert made.count() == 2
    portrait = page.locator(".share-made__card[data-shape='portrait']")
    assert "Instagram" in portrait.inner_text() and "1080×1350" in portrait.inner_text()
    assert "WhatsApp" in page.locator(".share-made__card[data-shape='square']").inner_text()
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.locator(".share-made").scroll_into_view_if_needed()
        page.wait_for_function("[...document.querySelectorAll('.share-made img')].every(i => i.complete)")
        sizes = page.eval_on_selector_all(".share-made img", "imgs => imgs.map(i => [i.naturalWidth, i.naturalHeight])")
        assert sorted(sizes) == [[1080, 1080], [1080, 1350]]
        page.locator("#shares").screenshot(path=str(ARTIFACTS / f"social-cards-step8-{width}.png"))
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_the_administrator_reaches_the_accounts_from_the_menu(page, login, live_server, staff, office):
    login(staff["sysadmin"])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/redaksi/")
    page.click(".nav a[href='/redaksi/situs/']")
    page.click("nav.tabs a[href^='/redaksi/sosial/akun/']")
    page.wait_for_url("**/redaksi/sosial/akun/**")
    assert page.locator(".nav a[aria-current=page]").get_attribute("href") == "/redaksi/situs/"
    assert page.locator("nav.tabs a[aria-current=page]").get_attribute("href").startswith("/redaksi/sosial/akun/")
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"social-accounts-tabs-{width}.png"))
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
