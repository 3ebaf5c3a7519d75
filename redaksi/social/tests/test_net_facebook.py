"""The Facebook Page client against a local Graph API that checks every request against Page.json/PagePost.json."""

import hashlib
import hmac
from datetime import UTC, datetime

import pytest

from redaksi.social.base import Failure, ShareError
from redaksi.social.networks import facebook
from redaksi.social.tests.fakes import LINK, TRICKY, photo, post, session
from redaksi.social.tests.fakes.graph import FacebookFake
from redaksi.social.tests.fakes.server import Reply, closed_url


@pytest.fixture
def fake():
    server = FacebookFake()
    yield server
    server.close()
    assert server.violations == []


def client(fake, token=FacebookFake.token, **options):
    opts = {"page_id": fake.page_id, "timeout": "0.4", **options}
    return facebook.Client(base_url=fake.url, token=token, options=opts, session=session())


def test_a_link_post_arrives_with_its_text_intact_and_gives_its_permalink(fake):
    published = client(fake).publish(post())
    (sent,) = fake.calls("POST", "/feed")
    assert sent.form["message"] == TRICKY and sent.form["link"] == LINK
    assert sent.path == "/v25.0/1001/feed" and sent.form["access_token"] == fake.token
    assert published.post_id in fake.posts
    assert published.url == fake.posts[published.post_id]["permalink_url"]


def test_a_photo_post_by_url_and_by_upload(fake):
    by_url = client(fake).publish(post(photos=[photo(alt="Banjir")]))
    (sent,) = fake.calls("POST", "/photos")
    assert sent.form["url"] == "https://cdn.example.go.id/kartu.jpg" and sent.form["caption"] == TRICKY
    assert sent.form["alt_text_custom"] == "Banjir"
    assert fake.posts[by_url.post_id]["photo"] == "https://cdn.example.go.id/kartu.jpg"
    uploaded = client(fake).publish(post("Kedua", photos=[photo(url="")]))
    name, kind, data = fake.posts[uploaded.post_id]["photo"]
    assert kind == "image/jpeg" and data[:2] == b"\xff\xd8" and "url" not in fake.calls("POST", "/photos")[1].form


def test_appsecret_proof_is_sent_when_the_app_secret_is_set(fake):
    fake.app_secret = "rahasia-aplikasi"
    client(fake, app_secret="rahasia-aplikasi").publish(post())
    expected = hmac.new(b"rahasia-aplikasi", fake.token.encode(), hashlib.sha256).hexdigest()
    assert fake.calls("POST", "/feed")[0].form["appsecret_proof"] == expected
    with pytest.raises(ShareError) as error:
        client(fake, app_secret="salah").publish(post("lain"))
    assert error.value.kind == Failure.PERSON


@pytest.mark.parametrize(
    ("kind", "failure", "retry_after"),
    [
        ("token", Failure.TOKEN, None),
        ("duplicate", Failure.REFUSED, None),
        ("policy", Failure.REFUSED, None),
        ("429", Failure.RETRY, 420.0),
        ("500", Failure.RETRY, None),
        ("timeout", Failure.UNKNOWN, None),
    ],
)
def test_each_failure_has_its_kind(fake, kind, failure, retry_after):
    fake.fail(kind, method="POST", path="/feed")
    with pytest.raises(ShareError) as error:
        client(fake).publish(post())
    assert error.value.kind == failure and error.value.retry_after == retry_after
    assert fake.token not in error.value.message and error.value.message
    assert error.value.message.startswith(("Facebook ", "Token Facebook "))  # the network's name, as staff write it


def test_a_wrong_token_and_a_network_down():
    with FacebookFakeCtx() as fake, pytest.raises(ShareError) as error:
        client(fake, token="kedaluwarsa").publish(post())
    assert error.value.kind == Failure.TOKEN and "Administrator" in error.value.message
    down = facebook.Client(base_url=closed_url(), token="t", options={"page_id": "1"}, session=session())
    with pytest.raises(ShareError) as error:
        down.publish(post())
    assert error.value.kind == Failure.RETRY


def test_a_timed_out_post_is_found_and_not_posted_twice(fake):
    fake.fail("timeout", method="POST", path="/feed")
    with pytest.raises(ShareError) as error:
        client(fake).publish(post())
    assert error.value.kind == Failure.UNKNOWN
    found = client(fake).find(post())
    assert found is not None and found.post_id in fake.posts and len(fake.posts) == 1
    assert found.url == fake.posts[found.post_id]["permalink_url"]
    with pytest.raises(ShareError) as again:  # posting it again anyway is refused by the network as a duplicate
        client(fake).publish(post())
    assert again.value.kind == Failure.REFUSED and len(fake.posts) == 1


def test_find_sees_nothing_before_anything_was_posted(fake):
    assert client(fake).find(post()) is None


def test_metrics_delete_and_token_expiry(fake):
    published = client(fake).publish(post())
    fake.posts[published.post_id].update(reactions=12, comments=3, shares=2, post_impressions_unique=340)
    metrics = client(fake).metrics(published)
    assert (metrics.reach, metrics.likes, metrics.comments, metrics.shares) == (340, 12, 3, 2)
    assert client(fake).token_expiry() is None
    fake.expires_at = 1_900_000_000
    assert client(fake).token_expiry() == datetime.fromtimestamp(1_900_000_000, tz=UTC)
    fake.data_expires_at = 1_800_000_000  # its access to data ends first
    assert client(fake).token_expiry() == datetime.fromtimestamp(1_800_000_000, tz=UTC)
    client(fake).delete(published)
    assert published.post_id not in fake.posts


def test_unknown_and_missing_options_are_refused():
    with pytest.raises(ShareError) as error:
        facebook.Client(base_url="http://127.0.0.1:9", token="t", options={"page": "1"}, session=session())
    assert error.value.kind == Failure.PERSON and "page" in error.value.message
    assert {"page_id", "api_version", "app_secret", "timeout"} == facebook.Client.OPTIONS


class FacebookFakeCtx:
    def __enter__(self):
        self.fake = FacebookFake()
        return self.fake

    def __exit__(self, *exc):
        self.fake.close()
        assert self.fake.violations == []


def test_several_photos_are_one_post_with_attached_unpublished_photos(fake):
    photos = [photo(url=f"https://cdn.example.go.id/{n}.jpg") for n in range(2)] + [photo(url="")]
    published = client(fake).publish(post(photos=photos))
    uploads = fake.calls("POST", "/photos")
    assert [u.form["published"] for u in uploads] == ["false"] * 3 and all("caption" not in u.form for u in uploads)
    stored = fake.posts[published.post_id]
    assert stored["message"] == TRICKY and stored["photos"][:2] == [p.url for p in photos[:2]]
    assert stored["photos"][2][2][:2] == b"\xff\xd8" and not fake.unpublished


def test_an_answer_without_an_id_is_an_unknown_outcome(fake):
    fake.route = lambda request: Reply(200, {"success": True})
    with pytest.raises(ShareError) as error:
        client(fake).publish(post())
    assert error.value.kind == Failure.UNKNOWN and error.value.code == "unexpected-answer"
