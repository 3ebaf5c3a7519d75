"""The protocol servers themselves: a request that breaks the spec is caught, so the network tests can trust them."""

import requests

from redaksi.social.tests.fakes import session
from redaksi.social.tests.fakes.graph import FacebookFake, InstagramFake
from redaksi.social.tests.fakes.telegram import TelegramFake
from redaksi.social.tests.fakes.x import XFake
from redaksi.social.tests.fakes.youtube import YouTubeFake


def sent(fake, method, path, **kwargs) -> list[str]:
    try:
        session().request(method, fake.url + path, timeout=5, **kwargs)
    finally:
        fake.close()
    return fake.violations


def test_graph_refuses_unknown_parameters_and_fields():
    fake = FacebookFake()
    data = {"access_token": fake.token, "message": "a", "linkk": "b"}
    assert sent(fake, "POST", "/v25.0/1001/feed", data=data) == [
        "POST /v25.0/1001/feed: linkk is not a parameter of facebook/Page.json feed"
    ]
    fake = FacebookFake()
    params = {"access_token": fake.token, "fields": "id,link"}
    assert "field link is not in facebook/PagePost.json" in sent(fake, "GET", "/v25.0/1001/feed", params=params)[0]
    fake = InstagramFake()
    data = {"access_token": fake.token}
    assert "required creation_id missing" in sent(fake, "POST", f"/v25.0/{fake.user_id}/media_publish", data=data)[0]


def test_x_validates_the_post_body_against_openapi():
    fake = XFake()
    body = {"text": "a", "media": {"media_ids": ["12a"]}, "link": "b"}
    found = sent(fake, "POST", "/2/tweets", json=body, headers={"Authorization": f"Bearer {fake.token}"})
    assert any("'link' was unexpected" in v for v in found) and any("does not match" in v for v in found)


def test_telegram_checks_required_parameters_and_types():
    fake = TelegramFake()
    found = sent(fake, "POST", f"/bot{fake.token}/sendMessage", data={"text": "a", "disable_notification": "mungkin"})
    assert "sendMessage: required chat_id missing" in found
    assert any("disable_notification" in v for v in found)


def test_youtube_validates_the_video_resource():
    fake = YouTubeFake()
    headers = {
        "Authorization": f"Bearer {fake.token}",
        "X-Upload-Content-Length": "10",
        "X-Upload-Content-Type": "video/mp4",
    }
    body = {"snippet": {"title": "a", "judul": "b"}, "status": {"privacyStatus": "semua"}}
    found = sent(
        fake, "POST", "/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status", json=body, headers=headers
    )
    assert any("'judul' was unexpected" in v for v in found) and any("'semua' is not one of" in v for v in found)


def test_a_scripted_timeout_handles_the_request_and_answers_late():
    fake = TelegramFake()
    fake.fail("timeout", path="/sendMessage")
    try:
        session().post(
            f"{fake.url}/bot{fake.token}/sendMessage", data={"chat_id": "@diskominfo_garut", "text": "a"}, timeout=0.2
        )
    except requests.ReadTimeout:
        pass
    else:
        raise AssertionError("the answer should have come after the client gave up")
    finally:
        fake.close()
    assert len(fake.messages) == 1 and fake.violations == []


def test_graph_checks_parameter_types():
    fake = InstagramFake()
    data = {"access_token": fake.token, "creation_id": "bukan-angka"}
    found = sent(fake, "POST", f"/v25.0/{fake.user_id}/media_publish", data=data)
    assert any("creation_id='bukan-angka' is not a unsigned int" in v for v in found)


def test_x_checks_query_parameters():
    fake = XFake()
    params = {"tweet.fields": "entitas", "max_result": "20"}
    found = sent(
        fake,
        "GET",
        f"/2/users/{fake.user['id']}/tweets",
        params=params,
        headers={"Authorization": f"Bearer {fake.token}"},
    )
    assert any("max_result is not a query parameter" in v for v in found)
    assert any("tweet.fields=entitas is not one of its values" in v for v in found)


def test_the_specs_kept_with_the_tests_are_the_published_files_byte_for_byte():
    import hashlib
    from pathlib import Path

    folder = Path(__file__).resolve().parent / "specs"
    lines = [line.split() for line in (folder / "SHA256SUMS").read_text().splitlines() if line.strip()]
    assert len(lines) >= 19
    for digest, name in lines:
        assert hashlib.sha256((folder / name.lstrip("*")).read_bytes()).hexdigest() == digest, name
