"""The Instagram client against a local Graph API content-publishing server checked against IGUser.json."""

from datetime import UTC, datetime

import pytest

from redaksi.social.base import Failure, ShareError
from redaksi.social.networks import instagram
from redaksi.social.tests.fakes import TRICKY, photo, post, session, video
from redaksi.social.tests.fakes.graph import InstagramFake


@pytest.fixture
def fake():
    server = InstagramFake()
    yield server
    server.close()
    assert server.violations == []


def client(fake, **options):
    opts = {"ig_user_id": fake.user_id, "timeout": "0.4", "poll_interval": "0", "poll_attempts": "5", **options}
    return instagram.Client(base_url=fake.url, token=fake.token, options=opts, session=session())


def test_one_photo_is_an_image_post_with_its_caption_intact(fake):
    published = client(fake).publish(post(photos=[photo(alt="Banjir di Garut")]))
    (created,) = fake.calls("POST", "/media")
    assert created.form["caption"] == TRICKY and created.form["image_url"] == "https://cdn.example.go.id/kartu.jpg"
    assert created.form["alt_text"] == "Banjir di Garut"
    assert fake.calls("POST", "/media_publish")[0].form["creation_id"] in fake.containers
    assert published.post_id in fake.media and published.url == fake.media[published.post_id]["permalink"]


def test_several_photos_make_a_carousel(fake):
    photos = [photo(url=f"https://cdn.example.go.id/{n}.jpg") for n in range(3)]
    client(fake).publish(post(photos=photos))
    creates = fake.calls("POST", "/media")
    assert [r.form.get("is_carousel_item") for r in creates[:3]] == ["true"] * 3
    parent = creates[3].form
    assert parent["media_type"] == "CAROUSEL" and len(parent["children"].split(",")) == 3
    assert parent["caption"] == TRICKY and len(fake.media) == 1


def test_a_video_without_photos_is_a_reel_published_once_processing_ends(fake):
    published = client(fake).publish(post(video=video(b"\x00" * 100)))
    (created,) = fake.calls("POST", "/media")
    assert created.form["media_type"] == "REELS" and created.form["video_url"].endswith(".mp4")
    assert len(fake.calls("GET", "")) >= 3 and published.post_id in fake.media


def test_a_reel_still_processing_after_the_last_poll_is_retried_later_without_publishing(fake):
    with pytest.raises(ShareError) as error:
        client(fake, poll_attempts="2").publish(post(video=video(b"\x00" * 100)))
    assert error.value.kind == Failure.RETRY and not fake.media


def test_a_reel_that_fails_processing_needs_a_person(fake):
    fake.reel_status = "ERROR"
    with pytest.raises(ShareError) as error:
        client(fake).publish(post(video=video(b"\x00" * 100)))
    assert error.value.kind == Failure.PERSON and "2207026" in error.value.message


@pytest.mark.parametrize(
    ("item", "code"),
    [
        (post(), "no-media"),
        (post(photos=[photo(width=300, height=300)]), "photo-too-small"),
        (post(photos=[photo(url="")]), "no-url"),
    ],
)
def test_what_instagram_cannot_take_stops_before_sending(fake, item, code):
    with pytest.raises(ShareError) as error:
        client(fake).publish(item)
    assert error.value.kind == Failure.PERSON and error.value.code == code and not fake.requests


@pytest.mark.parametrize(
    ("kind", "failure"),
    [("token", Failure.TOKEN), ("429", Failure.RETRY), ("500", Failure.RETRY), ("policy", Failure.REFUSED)],
)
def test_failures_of_the_container_have_their_kind(fake, kind, failure):
    fake.fail(kind, method="POST", path="/media")
    with pytest.raises(ShareError) as error:
        client(fake).publish(post(photos=[photo()]))
    assert error.value.kind == failure and not fake.media


def test_a_publish_that_times_out_is_found_and_not_published_twice(fake):
    fake.fail("timeout", method="POST", path="/media_publish")
    with pytest.raises(ShareError) as error:
        client(fake).publish(post(photos=[photo()]))
    assert error.value.kind == Failure.UNKNOWN
    found = client(fake).find(post(photos=[photo()]))
    assert found is not None and found.post_id in fake.media and len(fake.media) == 1
    assert client(fake).find(post("Teks lain")) is None


def test_metrics_delete_and_expiry(fake):
    published = client(fake).publish(post(photos=[photo()]))
    fake.media[published.post_id]["insights"] = {"reach": 90, "likes": 7, "comments": 2, "shares": 1, "saved": 4}
    metrics = client(fake).metrics(published)
    assert (metrics.reach, metrics.likes, metrics.comments, metrics.shares) == (90, 7, 2, 1)
    assert metrics.extra == {"saved": 4}
    fake.expires_at = 1_900_000_000
    assert client(fake).token_expiry() == datetime.fromtimestamp(1_900_000_000, tz=UTC)
    client(fake).delete(published)
    assert not fake.media
