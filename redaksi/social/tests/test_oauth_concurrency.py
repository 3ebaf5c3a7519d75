"""Two workers finding the same X token at its end: one refresh under the row lock, both post with the new token."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from redaksi.social import crypto, tokens
from redaksi.social.models import SocialAccount
from redaksi.social.tests.fakes.x import XFake

WORKERS = 4

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a real row lock needs PostgreSQL"),
]


class SlowXFake(XFake):
    """Holds each token answer back a little, so the other workers surely ask while the first one refreshes."""

    def token_endpoint(self, request):
        threading.Event().wait(0.3)
        return super().token_endpoint(request)


@pytest.mark.django_db(transaction=True)
def test_workers_refreshing_at_once_spend_the_refresh_token_once(office):
    fake = SlowXFake()
    try:
        account = SocialAccount.objects.create(
            office=office, network="x", name="@diskominfotik", backend="x", base_url=fake.url,
            options={"client_id": fake.client_id}, token_encrypted=crypto.seal(fake.token),
            refresh_encrypted=crypto.seal(fake.grant_refresh()),
            client_secret_encrypted=crypto.seal(fake.client_secret),
            token_expires_at=timezone.now() + timedelta(minutes=2),
        )  # fmt: skip
        barrier, got, errors = threading.Barrier(WORKERS), [], []

        def work() -> None:
            try:
                mine = SocialAccount.objects.get(pk=account.pk)  # each worker read the row before any refresh
                barrier.wait(timeout=30)
                got.append(tokens.access_token(mine))
            except BaseException as exc:  # noqa: BLE001 - reported to the main thread below
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=work) for _ in range(WORKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
        assert len(fake.calls("POST", "/2/oauth2/token")) == 1  # X rotates: a second refresh would be refused
        assert got == [fake.token] * WORKERS
        account.refresh_from_db()
        assert crypto.unseal(account.refresh_encrypted) == fake.issued[0]["refresh_token"]
        assert fake.violations == []
    finally:
        fake.close()
