"""Step 8 in a real browser: the Staf Admin sends to two accounts, pastes a manual proof, and finishes."""

from pathlib import Path

import pytest

from redaksi.social import services
from redaksi.social.models import Share
from redaksi.social.networks import memory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
WA_POST = "https://whatsapp.com/channel/0029VaBengkalis/120"


def _account(office, network, name, handle):
    return services.SocialAccount.objects.create(
        office=office, network=network, name=name, backend="memory", options={"account": handle, "handle": handle}
    )


def test_the_staf_admin_shares_to_two_accounts_and_a_manual_one_then_finishes(
    page, login, live_server, staff, office, at_share_with_photo
):
    item = at_share_with_photo
    fb = _account(office, "facebook", "Diskominfotik Bengkalis", "fb")
    x = _account(office, "x", "@diskominfotik", "x")
    wa = _account(office, "whatsapp", "Saluran Bengkalis", "wa")
    login(staff["admin"])
    page.goto(f"{live_server.url}/redaksi/berita/{item.pk}/")
    cards = page.locator("#shares .share-card")
    assert cards.count() == 3
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.locator("#shares").screenshot(path=str(ARTIFACTS / f"social-step8-{width}.png"))
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    # The X counter counts as X does: the link 23, the emoji 2.
    x_text = page.locator(f"#text-{x.pk}")
    x_text.fill("Jembatan baru 🌉 https://diskominfotik.bengkaliskab.go.id/berita/2026/12/1-jembatan/")
    assert page.locator(f".share-card[data-account='{x.pk}'] [data-count]").inner_text() == str(14 + 2 + 1 + 23)
    assert "🌉" in page.locator(f".share-card[data-account='{x.pk}'] [data-preview]").text_content()
    x_text.fill("a" * 300)
    assert "share-counter--over" in page.locator(f".share-card[data-account='{x.pk}'] [data-counter]").get_attribute(
        "class"
    )
    page.click(f"button[name=send][value='{x.pk}']")  # refused by the server, exactly counted
    assert "300" in page.locator(".messages, [role=alert], .message").first.inner_text()
    assert not memory.POSTS
    assert page.locator(f"#text-{x.pk}").input_value() == "a" * 300  # the words are kept to be corrected

    page.locator(f"#text-{x.pk}").fill("Jembatan baru di Teluk Latak 🌉 #Bengkalis")
    page.click(f"button[name=send][value='{fb.pk}']")
    fb_card = page.locator(f".share-card[data-account='{fb.pk}']")
    assert fb_card.locator(".share-status").get_attribute("data-status") == "posted"
    page.click("button[name=send][value=all]")
    x_card = page.locator(f".share-card[data-account='{x.pk}']")
    assert x_card.locator(".share-status").get_attribute("data-status") == "posted"
    assert [p.post.text for p in memory.POSTS if p.account == "x"] == ["Jembatan baru di Teluk Latak 🌉 #Bengkalis"]
    assert len(memory.POSTS) == 2
    card = memory.POSTS[0].post.photos[0]  # the lead photo's social card goes with the post
    with card.open() as f:
        assert f.read(3) == b"\xff\xd8\xff" and card.url.endswith("/card.jpg")
    assert memory.POSTS[0].post.video is None

    page.locator("#shares").screenshot(path=str(ARTIFACTS / "social-step8-sent-1280.png"))
    # The step waits for the manual network's proof.
    page.click("button[name=outcome][value=done]")
    assert "Saluran Bengkalis" in page.locator("body").inner_text()
    page.fill(f"#url-{wa.pk}", WA_POST)
    page.click(f"button[name=proof][value='{wa.pk}']")
    page.click("button[name=outcome][value=done]")
    item.refresh_from_db()
    assert item.current_step is None
    timeline = page.locator("table.timeline tr[data-step='8']")
    shown = {a.get_attribute("href") for a in timeline.locator("a[data-post-url]").all()}
    assert shown == set(Share.objects.filter(item=item).values_list("url", flat=True)) and WA_POST in shown
    assert len(shown) == 3
    page.locator("table.timeline").screenshot(path=str(ARTIFACTS / "social-timeline-1280.png"))


def test_the_accounts_screen_never_shows_a_token(page, login, live_server, staff, office):
    account = _account(office, "facebook", "Diskominfotik Bengkalis", "fb")
    _account(office, "whatsapp", "Saluran Bengkalis", "wa")
    services.account_token_set(actor=staff["sysadmin"], account_id=account.pk, token="EAAB-rahasia")
    login(staff["sysadmin"])
    page.goto(f"{live_server.url}/redaksi/sosial/akun/?kantor={office.slug}")
    assert page.locator(".account-card").count() == 2
    assert "EAAB-rahasia" not in page.content()
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"social-accounts-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_retry_shows_on_the_card_and_the_status_follows_by_itself(
    page, login, live_server, staff, office, at_share_with_photo
):
    from django.utils import timezone

    from redaksi.social import sending
    from redaksi.social.base import Failure

    item = at_share_with_photo
    tg = _account(office, "telegram", "Kanal Bengkalis", "tg")
    memory.fail(Failure.RETRY, retry_after=30)
    login(staff["admin"])
    page.goto(f"{live_server.url}/redaksi/berita/{item.pk}/")
    page.click(f"button[name=send][value='{tg.pk}']")
    status = page.locator(f"#share-status-{tg.pk}")
    assert status.get_attribute("data-status") == "retrying"
    assert "memory: retry" in status.inner_text()
    # The worker's next try, a minute later: the card follows without a reload (htmx asks every 4 s).
    Share.objects.filter(account=tg).update(next_attempt_at=timezone.now())
    assert sending.shares_sweep()[0] == 1
    page.wait_for_selector(f"#share-status-{tg.pk}[data-status=posted]", timeout=10_000)
    assert "memory.example/tg/" in page.locator(f"#share-status-{tg.pk}").inner_text()
    assert len(memory.POSTS) == 1
