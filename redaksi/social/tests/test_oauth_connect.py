"""“Connect with X / YouTube”: the administrator's round trip through the network's authorize page, and the
answers that do not come from it (forged, expired, replayed, from another browser)."""

import html
import logging
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from redaksi.audit.models import AuditEntry
from redaksi.conftest import PASSWORD
from redaksi.social import crypto
from redaksi.social.models import SocialAccount
from redaksi.social.tests.fakes import session
from redaksi.social.tests.fakes.x import XFake
from redaksi.social.tests.fakes.youtube import YouTubeFake

pytestmark = pytest.mark.django_db
REFUSED = "This connection answer is not valid"


@pytest.fixture
def x_fake():
    fake = XFake()
    yield fake
    fake.close()
    assert fake.violations == []


@pytest.fixture
def youtube_fake():
    fake = YouTubeFake()
    yield fake
    fake.close()
    assert fake.violations == []


@pytest.fixture
def admin_client(client, staff):
    client.login(username="sysadmin", password=PASSWORD)
    return client


def account_of(office, fake, **options) -> SocialAccount:
    return SocialAccount.objects.create(
        office=office,
        network=fake.network,
        name=f"Akun {fake.network}",
        backend=fake.network,
        base_url=fake.url,
        options={"client_id": fake.client_id, **options},
    )


def begin(client, account, secret: str = "") -> str:
    started = client.post(reverse("social:account_connect", args=[account.pk]), {"client_secret": secret})
    assert started.status_code == 302
    return started["Location"]


def approve(authorize_url: str) -> str:
    """What the administrator's browser does at the network: approve, and follow its redirect back (path?query)."""
    answer = session().get(authorize_url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    back = urlsplit(answer.headers["Location"])
    return f"{back.path}?{back.query}"


def page_of(response) -> str:
    return html.unescape(response.content.decode())


def test_connecting_x_keeps_both_tokens_and_no_secret_leaks(admin_client, staff, office, x_fake, caplog):
    caplog.set_level(logging.DEBUG)
    account = account_of(office, x_fake)
    listing = admin_client.get(reverse("social:accounts") + f"?kantor={office.slug}")
    screen = page_of(listing)
    # The form's redirect to X's page must pass the page's CSP (Chromium checks form-action on redirects).
    assert f"form-action 'self' {x_fake.url};" in listing["Content-Security-Policy"] + ";"
    assert "Connect with X" in screen and reverse("social:account_connect", args=[account.pk]) in screen
    authorize = begin(admin_client, account, x_fake.client_secret)
    assert authorize.startswith(f"{x_fake.url}/i/oauth2/authorize?")
    asked = {k: v[0] for k, v in parse_qs(urlsplit(authorize).query).items()}
    redirect_uri = settings.REDAKSI_BASE_URL.rstrip("/") + reverse("social:connected")
    assert asked["redirect_uri"] == redirect_uri and asked["client_id"] == x_fake.client_id
    assert asked["scope"].split() == ["tweet.read", "tweet.write", "users.read", "offline.access", "media.write"]
    assert asked["code_challenge_method"] == "S256" and len(asked["code_challenge"]) == 43

    done = admin_client.get(approve(authorize), follow=True)
    assert "X: Akun x is connected. Its token is renewed automatically" in page_of(done)
    (exchanged,) = x_fake.calls("POST", "/2/oauth2/token")
    assert exchanged.form["grant_type"] == "authorization_code" and exchanged.form["redirect_uri"] == redirect_uri
    assert 43 <= len(exchanged.form["code_verifier"]) <= 128 and exchanged.headers["authorization"].startswith("Basic")
    account.refresh_from_db()
    assert crypto.unseal(account.token_encrypted) == x_fake.token
    assert crypto.unseal(account.refresh_encrypted) == x_fake.issued[0]["refresh_token"]
    assert crypto.unseal(account.client_secret_encrypted) == x_fake.client_secret
    assert account.token_expires_at is not None and account.token_set_at is not None

    connected = AuditEntry.objects.get(action="social.account.connected")
    assert connected.actor_id == staff["sysadmin"].pk
    assert connected.data["scope"] and connected.data["new_refresh_token"] is True
    assert AuditEntry.objects.filter(action="social.account.client_secret_set").count() == 1
    screen = page_of(admin_client.get(reverse("social:accounts") + f"?kantor={office.slug}"))
    assert "Connected: the token is renewed automatically." in screen and "A client secret is saved" in screen
    secrets = [x_fake.client_secret, x_fake.token, x_fake.issued[0]["refresh_token"], exchanged.form["code_verifier"]]
    recorded = " ".join(str(e.data) for e in AuditEntry.objects.all())
    for where in (recorded, caplog.text, screen, page_of(done)):
        assert [s for s in secrets if s in where] == []


def test_the_same_answer_twice_is_refused_the_second_time(admin_client, office, x_fake, caplog):
    account = account_of(office, x_fake)
    back = approve(begin(admin_client, account, x_fake.client_secret))
    admin_client.get(back)
    again = admin_client.get(back, follow=True)
    assert REFUSED in page_of(again) and len(x_fake.calls("POST", "/2/oauth2/token")) == 1
    refused = AuditEntry.objects.get(action="social.account.connect_refused")
    assert refused.data == {"reason": "not-this-session", "account": account.pk}
    assert "social connect refused (not-this-session)" in caplog.text


def test_a_forged_state_is_refused_and_recorded(admin_client, office, x_fake, caplog):
    account = account_of(office, x_fake)
    back = approve(begin(admin_client, account, x_fake.client_secret))
    query = parse_qs(urlsplit(back).query)
    state = query["state"][0]
    forged = state[:-2] + ("AA" if not state.endswith("AA") else "BB")
    answer = admin_client.get(reverse("social:connected"), {"state": forged, "code": query["code"][0]}, follow=True)
    assert REFUSED in page_of(answer)
    assert AuditEntry.objects.get(action="social.account.connect_refused").data["reason"] == "forged"
    answer = admin_client.get(reverse("social:connected"), {"code": query["code"][0]}, follow=True)
    assert REFUSED in page_of(answer) and x_fake.calls("POST", "/2/oauth2/token") == []
    account.refresh_from_db()
    assert not account.has_token and "redaksi.security" in {r.name for r in caplog.records}


def test_an_answer_for_another_browser_or_too_late_is_refused(admin_client, staff, office, x_fake, time_machine):
    time_machine.move_to(timezone.now(), tick=True)
    account = account_of(office, x_fake)
    back = approve(begin(admin_client, account, x_fake.client_secret))
    other = Client()
    other.login(username="sysadmin", password=PASSWORD)  # the same person, another browser (another session)
    assert REFUSED in page_of(other.get(back, follow=True))
    late = approve(begin(admin_client, account))
    time_machine.shift(timedelta(minutes=16))
    admin_client.login(username="sysadmin", password=PASSWORD)
    assert REFUSED in page_of(admin_client.get(late, follow=True))
    reasons = [e.data["reason"] for e in AuditEntry.objects.filter(action="social.account.connect_refused")]
    assert reasons == ["not-this-session", "expired"] and x_fake.calls("POST", "/2/oauth2/token") == []


def test_a_refusal_at_the_network_changes_nothing(admin_client, office, x_fake):
    account = account_of(office, x_fake)
    authorize = begin(admin_client, account, x_fake.client_secret)
    state = parse_qs(urlsplit(authorize).query)["state"][0]
    answer = admin_client.get(reverse("social:connected"), {"state": state, "error": "access_denied"}, follow=True)
    assert "X did not give the approval (access_denied)" in page_of(answer)
    account.refresh_from_db()
    assert not account.has_token and x_fake.calls("POST", "/2/oauth2/token") == []


def test_a_wrong_client_secret_is_said_and_nothing_is_kept(admin_client, office, x_fake):
    account = account_of(office, x_fake)
    done = admin_client.get(approve(begin(admin_client, account, "bukan-rahasianya")), follow=True)
    assert "X menolak izin masuk (invalid_client)" in page_of(done) and "bukan-rahasianya" not in page_of(done)
    account.refresh_from_db()
    assert not account.has_token and not account.refresh_encrypted
    assert AuditEntry.objects.get(action="social.account.connect_failed").data["code"] == "oauth-invalid_client"


def test_connecting_youtube_asks_for_offline_access_and_needs_the_secret(admin_client, office, youtube_fake):
    account = account_of(office, youtube_fake)
    url = reverse("social:account_connect", args=[account.pk])
    refused = admin_client.post(url, {"client_secret": ""}, follow=True)
    assert "Google needs the app's client secret" in page_of(refused)
    authorize = begin(admin_client, account, youtube_fake.client_secret)
    asked = {k: v[0] for k, v in parse_qs(urlsplit(authorize).query).items()}
    assert authorize.startswith(f"{youtube_fake.url}/o/oauth2/v2/auth?") and asked["access_type"] == "offline"
    assert "https://www.googleapis.com/auth/youtube.upload" in asked["scope"].split()
    admin_client.get(approve(authorize))
    (exchanged,) = youtube_fake.calls("POST", "/token")
    assert exchanged.form["client_secret"] == youtube_fake.client_secret and "authorization" not in exchanged.headers
    account.refresh_from_db()
    assert crypto.unseal(account.refresh_encrypted) == youtube_fake.issued[0]["refresh_token"]


def test_only_a_system_administrator_connects(client, staff, office, x_fake):
    account = account_of(office, x_fake)
    client.login(username="webadmin", password=PASSWORD)
    assert client.post(reverse("social:account_connect", args=[account.pk])).status_code == 403
    assert client.get(reverse("social:connected"), {"state": "x", "code": "y"}).status_code == 403
    account.options = {}
    account.save()
    client.login(username="sysadmin", password=PASSWORD)
    page = client.post(reverse("social:account_connect", args=[account.pk]), {"client_secret": "s"}, follow=True)
    assert 'option "client_id"' in page_of(page) and x_fake.requests == []
    assert client.post(reverse("social:account_connect", args=[987654])).status_code == 404
