"""Step 8 end to end: the real clients of the five API networks against their local protocol servers, in Chromium.

The system administrator points each account at its network's fake on the accounts screen; the Staf Admin sends
all from the item's step 8; the worker (the test profile's immediate task backend, and `manage.py social_send`
for what is due later) posts; the fakes check every request against the networks' specifications.
"""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from redaksi.social import services
from redaksi.social.models import Share, SocialAccount
from redaksi.social.selectors import item_shares
from redaksi.social.tests.fakes.networks import Account, Networks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
WA_POST = "https://whatsapp.com/channel/0029VaBengkalis/121"


@pytest.fixture
def networks(settings, live_server):
    # Instagram fetches the photo from its public address: the app's own file view, on the live server.
    settings.REDAKSI_BASE_URL = live_server.url
    nets = Networks()
    yield nets
    nets.close()
    assert nets.violations() == []


def add_on_screen(page, base, office, account, *, required=True) -> SocialAccount:
    """The administrator adds one account on the accounts screen, then sets its token there."""
    page.goto(f"{base}/redaksi/sosial/akun/baru/?kantor={office.slug}")
    page.select_option("#id_network", account.network)
    page.fill("#id_name", account.name)
    if account.token:
        page.fill("#id_options", json.dumps(account.options))
        page.fill("#id_base_url", account.base_url)
    page.set_checked("#id_required", required)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(lambda url: "/akun/baru/" not in url)
    saved = SocialAccount.objects.get(office=office, name=account.name)
    if account.token:
        card = page.locator(f".account-card[data-account='{saved.pk}']")
        card.locator("summary").click()
        card.locator(f"#token-{saved.pk}").fill(account.token)
        with page.expect_navigation():
            card.locator(f"form[action$='/{saved.pk}/token/'] button[type=submit]").click()
        assert "Token tersimpan" in page.locator(f".account-card[data-account='{saved.pk}']").inner_text()
        saved.refresh_from_db()
    return saved


def test_an_item_goes_to_five_networks_and_a_manual_one_with_proof_then_its_reach(
    page, login, live_server, staff, office, published_with_media, networks, time_machine
):
    item = published_with_media(video=True)
    login(staff["sysadmin"])
    base = live_server.url
    made = {n: add_on_screen(page, base, office, a) for n, a in networks.accounts().items()}
    wa = add_on_screen(page, base, office, Account("whatsapp", "Saluran Bengkalis", {}, "", ""))
    assert page.locator(".account-card").count() == 6
    assert all(a.token not in page.content() for a in networks.accounts().values())  # never shown back
    for account in made.values():
        assert account.has_token and account.base_url.startswith("http://127.0.0.1:")
    # The administrator tries the Facebook connection: the worker asks the Graph API's debug_token.
    with page.expect_navigation():
        page.locator(f".account-card[data-account='{made['facebook'].pk}'] form.inline button").click()
    assert "Berfungsi." in page.locator(f".account-card[data-account='{made['facebook'].pk}']").inner_text()

    page.context.clear_cookies()
    login(staff["admin"])
    page.goto(f"{base}/redaksi/berita/{item.pk}/")
    assert page.locator("#shares .share-card").count() == 6
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.locator("#shares").screenshot(path=str(ARTIFACTS / f"social-e2e-step8-{width}.png"))
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("button[name=send][value=all]")

    shares = {s.account.network: s for s in Share.objects.filter(item=item).select_related("account")}
    for network, share in shares.items():
        if network == "whatsapp":
            continue
        status = page.locator(f"#share-status-{share.account_id}")
        assert status.get_attribute("data-status") == "posted", (network, share.last_error)
        assert status.locator("a[data-post-url]").get_attribute("href") == share.url
    assert networks.posts() == {"facebook": 1, "instagram": 1, "x": 1, "youtube": 1, "telegram": 1}
    _check_what_each_network_got(networks, shares, item)
    page.locator("#shares").screenshot(path=str(ARTIFACTS / "social-e2e-step8-sent-1280.png"))

    page.fill(f"#url-{wa.pk}", WA_POST)
    page.click(f"button[name=proof][value='{wa.pk}']")
    page.click("button[name=outcome][value=done]")
    item.refresh_from_db()
    assert item.current_step is None
    timeline = page.locator("table.timeline tr[data-step='8']")
    shown = {a.get_attribute("href") for a in timeline.locator("a[data-post-url]").all()}
    assert shown == {*(s.url for n, s in shares.items() if n != "whatsapp"), WA_POST}
    assert "https://www.facebook.com/1001/posts/" in str(shown) and "https://t.me/diskominfo_garut/" in str(shown)

    _reach_a_day_later(page, login, base, staff, item, networks, shares, time_machine)


def _check_what_each_network_got(networks, shares, item):
    """The text the Staf Admin saw, the lead photo's card, the video: as each network takes them."""
    (feed_photo,) = networks.facebook.calls("POST", "/photos")
    assert feed_photo.form["caption"] == shares["facebook"].text and feed_photo.form["url"].endswith("/card.jpg")
    (container,) = networks.instagram.calls("POST", "/media")
    url = container.form["image_url"]
    # Instagram gets the 4:5 picture made for the networks, fetched from its public address as a usable JPEG.
    assert "/redaksi/sosial/kartu/" in url and networks.instagram.fetch(url)
    assert networks.instagram.fetched == {url: (1080, 1350)}
    (tweet,) = networks.x.tweets.values()
    assert tweet["text"] == shares["x"].text and len(tweet["media"]["media_ids"]) == 1
    (video,) = networks.youtube.videos.values()
    assert video["snippet"]["title"] == item.title and video["status"]["privacyStatus"] == "unlisted"
    assert video["data"][4:8] == b"ftyp"
    (message,) = networks.telegram.messages.values()
    assert message["caption"] == shares["telegram"].text and networks.telegram.files[message["message_id"]][:2] == (
        b"\xff\xd8"
    )


def _reach_a_day_later(page, login, base, staff, item, networks, shares, time_machine):
    """A day on, `social_send` reads each post's reach from the networks and the item shows it."""
    fb_post = networks.facebook.posts[shares["facebook"].post_id]
    fb_post.update(post_impressions_unique=1234, reactions=56, comments=7, shares=3)
    networks.instagram.media[shares["instagram"].post_id]["insights"].update(reach=2345, likes=89)
    networks.x.tweets[shares["x"].post_id]["public_metrics"].update(impression_count=3456, like_count=12)
    networks.youtube.videos[shares["youtube"].post_id]["statistics"].update(viewCount="4567", likeCount="34")
    time_machine.move_to(timezone.now() + timedelta(days=1, minutes=5), tick=True)
    call_command("social_send")
    page.context.clear_cookies()  # a day later the session has ended
    login(staff["admin"])
    page.goto(f"{base}/redaksi/berita/{item.pk}/")
    figures = {
        n: page.locator(f".share-posts tr[data-network='{n}'] .share-metrics > span").all_inner_texts() for n in shares
    }
    assert figures["facebook"] == ["1.234 dijangkau", "0 tayangan", "56 suka", "7 komentar", "3 dibagikan"]
    assert figures["instagram"][:3] == ["2.345 dijangkau", "0 tayangan", "89 suka"]
    assert figures["x"][:2] == ["3.456 tayangan", "12 suka"]  # X tells no reach
    assert figures["youtube"] == ["4.567 tayangan", "34 suka", "0 komentar"]
    telegram = page.locator(".share-posts tr[data-network='telegram']").inner_text()
    assert "tidak memberi angka jangkauan" in telegram  # the Bot API gives a bot no views of channel posts
    page.locator("#shares").screenshot(path=str(ARTIFACTS / "social-e2e-reach-1280.png"))


def _connect(staff, office, networks, *, required=True) -> dict[str, SocialAccount]:
    made = {}
    for network, account in networks.accounts().items():
        fields = {
            "network": network,
            "name": account.name,
            "backend": "",
            "options": account.options,
            "base_url": account.base_url,
            "required": required and network != "youtube",
            "active": True,
        }
        made[network] = services.account_save(actor=staff["sysadmin"], office=office, fields=fields)
        services.account_token_set(actor=staff["sysadmin"], account_id=made[network].pk, token=account.token)
    return made


def test_failing_networks_are_retried_on_the_cards_and_nothing_is_posted_twice(
    page, login, live_server, staff, office, published_with_media, networks, time_machine
):
    item = published_with_media(video=False)
    made = _connect(staff, office, networks)
    networks.x.fail("429", method="POST", path="/2/tweets")  # with x-rate-limit-reset 90 s on
    networks.facebook.fail("500", method="POST", path="/photos")  # once, then it works
    networks.telegram.fail("429", path="sendPhoto")  # ok: false, parameters.retry_after 17
    networks.instagram.fail("timeout", path="media_publish")  # published, but the answer comes too late
    login(staff["admin"])
    page.goto(f"{live_server.url}/redaksi/berita/{item.pk}/")
    page.click("button[name=send][value=all]")

    def card(network):
        return page.locator(f"#share-status-{made[network].pk}")

    for network in ("facebook", "instagram", "x", "telegram"):
        assert card(network).get_attribute("data-status") == "retrying", network
        assert "dicoba 1×, berikutnya pukul" in card(network).inner_text()
    assert "Batas pengiriman X tercapai" in card("x").inner_text()
    assert "Telegram meminta jeda" in card("telegram").inner_text()
    assert "memeriksa apakah kiriman sudah tampil" in card("instagram").inner_text()
    x_share = Share.objects.get(account=made["x"])
    assert abs(x_share.next_attempt_at.timestamp() - networks.x.reset_at) < 2  # when X's limit resets, not sooner
    # YouTube takes videos only; this item has none. Clear words on its card, and it is not required.
    assert card("youtube").get_attribute("data-status") == "needs_person"
    assert "Berita ini tidak punya video" in card("youtube").inner_text()
    assert networks.posts() == {"facebook": 0, "instagram": 1, "x": 0, "youtube": 0, "telegram": 0}
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.locator("#shares").screenshot(path=str(ARTIFACTS / f"social-e2e-retrying-{width}.png"))
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    time_machine.move_to(timezone.now() + timedelta(minutes=3), tick=True)
    call_command("social_send")  # the worker's next round; the cards follow by themselves (htmx)
    for network in ("facebook", "instagram", "x", "telegram"):
        page.wait_for_selector(f"#share-status-{made[network].pk}[data-status=posted]", timeout=15_000)
    call_command("social_send")  # a second round finds nothing due: nothing is posted again
    assert networks.posts() == {"facebook": 1, "instagram": 1, "x": 1, "youtube": 0, "telegram": 1}
    assert len(networks.instagram.calls("POST", "/media_publish")) == 1  # found after the lost answer, not resent
    assert len(networks.x.calls("POST", "/2/tweets")) == 2 and len(networks.facebook.calls("POST", "/photos")) == 2
    attempts = dict(Share.objects.filter(item=item).values_list("account__network", "attempts"))
    assert attempts == {"facebook": 2, "instagram": 2, "x": 2, "telegram": 2, "youtube": 1}
    assert [s.status for s in item_shares(item) if s.account.network == "youtube"] == ["needs_person"]
    page.locator("#shares").screenshot(path=str(ARTIFACTS / "social-e2e-retried-1280.png"))
