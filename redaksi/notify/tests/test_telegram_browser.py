"""The Kabag links Telegram on their settings page, then approves through the link the bot sent them."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from redaksi.newsroom.models import Approval, NewsItem
from redaksi.newsroom.tests.factories import advance, new_item
from redaksi.notify.models import OutboundTelegram, TelegramLink
from redaksi.notify.telegram_link import telegram_poll
from redaksi.social import crypto
from redaksi.social.models import SocialAccount
from redaksi.social.tests.fakes.telegram_bot import TelegramBotFake

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
CHAT = 515151

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fake():
    server = TelegramBotFake()
    yield server
    server.close()
    assert server.violations == []


def shoot(page, name):
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} overflows sideways by {overflow}px at {width}"
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)


def test_the_kabag_links_telegram_and_approves_by_its_link(
    fake, staff, office, page, live_server, login, settings, tmp_path
):
    ARTIFACTS.mkdir(exist_ok=True)
    settings.REDAKSI_BASE_URL = live_server.url
    settings.MEDIA_ROOT = tmp_path / "media"
    SocialAccount.objects.create(
        office=office,
        network="telegram",
        name="Diskominfo",
        backend="telegram",
        options={"chat_id": "@diskominfo_garut"},
        base_url=fake.url,
        token_encrypted=crypto.seal(fake.token),
    )
    head = staff["head"]

    # 1. Settings: "Hubungkan Telegram" gives a one-time t.me link.
    login(head)
    page.goto(f"{live_server.url}/notifikasi/pengaturan/")
    shoot(page, "notify-telegram-settings")
    page.click("button:has-text('Hubungkan Telegram')")
    deep = page.get_attribute("[data-telegram-link]", "href")
    match = re.fullmatch(r"https://t\.me/redaksi_test_bot\?start=([A-Za-z0-9_-]{38})", deep)
    assert match, deep
    assert "berlaku sekali" in page.inner_text("body")
    shoot(page, "notify-telegram-deeplink")

    # 2. Telegram delivers "/start <code>" to the bot; the periodic job links the chat.
    fake.person(CHAT, first_name="Hendra", username="hendra_kabag")
    fake.user_sends(CHAT, f"/start {match.group(1)}")
    telegram_poll()
    assert TelegramLink.objects.get(user=head).chat_id == CHAT
    page.goto(f"{live_server.url}/notifikasi/pengaturan/")
    assert "Terhubung dengan Telegram (hendra_kabag)" in page.inner_text("body")
    assert page.locator("button:has-text('Lepaskan Telegram')").count() == 1
    shoot(page, "notify-telegram-linked")

    # 3. The item reaches approval: the mail goes, and the bot sends the same link.
    item = advance(new_item(staff, office, title="Jembatan Desa Teluk Latak Diresmikan"), staff, 3)
    notice = fake.inbox(CHAT)[-1]["text"]
    assert item.title in notice and "Sent by: Siti Rahmawati" in notice
    url = re.search(r"http://\S+/notifikasi/persetujuan/[a-z2-7]{32}/", notice).group(0)
    assert url.startswith(live_server.url)

    # 4. The Kabag opens it (a phone's width), and approves.
    page.set_viewport_size({"width": 360, "height": 900})
    page.goto(url)
    assert page.is_checked("input[value=approve]")
    shoot(page, "notify-telegram-approval")
    assert NewsItem.objects.get(pk=item.pk).current_step == 3  # opening never acts
    page.click("button[type=submit]")
    page.wait_for_selector(".np-done")
    shoot(page, "notify-telegram-approved")
    item.refresh_from_db()
    assert item.current_step == 4
    assert Approval.objects.get(item=item).channel == "link"

    # 5. The link works once, and the chat no longer shows it as valid.
    page.goto(url)
    assert "sudah disetujui" in page.inner_text("body")
    edited = fake.inbox(CHAT)[-1]["text"]
    assert url not in edited and "closed" in edited
    assert OutboundTelegram.objects.get(item=item).withdrawn_at is not None
