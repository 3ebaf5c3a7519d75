"""After a correction or a takedown, each client against its network's fake: edit, reply, delete, and their failures.

The fakes check each request against the stored specs (PagePost #update, IGMedia #delete and comments,
videos.update, editMessageText/editMessageCaption, deleteMessage, DELETE /2/tweets/{id}); every test ends with no
violation.
"""

import time

import pytest

from redaksi.social.base import Failure, Published, ShareError
from redaksi.social.networks import facebook, instagram, telegram, x, youtube
from redaksi.social.tests.fakes import photo, post, session, video
from redaksi.social.tests.fakes.graph import FacebookFake, InstagramFake
from redaksi.social.tests.fakes.telegram import TelegramFake
from redaksi.social.tests.fakes.x import XFake
from redaksi.social.tests.fakes.youtube import UNIT, YouTubeFake

FIXED = "Ralat: jembatan sepanjang 150 meter (bukan 120 meter) diresmikan Bupati. https://diskominfo.example.go.id/b/1"


@pytest.fixture
def fakes():
    servers = {
        "facebook": FacebookFake(),
        "instagram": InstagramFake(),
        "x": XFake(),
        "youtube": YouTubeFake(),
        "telegram": TelegramFake(),
    }
    yield servers
    for server in servers.values():
        server.close()
    assert [v for s in servers.values() for v in s.violations] == []


def clients(fakes):
    common = {"timeout": "0.4"}
    return {
        "facebook": facebook.Client(
            base_url=fakes["facebook"].url,
            token=FacebookFake.token,
            options={"page_id": FacebookFake.page_id, **common},
            session=session(),
        ),
        "instagram": instagram.Client(
            base_url=fakes["instagram"].url,
            token=InstagramFake.token,
            options={"ig_user_id": InstagramFake.user_id, "poll_interval": "0.01", **common},
            session=session(),
        ),
        "x": x.Client(base_url=fakes["x"].url, token=XFake.token, options=common, session=session()),
        "youtube": youtube.Client(
            base_url=fakes["youtube"].url,
            token=YouTubeFake.token,
            options={"chunk_size": str(UNIT), "backoff": "0", **common},
            session=session(),
        ),
        "telegram": telegram.Client(
            base_url=fakes["telegram"].url,
            token=TelegramFake.token,
            options={"chat_id": "@diskominfo_garut", **common},
            session=session(),
        ),
    }


def test_facebook_edits_the_message_in_place_and_twice_is_harmless(fakes):
    client, fake = clients(fakes)["facebook"], fakes["facebook"]
    published = client.publish(post())
    client.update(published, post(FIXED))
    client.update(published, post(FIXED))  # a retry after a lost answer
    assert fake.posts[published.post_id]["message"] == FIXED and len(fake.posts) == 1
    (edit, _again) = [r for r in fake.calls("POST") if r.path.endswith(published.post_id)]
    assert edit.form["message"] == FIXED and edit.path == f"/v25.0/{published.post_id}"


def test_youtube_replaces_the_snippet_keeping_its_category(fakes):
    client, fake = clients(fakes)["youtube"], fakes["youtube"]
    published = client.publish(post(video=video(), title="Jembatan Teluk Latak"))
    client.update(published, post(FIXED, title="Ralat: Jembatan Teluk Latak 150 meter"))
    snippet = fake.videos[published.post_id]["snippet"]
    assert snippet["title"] == "Ralat: Jembatan Teluk Latak 150 meter" and snippet["description"] == FIXED
    assert snippet["categoryId"] == "25" and fake.videos[published.post_id]["edits"] == 1


def test_telegram_edits_a_text_message_and_a_photo_caption(fakes):
    client, fake = clients(fakes)["telegram"], fakes["telegram"]
    text_post = client.publish(post())
    photo_post = client.publish(post(photos=[photo()]))
    client.update(text_post, post(FIXED))
    client.update(photo_post, post(FIXED, photos=[photo()]))
    client.update(photo_post, post(FIXED, photos=[photo()]))  # "message is not modified": already done
    assert fake.messages[int(text_post.post_id)]["text"] == FIXED
    assert fake.messages[int(photo_post.post_id)]["caption"] == FIXED
    # The photo's message was first asked for its caption; the text message for its text.
    assert [r.path.rsplit("/", 1)[1] for r in fake.requests if "edit" in r.path] == [
        "editMessageText",
        "editMessageCaption",
        "editMessageCaption",
    ]


def test_x_and_instagram_answer_the_post_instead(fakes):
    both = clients(fakes)
    tweet = both["x"].publish(post())
    reply = both["x"].reply(tweet, FIXED)
    (sent,) = [r for r in fakes["x"].calls("POST", "/2/tweets") if (r.json or {}).get("reply")]
    assert sent.json == {"text": FIXED, "reply": {"in_reply_to_tweet_id": tweet.post_id}}
    assert reply.post_id in fakes["x"].tweets and reply.post_id != tweet.post_id
    media = both["instagram"].publish(post(photos=[photo()]))
    comment = both["instagram"].reply(media, FIXED)
    assert fakes["instagram"].media[media.post_id]["comment_list"] == [{"id": comment.post_id, "message": FIXED}]
    assert fakes["instagram"].media[media.post_id]["caption"] != FIXED  # the caption stays as it was


@pytest.mark.parametrize("network", ["facebook", "instagram", "x", "youtube", "telegram"])
def test_delete_takes_the_post_down_and_a_second_delete_is_no_error(fakes, network):
    client, fake = clients(fakes)[network], fakes[network]
    media = {"youtube": {"video": video()}, "instagram": {"photos": [photo()]}}.get(network, {})
    published = client.publish(post(**media))
    held = {"facebook": "posts", "instagram": "media", "x": "tweets", "youtube": "videos", "telegram": "messages"}
    kept = getattr(fake, held[network])
    assert len(kept) == 1
    client.delete(published)
    assert len(kept) == 0
    client.delete(published)  # the retry of a delete whose answer was lost: already gone counts as deleted


@pytest.mark.parametrize("network", ["facebook", "x", "youtube", "telegram"])
def test_a_busy_network_asks_for_a_retry_and_nothing_is_done_twice(fakes, network):
    client, fake = clients(fakes)[network], fakes[network]
    media = {"youtube": {"video": video()}}.get(network, {})
    published = client.publish(post(**media))
    fake.fail("429", method="DELETE" if network != "telegram" else "POST")
    with pytest.raises(ShareError) as caught:
        client.delete(published)
    assert caught.value.kind is Failure.RETRY
    fake.fail("500", method="DELETE" if network != "telegram" else "POST")
    with pytest.raises(ShareError) as caught:
        client.delete(published)
    assert caught.value.kind is Failure.RETRY
    client.delete(published)
    client.delete(published)
    deletes = [r for r in fake.requests if r.method == "DELETE" or r.path.endswith("deleteMessage")]
    assert len(deletes) == 4  # two refused, one done, one that found it gone: one post deleted, once


def test_telegram_refuses_deleting_after_48_hours_and_says_what_to_do(fakes):
    client, fake = clients(fakes)["telegram"], fakes["telegram"]
    published = client.publish(post())
    fake.messages[int(published.post_id)]["date"] = int(time.time()) - 49 * 3600
    with pytest.raises(ShareError) as caught:
        client.delete(published)
    assert caught.value.kind is Failure.REFUSED and caught.value.code == "telegram-48h"
    assert "48 jam" in caught.value.message and "Hapus pesan itu sendiri" in caught.value.message
    assert len(fake.messages) == 1


def test_a_dead_token_on_an_update_asks_for_an_administrator(fakes):
    client, fake = clients(fakes)["facebook"], fakes["facebook"]
    published = client.publish(post())
    fake.fail("token", method="POST")
    with pytest.raises(ShareError) as caught:
        client.update(published, post(FIXED))
    assert caught.value.kind is Failure.TOKEN and "Administrator" in caught.value.message
    assert fake.posts[published.post_id]["message"] != FIXED


def test_youtube_update_of_a_video_already_gone_says_so(fakes):
    client = clients(fakes)["youtube"]
    with pytest.raises(ShareError) as caught:
        client.update(Published("vid99999999", "https://www.youtube.com/watch?v=vid99999999"), post(FIXED))
    assert caught.value.kind is Failure.PERSON and "sudah tidak ada" in caught.value.message
