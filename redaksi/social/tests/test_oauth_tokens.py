"""X and YouTube tokens renewed by their refresh tokens, against the fakes' token endpoints (RFC 6749 §6)."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from redaksi.audit.models import AuditEntry
from redaksi.notify.models import Notification
from redaksi.social import crypto, oauth, sending, services, tokens
from redaksi.social.base import Failure, ShareError
from redaksi.social.clients import options_errors
from redaksi.social.models import Share, SocialAccount
from redaksi.social.selectors import item_shares
from redaksi.social.tests.fakes.x import XFake
from redaksi.social.tests.fakes.youtube import YouTubeFake

pytestmark = pytest.mark.django_db


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


def oauth_account(office, fake, *, ends_in: timedelta, **options) -> SocialAccount:
    """An account connected before the test: the fake's current token, a refresh token it honours, its secret."""
    return SocialAccount.objects.create(
        office=office,
        network=fake.network,
        name=f"Akun {fake.network}",
        backend=fake.network,
        base_url=fake.url,
        options={"client_id": fake.client_id, "timeout": "2", **options},
        token_encrypted=crypto.seal(fake.token),
        refresh_encrypted=crypto.seal(fake.grant_refresh()),
        client_secret_encrypted=crypto.seal(fake.client_secret),
        token_set_at=timezone.now() - timedelta(hours=1),
        token_expires_at=timezone.now() + ends_in,
    )


def send(staff, item, account) -> Share:
    share = next(s for s in item_shares(item) if s.account_id == account.pk)
    services.shares_send(
        actor=staff["admin"], item_id=item.pk, texts={account.pk: (share.text, share.title)}, send=[account.pk]
    )
    share = Share.objects.get(item=item, account=account)
    sending.share_deliver(share.pk)
    share.refresh_from_db()
    return share


def secrets_of(fake) -> list[str]:
    values = [fake.client_secret] + [answer["access_token"] for answer in fake.issued]
    return values + [answer["refresh_token"] for answer in fake.issued if "refresh_token" in answer]


def test_a_token_ending_within_five_minutes_is_renewed_before_the_post(staff, office, x_fake, at_share, caplog):
    account = oauth_account(office, x_fake, ends_in=timedelta(minutes=4))
    old_refresh = crypto.unseal(account.refresh_encrypted)
    share = send(staff, at_share, account)
    assert share.status == "posted" and len(x_fake.tweets) == 1
    (asked,) = x_fake.calls("POST", "/2/oauth2/token")
    assert asked.form == {"grant_type": "refresh_token", "refresh_token": old_refresh, "client_id": x_fake.client_id}
    assert asked.headers["authorization"].startswith("Basic ")  # a confidential client: the secret in HTTP Basic
    (tweet,) = x_fake.calls("POST", "/2/tweets")
    assert tweet.headers["authorization"] == f"Bearer {x_fake.token}"  # the new token
    account.refresh_from_db()
    # X rotated the refresh token: the new one is kept, the old one is dead at X.
    assert crypto.unseal(account.refresh_encrypted) == x_fake.issued[-1]["refresh_token"] != old_refresh
    assert old_refresh not in x_fake.refresh_tokens
    assert crypto.unseal(account.token_encrypted) == x_fake.token
    ends = account.token_expires_at - timezone.now()
    assert timedelta(minutes=119) < ends <= timedelta(hours=2)
    entry = AuditEntry.objects.get(action="social.account.token_refreshed")
    assert entry.data["new_refresh_token"] is True
    recorded = " ".join(str(e.data) for e in AuditEntry.objects.all()) + caplog.text
    assert not [s for s in secrets_of(x_fake) + [old_refresh] if s in recorded]


def test_a_token_far_from_its_end_is_used_as_it_is(staff, office, x_fake, at_share):
    account = oauth_account(office, x_fake, ends_in=timedelta(minutes=30))
    assert send(staff, at_share, account).status == "posted"
    assert x_fake.calls("POST", "/2/oauth2/token") == []


def test_a_401_renews_the_token_once_and_the_post_is_made_once(staff, office, x_fake, at_share):
    account = oauth_account(office, x_fake, ends_in=timedelta(hours=1))
    x_fake.token = "x-token-revoked-at-x"  # noqa: S105 - X no longer takes the token held (expired early)
    share = send(staff, at_share, account)
    assert share.status == "posted" and len(x_fake.tweets) == 1
    first, second = x_fake.calls("POST", "/2/tweets")
    assert first.headers["authorization"] != second.headers["authorization"] == f"Bearer {x_fake.token}"
    assert len(x_fake.calls("POST", "/2/oauth2/token")) == 1


def test_a_second_401_is_not_renewed_again(staff, office, x_fake, at_share):
    account = oauth_account(office, x_fake, ends_in=timedelta(hours=1))
    x_fake.fail("token", method="POST", path="/2/tweets", times=2)
    share = send(staff, at_share, account)
    assert share.status == "token_dead" and x_fake.tweets == {}
    assert len(x_fake.calls("POST", "/2/tweets")) == 2 and len(x_fake.calls("POST", "/2/oauth2/token")) == 1


def test_a_refused_refresh_marks_the_token_dead_and_tells_the_administrators(staff, office, x_fake, at_share):
    account = oauth_account(office, x_fake, ends_in=timedelta(minutes=-10))
    x_fake.refresh_tokens.clear()  # revoked at X (the app was removed from the account, say)
    share = send(staff, at_share, account)
    assert share.status == "token_dead" and x_fake.tweets == {} and x_fake.calls("POST", "/2/tweets") == []
    assert "menolak memperbarui izin masuk (invalid_grant)" in share.last_error
    assert "menghubungkan ulang" in share.last_error
    account.refresh_from_db()
    assert account.refresh_encrypted == b"" and account.check_message.startswith("Does not work: X menolak")
    assert not tokens.refreshable(account)
    (notice,) = Notification.objects.filter(kind="social.account")
    assert notice.user == staff["sysadmin"] and "reconnect" in notice.title
    assert AuditEntry.objects.filter(action="social.account.refresh_refused").count() == 1


def test_youtube_sends_the_secret_in_the_body_and_keeps_its_refresh_token(office, youtube_fake):
    account = oauth_account(office, youtube_fake, ends_in=timedelta(minutes=2))
    held = crypto.unseal(account.refresh_encrypted)
    client = sending.client_for(account)
    assert client.token_expiry() is None  # asks the channel with the renewed token
    (asked,) = youtube_fake.calls("POST", "/token")
    assert asked.form == {
        "grant_type": "refresh_token",
        "refresh_token": held,
        "client_id": youtube_fake.client_id,
        "client_secret": youtube_fake.client_secret,
    }
    assert "authorization" not in asked.headers
    account.refresh_from_db()
    assert crypto.unseal(account.refresh_encrypted) == held  # Google answers no new one: the old one stays
    assert crypto.unseal(account.token_encrypted) == youtube_fake.token


def test_the_sign_in_service_down_is_retried_later_and_nothing_is_lost(staff, office, x_fake, at_share):
    account = oauth_account(office, x_fake, ends_in=timedelta(minutes=1))
    x_fake.fail("500", path="/2/oauth2/token")
    share = send(staff, at_share, account)
    assert share.status == "retrying" and "Layanan masuk X sedang bermasalah" in share.last_error
    account.refresh_from_db()
    assert tokens.refreshable(account) and not Notification.objects.filter(kind="social.account").exists()


def test_the_hourly_job_renews_what_would_end_before_its_next_run(staff, office, x_fake, youtube_fake):
    x_account = oauth_account(office, x_fake, ends_in=timedelta(minutes=50))
    youtube_account = oauth_account(office, youtube_fake, ends_in=timedelta(minutes=50))
    youtube_fake.refresh_tokens.clear()
    out = io.StringIO()
    call_command("social_tokens", stdout=out)
    assert out.getvalue().strip() == "warned 0"
    x_account.refresh_from_db()
    youtube_account.refresh_from_db()
    assert x_account.token_expires_at > timezone.now() + timedelta(minutes=110)
    assert x_account.check_message == "Works." and len(x_fake.calls("GET", "/2/users/me")) == 1
    assert youtube_account.refresh_encrypted == b"" and "YouTube menolak" in youtube_account.check_message
    (notice,) = Notification.objects.filter(kind="social.account")
    assert "YouTube" in notice.title and "Connect the account again" in notice.body
    call_command("social_tokens", stdout=io.StringIO())  # an hour later, nothing new to say
    assert Notification.objects.filter(kind="social.account").count() == 1
    assert len(x_fake.calls("POST", "/2/oauth2/token")) == 1


def test_a_token_renewed_by_another_worker_meanwhile_is_not_renewed_again(office, x_fake):
    account = oauth_account(office, x_fake, ends_in=timedelta(minutes=1))
    stale = SocialAccount.objects.get(pk=account.pk)  # what a second worker read before the first renewed
    first = tokens.access_token(account)
    assert tokens.access_token(stale) == first and len(x_fake.calls("POST", "/2/oauth2/token")) == 1
    # And after a 401: only the token the network refused is renewed, not one renewed since.
    assert tokens.access_token(stale, stale="the-token-x-refused-earlier") == first
    assert len(x_fake.calls("POST", "/2/oauth2/token")) == 1


def test_a_refresh_refused_raises_a_token_failure(office, x_fake):
    account = oauth_account(office, x_fake, ends_in=timedelta(minutes=1))
    x_fake.refresh_tokens.clear()
    with pytest.raises(ShareError) as error:
        tokens.access_token(account)
    assert error.value.kind is Failure.TOKEN and error.value.code == "oauth-invalid_grant"


def test_the_oauth_options_are_taken_by_x_and_youtube_accounts_only():
    oauth_options = {"client_id": "abc", "token_url": "http://127.0.0.1:9/t", "authorize_url": "http://127.0.0.1:9/a"}
    assert options_errors("x", "x", oauth_options) == [] and options_errors("youtube", "youtube", oauth_options) == []
    assert "unknown option 'client_id'" in options_errors("facebook", "facebook", {"client_id": "abc"})[0]
    chosen = oauth.provider("x", oauth_options, "http://127.0.0.1:8")
    assert (chosen.token_url, chosen.authorize_url) == ("http://127.0.0.1:9/t", "http://127.0.0.1:9/a")
    real = oauth.provider("youtube", {}, "")
    assert (real.token_url, real.authorize_url) == (
        "https://oauth2.googleapis.com/token",
        "https://accounts.google.com/o/oauth2/v2/auth",
    )
