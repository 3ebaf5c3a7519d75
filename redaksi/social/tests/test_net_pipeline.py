"""The pipeline with the real network clients against their protocol servers, without a browser: the tokens."""

import io
from dataclasses import replace
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from redaksi.conftest import PASSWORD
from redaksi.notify.models import Notification
from redaksi.social import sending, services
from redaksi.social.models import Share
from redaksi.social.selectors import item_shares
from redaksi.social.tests.fakes.networks import Networks

pytestmark = pytest.mark.django_db


@pytest.fixture
def networks():
    nets = Networks()
    yield nets
    nets.close()
    assert nets.violations() == []


def connect(staff, office, account):
    fields = {"network": account.network, "name": account.name, "backend": "", "options": account.options}
    saved = services.account_save(
        actor=staff["sysadmin"], office=office, fields={**fields, "base_url": account.base_url, "active": True}
    )
    services.account_token_set(actor=staff["sysadmin"], account_id=saved.pk, token=account.token)
    return saved


def tokens() -> str:
    out = io.StringIO()
    call_command("social_tokens", stdout=out)
    return out.getvalue().strip()


def test_a_facebook_token_ending_within_a_week_reaches_the_administrator(client, staff, office, networks, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    ends = timezone.now() + timedelta(days=5)
    networks.facebook.expires_at = int(ends.timestamp())  # debug_token says so
    facebook = connect(staff, office, networks.accounts()["facebook"])
    telegram = connect(staff, office, networks.accounts()["telegram"])  # bot tokens do not end
    assert tokens() == "warned 1"
    (asked,) = networks.facebook.calls("GET", "/debug_token")
    assert asked.query["input_token"] == networks.facebook.token
    facebook.refresh_from_db()
    telegram.refresh_from_db()
    assert facebook.token_expires_at == ends.replace(microsecond=0) and facebook.check_message == "Works."
    assert telegram.token_expires_at is None and telegram.check_message == "Works."  # getMe: a bot's never ends

    (notice,) = Notification.objects.filter(kind="social.account")
    assert notice.user == staff["sysadmin"] and notice.url == reverse("social:accounts")
    assert notice.title.startswith("The Facebook: Diskominfotik Bengkalis token ends on ")
    client.login(username="sysadmin", password=PASSWORD)
    assert notice.title in client.get(reverse("notify:inbox")).content.decode()
    page = client.get(reverse("social:accounts") + f"?kantor={office.slug}").content.decode()
    assert f"Token saved, ends {timezone.localtime(ends).strftime('%-d %B %Y')}" in page  # the office's date

    # Hourly runs: the network is asked again only after 20 hours, the administrator told once a week.
    time_machine.shift(timedelta(hours=1))
    assert tokens() == "warned 0" and len(networks.facebook.calls("GET", "/debug_token")) == 1
    time_machine.shift(timedelta(hours=20))
    assert tokens() == "warned 0" and len(networks.facebook.calls("GET", "/debug_token")) == 2
    assert Notification.objects.filter(kind="social.account").count() == 1


@pytest.mark.parametrize("network", ["facebook", "instagram", "x", "youtube", "telegram"])
def test_each_network_is_asked_about_its_token_and_a_dead_one_shows_on_the_accounts_screen(
    staff, office, networks, network
):
    """Not only at the next post: the hourly check asks every network, so a revoked token shows at once."""
    good = connect(staff, office, networks.accounts()[network])
    dead = connect(staff, office, replace(networks.accounts()[network], name="Lama", token="kedaluwarsa"))
    assert tokens() == "warned 0"
    good.refresh_from_db()
    dead.refresh_from_db()
    assert good.check_message == "Works." and len(networks.fakes()[network].requests) == 2
    assert dead.check_message.startswith("Does not work: ") and "dministrator" in dead.check_message


@pytest.mark.parametrize("found", [True, False])
def test_a_lost_telegram_answer_waits_for_a_person_who_looks_at_the_channel(
    client, staff, office, networks, at_share, time_machine, found
):
    """Telegram cannot be asked whether a post went out: never a blind resend; the person pastes or resends."""
    time_machine.move_to(timezone.now(), tick=True)
    telegram = connect(staff, office, networks.accounts()["telegram"])
    text = item_shares(at_share)[0].text
    networks.telegram.fail("timeout", path="sendMessage")  # the message is posted, its answer comes too late

    def send():
        sent = services.shares_send(
            actor=staff["admin"], item_id=at_share.pk, texts={telegram.pk: (text, "")}, send=[telegram.pk]
        )
        return sending.share_deliver(sent.queued[0].pk)

    assert send() == "retrying"
    time_machine.shift(timedelta(minutes=2))
    share = Share.objects.get(account=telegram)
    assert sending.share_deliver(share.pk) == "needs_person"  # it retried by itself, and did not post again
    share.refresh_from_db()
    assert share.outcome_unknown and "Buka kanalnya" in share.last_error and len(networks.telegram.messages) == 1
    client.login(username="webadmin", password=PASSWORD)
    page = client.get(reverse("newsroom:item", args=[at_share.pk])).content.decode()
    assert f'name="url-{telegram.pk}"' in page and "Address of the post, if you found it on the network" in page
    # "Send all" leaves it alone: only its own button, once the person has looked, sends it again.
    act = reverse("social:act", args=[at_share.pk])
    page = client.post(act, {f"text-{telegram.pk}": text, "send": "all"}, follow=True).content.decode()
    assert "was not sent again: its last post may already be on the network" in page
    share.refresh_from_db()
    assert share.status == "needs_person" and len(networks.telegram.requests) == 1

    (message_id,) = networks.telegram.messages
    if found:  # it is in the channel: its address is the proof
        url = f"https://t.me/diskominfo_garut/{message_id}"
        services.share_proof(actor=staff["admin"], item_id=at_share.pk, account_id=telegram.pk, url=url)
        share.refresh_from_db()
        assert (share.status, share.url) == ("manual_done", url) and len(networks.telegram.messages) == 1
    else:  # it is not there (deleted, say): Send again posts it, once
        del networks.telegram.messages[message_id]
        assert send() == "posted" and len(networks.telegram.messages) == 1
        share.refresh_from_db()
        assert share.url == f"https://t.me/diskominfo_garut/{message_id + 1}"


@pytest.mark.django_db(transaction=True)
def test_an_item_with_a_video_and_no_photo_is_a_reel_and_a_video_post(
    staff, office, networks, published_with_media, settings, live_server
):
    """Instagram fetches the reel from the app's address of the video's web encoding; X uploads it in chunks."""
    settings.REDAKSI_BASE_URL = live_server.url
    networks.instagram.fetch_media = True  # sent from the test's thread: the live server is free to answer
    item = published_with_media(video=True, photo=False)
    made = [connect(staff, office, networks.accounts()[n]) for n in ("instagram", "x")]
    texts = {s.account_id: (s.text, s.title) for s in item_shares(item)}
    services.shares_send(actor=staff["admin"], item_id=item.pk, texts=texts, send=[a.pk for a in made])
    assert {s.account.network: s.status for s in Share.objects.filter(item=item)} == {
        "instagram": "posted",
        "x": "posted",
    }
    (reel,) = [c for c in networks.instagram.containers.values() if c["kind"] == "REELS"]
    assert reel["params"]["video_url"].startswith(live_server.url) and reel["params"]["video_url"].endswith("/web.mp4")
    assert reel["params"]["video_url"] in networks.instagram.fetched
    (tweet,) = networks.x.tweets.values()
    (media_id,) = tweet["media"]["media_ids"]
    assert b"".join(networks.x.media[media_id]["chunks"])[4:8] == b"ftyp"
