"""Sending through the worker with the memory client: retries, no double post, dead tokens, reach."""

from datetime import timedelta

import pytest
from django.utils import timezone

from redaksi.audit.models import AuditEntry
from redaksi.notify.models import Notification
from redaksi.social import sending, services
from redaksi.social.base import Failure
from redaksi.social.models import Share
from redaksi.social.networks import memory
from redaksi.social.selectors import item_shares

S = Share.Status


def send(staff, item, *accounts, texts=None):
    shares = {s.account_id: s for s in item_shares(item)}
    texts = texts or {a.pk: (shares[a.pk].text, shares[a.pk].title) for a in accounts}
    return services.shares_send(actor=staff["admin"], item_id=item.pk, texts=texts, send=[a.pk for a in accounts])


def test_a_share_is_posted_once_with_its_address_on_record(
    at_share, accounts, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(staff, at_share, accounts["facebook"])
    share = Share.objects.get(item=at_share, account=accounts["facebook"])
    assert share.status == S.POSTED and share.url.startswith("https://memory.example/facebook/")
    assert len(memory.POSTS) == 1 and memory.POSTS[0].post.key == str(share.idempotency_key)
    assert "Bupati Resmikan Jembatan & Jalan Desa" in memory.POSTS[0].post.text
    assert memory.POSTS[0].post.link.endswith(f"/{at_share.pk}-{at_share.slug}/")
    queued = AuditEntry.objects.get(action="social.share.queued")
    assert queued.actor_id == staff["admin"].pk and queued.data["text"] == share.text
    entry = AuditEntry.objects.get(action="social.share.posted")
    assert entry.data["url"] == share.url and entry.data["post_id"] == share.post_id
    # Delivering it again (a duplicate task) posts nothing more.
    assert sending.share_deliver(share.pk) == S.POSTED and len(memory.POSTS) == 1


def test_a_network_that_says_come_back_later_is_retried_after_its_retry_after(at_share, accounts, staff, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    memory.fail(Failure.RETRY, times=2, retry_after=600)
    send(staff, at_share, accounts["x"])
    share = Share.objects.get(account=accounts["x"])
    assert sending.share_deliver(share.pk) == S.RETRYING
    share.refresh_from_db()
    assert share.attempts == 1 and share.next_attempt_at == timezone.now() + timedelta(seconds=600)
    assert sending.share_deliver(share.pk) == S.RETRYING  # not due yet: nothing tried
    assert memory.CALLS.count(("publish", str(share.idempotency_key))) == 1
    time_machine.shift(timedelta(seconds=601))
    assert sending.shares_sweep() == (0, 0)  # the second failure
    time_machine.shift(timedelta(minutes=11))
    assert sending.shares_sweep()[0] == 1
    share.refresh_from_db()
    assert share.status == S.POSTED and share.attempts == 3 and len(memory.POSTS) == 1


def test_after_an_unknown_outcome_the_post_is_found_not_posted_again(at_share, accounts, staff, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    memory.fail(Failure.UNKNOWN, times=1, posted=True)  # the post was made, the answer lost
    send(staff, at_share, accounts["facebook"])
    share = Share.objects.get(account=accounts["facebook"])
    assert sending.share_deliver(share.pk) == S.RETRYING
    share.refresh_from_db()
    assert share.outcome_unknown
    time_machine.shift(timedelta(minutes=2))
    assert sending.share_deliver(share.pk) == S.POSTED
    key = str(share.idempotency_key)
    assert [("publish", key), ("find", key)] == memory.CALLS
    assert len(memory.POSTS) == 1
    share.refresh_from_db()
    assert share.url == memory.POSTS[0].published.url


def test_a_worker_that_died_mid_post_leaves_a_share_that_is_looked_for_first(at_share, accounts, staff, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    send(staff, at_share, accounts["facebook"])
    share = Share.objects.get(account=accounts["facebook"])
    assert sending._claim(share.pk)  # the worker took it, then died
    time_machine.shift(sending.LEASE + timedelta(seconds=1))
    assert sending.shares_sweep()[0] == 1
    assert memory.CALLS[0] == ("find", str(share.idempotency_key))


def test_a_dead_token_stops_the_share_and_tells_the_administrators_at_once(at_share, accounts, staff):
    memory.fail(Failure.TOKEN)
    send(staff, at_share, accounts["facebook"])
    share = Share.objects.get(account=accounts["facebook"])
    assert sending.share_deliver(share.pk) == S.TOKEN_DEAD
    note = Notification.objects.get(user=staff["sysadmin"], kind="social.account")
    assert "no longer works" in note.title and at_share.title in note.body
    assert not Notification.objects.filter(user=staff["admin"], kind="social.account").exists()
    accounts["facebook"].refresh_from_db()
    assert accounts["facebook"].check_message == "Does not work: memory: token"  # shown on the accounts screen
    # Once reconnected, the same share is sent again, and posted once.
    services.account_token_set(actor=staff["sysadmin"], account_id=accounts["facebook"].pk, token="baru")
    send(staff, at_share, accounts["facebook"])
    assert sending.share_deliver(share.pk) == S.POSTED and len(memory.POSTS) == 1


@pytest.mark.parametrize(("kind", "status"), [(Failure.REFUSED, S.REFUSED), (Failure.PERSON, S.NEEDS_PERSON)])
def test_a_refusal_waits_for_a_person_with_the_networks_words(at_share, accounts, staff, kind, status):
    memory.fail(kind)
    send(staff, at_share, accounts["x"])
    share = Share.objects.get(account=accounts["x"])
    assert sending.share_deliver(share.pk) == status
    share.refresh_from_db()
    assert share.last_error == f"memory: {kind.value}" and not memory.POSTS


def test_too_many_failures_wait_for_a_person(at_share, accounts, staff, time_machine, settings):
    time_machine.move_to(timezone.now(), tick=False)
    settings.REDAKSI_SOCIAL = {"MAX_ATTEMPTS": 2}
    memory.fail(Failure.RETRY, times=5)
    send(staff, at_share, accounts["x"])
    share = Share.objects.get(account=accounts["x"])
    assert sending.share_deliver(share.pk) == S.RETRYING
    time_machine.shift(timedelta(hours=1))
    assert sending.share_deliver(share.pk) == S.NEEDS_PERSON
    share.refresh_from_db()
    assert "Tried 2 times" in share.last_error


def test_a_text_over_the_limit_is_refused_before_anything_is_queued_and_kept(at_share, accounts, staff):
    sent = send(staff, at_share, accounts["x"], accounts["facebook"], texts={
        accounts["x"].pk: ("a" * 281, ""), accounts["facebook"].pk: ("ok", "")})  # fmt: skip
    assert sent.queued == [] and len(sent.problems) == 1
    assert "X (@diskominfotik)" in sent.problems[0] and "281" in sent.problems[0]
    assert not Share.objects.filter(status=S.QUEUED).exists()
    assert Share.objects.get(account=accounts["x"]).text == "a" * 281  # the person's words are kept


def test_reach_is_read_a_day_and_a_week_after_posting(at_share, accounts, staff, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    send(staff, at_share, accounts["facebook"])
    share = Share.objects.get(account=accounts["facebook"])
    sending.share_deliver(share.pk)
    assert sending.shares_sweep() == (0, 0)
    time_machine.shift(timedelta(days=1, seconds=1))
    assert sending.shares_sweep() == (0, 1)
    share.refresh_from_db()
    assert share.metrics["reach"] == 100 and share.metrics_read_at is not None
    assert share.metrics_due_at == share.posted_at + timedelta(days=7)
    time_machine.shift(timedelta(days=6))
    assert sending.shares_sweep() == (0, 1)
    share.refresh_from_db()
    assert share.metrics_due_at is None
    assert [c for c in memory.CALLS if c[0] == "metrics"] == [("metrics", share.post_id)] * 2


def test_an_expiring_token_warns_the_administrators_once_a_week(at_share, accounts, staff, time_machine):
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    memory.set_expiry("facebook", now + timedelta(days=5))
    memory.set_expiry("x", now + timedelta(days=30))
    assert sending.tokens_check() == 1
    notes = Notification.objects.filter(user=staff["sysadmin"], kind="social.account")
    assert notes.count() == 1 and "Diskominfotik Bengkalis" in notes.get().title
    accounts["facebook"].refresh_from_db()
    assert accounts["facebook"].token_expires_at == now + timedelta(days=5)
    time_machine.shift(timedelta(hours=21))
    assert sending.tokens_check() == 0  # the same week: no second warning
    time_machine.shift(timedelta(days=7))
    memory.set_expiry("facebook", timezone.now() + timedelta(days=2))
    assert sending.tokens_check() == 1
    assert notes.count() == 2


def test_only_a_web_address_from_a_network_is_kept_as_a_link(at_share, accounts, staff, monkeypatch):
    from redaksi.social.base import Published

    monkeypatch.setattr(memory.Client, "publish", lambda self, post: Published("p1", "javascript:alert(1)"))
    send(staff, at_share, accounts["x"])
    share = Share.objects.get(account=accounts["x"])
    assert sending.share_deliver(share.pk) == S.POSTED
    share.refresh_from_db()
    assert share.url == "" and share.post_id == "p1"


def test_the_default_accounts_reach_the_office_when_an_item_gets_to_step_8(staff, office, settings):
    from redaksi.newsroom.tests.factories import advance, new_item
    from redaksi.social.models import SocialAccount

    settings.REDAKSI_SOCIAL = {"ACCOUNTS": {"tg": {"NETWORK": "telegram", "BACKEND": "console"}}}
    item = new_item(staff, office)
    advance(item, staff, 7)
    assert not SocialAccount.objects.exists()
    advance(item, staff, 8)
    assert SocialAccount.objects.get().alias == "tg"


def test_a_dead_token_is_told_once_however_many_items_fail_on_it(at_share, accounts, staff, office):
    from redaksi.newsroom.tests.factories import advance, new_item

    other = advance(new_item(staff, office, title="Pasar Murah di Bantan"), staff, 8)
    memory.fail(Failure.TOKEN, times=2)
    for item in (at_share, other):
        send(staff, item, accounts["x"])
        assert sending.share_deliver(Share.objects.get(item=item, account=accounts["x"]).pk) == S.TOKEN_DEAD
    assert Notification.objects.filter(user=staff["sysadmin"], kind="social.account").count() == 1
