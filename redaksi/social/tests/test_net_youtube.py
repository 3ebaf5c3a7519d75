"""The YouTube client against a local resumable-upload server that validates the Video body (youtube.v3.json)."""

import io
from datetime import UTC, datetime

import pytest

from redaksi.social.base import Failure, Media, Post, ShareError
from redaksi.social.networks import youtube
from redaksi.social.tests.fakes import TRICKY, mp4, post, session, video
from redaksi.social.tests.fakes.server import Reply
from redaksi.social.tests.fakes.youtube import UNIT, YouTubeFake

BIG = bytes(range(256)) * (UNIT * 2 // 256) + b"ekor video"  # two full chunks and a short last one


@pytest.fixture
def fake():
    server = YouTubeFake()
    yield server
    server.close()
    assert server.violations == []


def client(fake, **options):
    opts = {"timeout": "0.4", "chunk_size": str(UNIT), "backoff": "0", **options}
    return youtube.Client(base_url=fake.url, token=fake.token, options=opts, session=session())


def test_a_real_video_goes_up_with_title_description_tags_and_privacy(fake):
    data = mp4()
    published = client(fake, privacy_status="unlisted").publish(post(video=video(data)))
    (start,) = fake.calls("POST", "/upload/youtube/v3/videos")
    assert start.query == {"uploadType": "resumable", "part": "snippet,status"}
    assert start.headers["x-upload-content-length"] == str(len(data))
    snippet = start.json["snippet"]
    assert snippet["title"] == "Banjir & longsor di Garut" and snippet["description"] == TRICKY
    assert snippet["tags"] == ["banjir", "garut"] and start.json["status"] == {"privacyStatus": "unlisted"}
    assert fake.videos[published.post_id]["data"] == data
    assert published.url == f"https://www.youtube.com/watch?v={published.post_id}"


def test_chunks_follow_the_308_ranges(fake):
    published = client(fake).publish(post(video=video(BIG)))
    puts = fake.calls("PUT", "/upload/youtube/v3/videos")
    assert [p.headers["content-range"] for p in puts] == [
        f"bytes 0-{UNIT - 1}/{len(BIG)}",
        f"bytes {UNIT}-{2 * UNIT - 1}/{len(BIG)}",
        f"bytes {2 * UNIT}-{len(BIG) - 1}/{len(BIG)}",
    ]
    assert fake.videos[published.post_id]["data"] == BIG


def test_a_5xx_mid_upload_is_resumed_from_what_the_server_kept(fake):
    fake.fail("500", method="PUT", path="/videos")
    fake.fail("500", method="PUT", path="/videos")  # the first status query fails too
    published = client(fake).publish(post(video=video(BIG)))
    ranges = [p.headers["content-range"] for p in fake.calls("PUT", "/videos")]
    assert ranges[:4] == [
        f"bytes 0-{UNIT - 1}/{len(BIG)}",
        f"bytes */{len(BIG)}",
        f"bytes */{len(BIG)}",
        f"bytes 0-{UNIT - 1}/{len(BIG)}",
    ]
    assert fake.videos[published.post_id]["data"] == BIG and len(fake.videos) == 1


def test_a_lost_answer_to_the_last_chunk_is_settled_by_asking(fake):
    fake.fail("timeout", method="PUT", path="/videos")
    published = client(fake).publish(post(video=video(b"v" * 1000)))
    assert list(fake.videos) == [published.post_id]


def test_an_item_without_video_needs_a_person(fake):
    with pytest.raises(ShareError) as error:
        client(fake).publish(post())
    assert error.value.kind == Failure.PERSON and error.value.code == "no-video" and not fake.requests


def test_title_and_description_are_fitted_to_youtube(fake):
    item = Post(
        key="k",
        text="<b>Isi</b> " + "é" * 3000,
        link="https://x.example",
        title="<Judul> " + "a" * 200,
        video=video(b"v" * 10),
    )
    client(fake).publish(item)
    snippet = fake.calls("POST", "/videos")[0].json["snippet"]
    assert len(snippet["title"]) == 100 and "<" not in snippet["title"]
    assert len(snippet["description"].encode()) <= 5000 and "<" not in snippet["description"]


@pytest.mark.parametrize(
    ("kind", "failure"), [("token", Failure.TOKEN), ("quota", Failure.RETRY), ("500", Failure.RETRY)]
)
def test_failures_opening_the_session(fake, kind, failure):
    fake.fail(kind, method="POST", path="/videos")
    with pytest.raises(ShareError) as error:
        client(fake).publish(post(video=video(b"v" * 10)))
    assert error.value.kind == failure and not fake.videos
    if kind == "quota":
        assert 0 < error.value.retry_after <= 25 * 3600


def test_find_after_an_unknown_outcome_sees_the_video(fake):
    published = client(fake).publish(post(video=video(b"v" * 10)))
    assert client(fake).find(post(video=video(b"v" * 10))) == published
    assert client(fake).find(post("Lain", video=video(b"v" * 10), title="Judul lain")) is None


def test_metrics_delete_expiry_and_options(fake):
    published = client(fake).publish(post(video=video(b"v" * 10)))
    fake.videos[published.post_id]["statistics"] = {"viewCount": "1200", "likeCount": "40", "commentCount": "5"}
    metrics = client(fake).metrics(published)
    assert (metrics.views, metrics.likes, metrics.comments, metrics.reach) == (1200, 40, 5, None)
    client(fake).delete(published)
    assert not fake.videos
    assert client(fake, expires_at="2027-05-01T00:00:00+00:00").token_expiry() == datetime(2027, 5, 1, tzinfo=UTC)
    for bad in ({"chunk_size": "1000"}, {"privacy_status": "semua"}, {"judul": "x"}):
        with pytest.raises(ShareError) as error:
            client(fake, **bad)
        assert error.value.kind == Failure.PERSON


def test_the_token_goes_only_to_the_api_host(fake):
    fake.session_host = "localhost"
    published = client(fake).publish(post(video=video(b"v" * 10)))
    assert published.post_id in fake.videos
    assert "authorization" in fake.calls("POST", "/videos")[0].headers
    assert all("authorization" not in put.headers for put in fake.calls("PUT", "/videos"))


def test_a_video_shorter_than_its_size_or_a_stalled_upload_ends(fake):
    short = Media("v.mp4", "video/mp4", UNIT * 3, lambda: io.BytesIO(b"v" * UNIT))
    with pytest.raises(ShareError) as error:
        client(fake).publish(post(video=short))
    assert error.value.kind == Failure.PERSON and error.value.code == "video-broken" and not fake.videos
    before = len(fake.calls("PUT", "/videos"))
    fake.put = lambda request: Reply(308, b"", {"Range": "bytes=0-9"})  # never takes more than 10 bytes
    with pytest.raises(ShareError) as error:
        client(fake, resume_attempts="2").publish(post(video=video(BIG)))
    assert error.value.kind == Failure.RETRY and error.value.code == "stalled"
    assert len(fake.calls("PUT", "/videos")) - before == 4  # one that moved, then three that did not
