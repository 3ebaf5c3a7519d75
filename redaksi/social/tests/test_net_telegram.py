"""The Telegram client against a local Bot API that checks each method's parameters against api.json."""

import json

import pytest

from redaksi.social.base import Failure, Media, Metrics, Published, ShareError
from redaksi.social.networks import telegram
from redaksi.social.tests.fakes import LINK, TRICKY, photo, post, session
from redaksi.social.tests.fakes.server import Reply, closed_url
from redaksi.social.tests.fakes.telegram import TelegramFake


@pytest.fixture
def fake():
    server = TelegramFake()
    yield server
    server.close()
    assert server.violations == []


def client(fake, chat_id="@diskominfo_garut", **options):
    opts = {"chat_id": chat_id, "timeout": "0.4", **options}
    return telegram.Client(base_url=fake.url, token=fake.token, options=opts, session=session())


def test_a_text_message_carries_the_link_preview_and_the_text_intact(fake):
    published = client(fake).publish(post())
    (sent,) = fake.calls("POST", "/sendMessage")
    assert sent.path == f"/bot{fake.token}/sendMessage" and sent.form["text"] == TRICKY
    assert json.loads(sent.form["link_preview_options"])["url"] == LINK
    assert published == Published(post_id="101", url="https://t.me/diskominfo_garut/101")
    assert fake.messages[101]["text"] == TRICKY


def test_one_photo_is_uploaded_with_its_caption(fake):
    published = client(fake).publish(post(photos=[photo(url="")]))
    assert fake.messages[int(published.post_id)]["caption"] == TRICKY
    assert fake.files[int(published.post_id)][:2] == b"\xff\xd8"


def test_several_photos_are_a_media_group_with_the_caption_on_the_first(fake):
    published = client(fake).publish(post(photos=[photo() for _ in range(12)]))
    ids = [int(i) for i in published.post_id.split(",")]
    assert len(ids) == 10 and fake.messages[ids[0]]["caption"] == TRICKY
    assert all("caption" not in fake.messages[i] for i in ids[1:])
    client(fake).delete(published)
    assert not fake.messages


def test_a_numeric_private_channel_gets_a_t_me_c_address(fake):
    fake.chat = {key: value for key, value in fake.chat.items() if key != "username"}
    published = client(fake, chat_id="-1001234567890").publish(post())
    assert published.url == "https://t.me/c/1234567890/101"


def test_flood_control_is_retried_after_what_telegram_says(fake):
    fake.fail("429", path="/sendMessage")
    with pytest.raises(ShareError) as error:
        client(fake).publish(post())
    assert error.value.kind == Failure.RETRY and error.value.retry_after == 17.0 and not fake.messages


@pytest.mark.parametrize(
    ("kind", "failure"),
    [("token", Failure.TOKEN), ("forbidden", Failure.TOKEN), ("500", Failure.RETRY), ("timeout", Failure.UNKNOWN)],
)
def test_failures_have_their_kind(fake, kind, failure):
    fake.fail(kind, path="/sendMessage")
    with pytest.raises(ShareError) as error:
        client(fake).publish(post())
    assert error.value.kind == failure and fake.token not in error.value.message


def test_a_wrong_token_a_wrong_channel_and_a_network_down(fake):
    with pytest.raises(ShareError) as error:
        telegram.Client(
            base_url=fake.url, token="1:salah", options={"chat_id": "@diskominfo_garut"}, session=session()
        ).publish(post())
    assert error.value.kind == Failure.TOKEN
    with pytest.raises(ShareError) as error:
        client(fake, chat_id="@kanal_lain").publish(post())
    assert error.value.kind == Failure.PERSON and "chat not found" in error.value.message
    down = telegram.Client(base_url=closed_url(), token="1:a", options={"chat_id": "@a"}, session=session())
    with pytest.raises(ShareError) as error:
        down.publish(post())
    assert error.value.kind == Failure.RETRY


def test_a_caption_too_long_stops_before_sending(fake):
    with pytest.raises(ShareError) as error:
        client(fake).publish(post("a" * 1025, photos=[photo()]))
    assert error.value.kind == Failure.PERSON and not fake.requests


def test_after_a_lost_answer_a_person_checks_the_channel_instead_of_a_resend(fake):
    fake.fail("timeout", path="/sendMessage")
    with pytest.raises(ShareError) as error:
        client(fake).publish(post())
    assert error.value.kind == Failure.UNKNOWN and len(fake.messages) == 1
    with pytest.raises(ShareError) as error:
        client(fake).find(post())
    assert error.value.kind == Failure.PERSON and "tempelkan alamatnya" in error.value.message
    assert len(fake.messages) == 1


def test_no_metrics_and_no_expiry_but_a_revoked_token_shows(fake):
    assert client(fake).metrics(Published("1", "u")) == Metrics() and not fake.requests
    assert client(fake).token_expiry() is None and [r.path for r in fake.requests] == [f"/bot{fake.token}/getMe"]
    with pytest.raises(ShareError) as error:
        telegram.Client(
            base_url=fake.url, token="1:revoked", options={"chat_id": "@x"}, session=session()
        ).token_expiry()
    assert error.value.kind == Failure.TOKEN


def test_a_photo_too_large_stops_before_sending(fake):
    big = Media("besar.jpg", "image/jpeg", 11 * 1024 * 1024, lambda: None, width=4000, height=3000)
    with pytest.raises(ShareError) as error:
        client(fake).publish(post(photos=[big]))
    assert error.value.kind == Failure.PERSON and error.value.code == "too-large" and not fake.requests


def test_an_address_that_is_not_the_bot_api_needs_a_person(fake):
    fake.route = lambda request: Reply(404, b"<html>Not Found</html>", {"Content-Type": "text/html"})
    with pytest.raises(ShareError) as error:
        client(fake).publish(post())
    assert error.value.kind == Failure.PERSON and "HTTP 404" in error.value.message
