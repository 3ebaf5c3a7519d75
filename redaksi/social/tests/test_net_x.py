"""The X client against a local API v2 whose request bodies are validated against openapi.json."""

import time
from datetime import UTC, datetime

import pytest

from redaksi.social.base import Failure, Media, Post, ShareError
from redaksi.social.networks import x
from redaksi.social.tests.fakes import LINK, TRICKY, mp4, photo, post, session, video
from redaksi.social.tests.fakes.server import closed_url
from redaksi.social.tests.fakes.x import XFake


@pytest.fixture
def fake():
    server = XFake()
    yield server
    server.close()
    assert server.violations == []


def client(fake, **options):
    opts = {"timeout": "0.4", "poll_interval": "0", **options}
    return x.Client(base_url=fake.url, token=fake.token, options=opts, session=session())


def test_a_text_post_arrives_intact_with_the_bearer_token(fake):
    published = client(fake).publish(post())
    (sent,) = fake.calls("POST", "/2/tweets")
    assert sent.json == {"text": TRICKY} and sent.headers["authorization"] == f"Bearer {fake.token}"
    assert published.post_id in fake.tweets and published.url == f"https://x.com/i/web/status/{published.post_id}"


def test_up_to_four_photos_are_uploaded_and_attached(fake):
    photos = [photo(url="") for _ in range(5)]
    published = client(fake).publish(post(photos=photos))
    uploads = fake.calls("POST", "/2/media/upload")
    assert len(uploads) == 4 and all(u.form["media_category"] == "tweet_image" for u in uploads)
    assert fake.tweets[published.post_id]["media"]["media_ids"] == list(fake.media)


def test_a_video_goes_up_in_chunks_and_waits_for_processing(fake):
    data = mp4()
    published = client(fake, chunk_size=str(max(1, len(data) // 3))).publish(post(video=video(data)))
    appends = fake.calls("POST", "/append")
    assert len(appends) >= 3 and [int(a.form["segment_index"]) for a in appends] == list(range(len(appends)))
    (media_id,) = fake.tweets[published.post_id]["media"]["media_ids"]
    assert b"".join(fake.media[media_id]["chunks"]) == data
    assert fake.calls("GET", "/2/media/upload")[0].query == {"media_id": media_id, "command": "STATUS"}


def test_a_video_too_long_stops_before_sending(fake):
    with pytest.raises(ShareError) as error:
        client(fake).publish(post(video=video(b"\x00" * 10, duration=600)))
    assert error.value.kind == Failure.PERSON and not fake.requests


def test_429_is_retried_after_the_reset_the_headers_give(fake):
    fake.fail("429", method="POST", path="/2/tweets")
    with pytest.raises(ShareError) as error:
        client(fake).publish(post())
    assert error.value.kind == Failure.RETRY and 80 <= error.value.retry_after <= 91
    assert not fake.tweets


@pytest.mark.parametrize(
    ("kind", "failure"),
    [("token", Failure.TOKEN), ("duplicate", Failure.REFUSED), ("500", Failure.RETRY), ("timeout", Failure.UNKNOWN)],
)
def test_failures_have_their_kind(fake, kind, failure):
    fake.fail(kind, method="POST", path="/2/tweets")
    with pytest.raises(ShareError) as error:
        client(fake).publish(post())
    assert error.value.kind == failure and fake.token not in error.value.message


def test_a_wrong_token_and_a_network_down(fake):
    with pytest.raises(ShareError) as error:
        x.Client(base_url=fake.url, token="lama", options={}, session=session()).publish(post())
    assert error.value.kind == Failure.TOKEN
    with pytest.raises(ShareError) as error:
        x.Client(base_url=closed_url(), token="t", options={}, session=session()).publish(post())
    assert error.value.kind == Failure.RETRY


def test_a_timed_out_post_is_found_by_its_link_and_not_posted_twice(fake):
    fake.fail("timeout", method="POST", path="/2/tweets")
    with pytest.raises(ShareError):
        client(fake).publish(post())
    found = client(fake).find(post("Teks yang diubah " + LINK))
    assert found is not None and list(fake.tweets) == [found.post_id]
    assert client(fake).find(Post(key="k", text="Lain", link="https://lain.example/berita", title="")) is None
    with pytest.raises(ShareError) as again:
        client(fake).publish(post())
    assert again.value.kind == Failure.REFUSED and len(fake.tweets) == 1


def test_metrics_delete_and_expiry(fake):
    published = client(fake).publish(post())
    fake.tweets[published.post_id]["public_metrics"].update(
        like_count=9, reply_count=2, retweet_count=3, quote_count=1, impression_count=500, bookmark_count=4
    )
    metrics = client(fake).metrics(published)
    assert (metrics.views, metrics.likes, metrics.comments, metrics.shares) == (500, 9, 2, 4)
    assert metrics.extra == {"bookmark_count": 4}
    client(fake).delete(published)
    assert not fake.tweets
    assert client(fake).token_expiry() is None
    expiry = client(fake, expires_at="2027-01-02T03:04:05Z").token_expiry()
    assert expiry == datetime(2027, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert client(fake, expires_at=str(int(time.time()) + 60)).token_expiry() > datetime.now(tz=UTC)


def test_media_too_large_stops_before_sending(fake):
    huge = Media("v.mp4", "video/mp4", 600 * 1024 * 1024, lambda: None, duration=30)
    with pytest.raises(ShareError) as error:
        client(fake).publish(post(video=huge))
    assert error.value.kind == Failure.PERSON and error.value.code == "too-large" and not fake.requests
