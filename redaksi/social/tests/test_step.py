"""Step 8 completes only with proof from every required account; the old links stay for offices without any."""

import pytest
from django.core.exceptions import ValidationError

from redaksi.core.errors import Conflict, NotPermitted
from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.services import step_complete
from redaksi.social import sending, services
from redaksi.social.models import Share
from redaksi.social.selectors import item_shares, proof
from redaksi.sop.engine import Outcome


def finish(staff, item, links=None):
    return step_complete(
        actor=staff["admin"],
        item_id=item.pk,
        step_number=8,
        outcome=Outcome.DONE,
        expected_revision=item.revision,
        output={"links": links} if links else None,
    )


def send_all(staff, item, *accounts):
    shares = {s.account_id: s for s in item_shares(item)}
    texts = {a.pk: (shares[a.pk].text, shares[a.pk].title) for a in accounts}
    sent = services.shares_send(actor=staff["admin"], item_id=item.pk, texts=texts, send=[a.pk for a in accounts])
    for share in sent.queued:
        sending.share_deliver(share.pk)


def test_an_office_without_accounts_keeps_the_pasted_links(at_share, staff):
    assert proof(at_share) is None
    with pytest.raises(ValidationError):
        finish(staff, at_share)  # the empty form
    finish(staff, at_share, links=["https://www.facebook.com/x/posts/1"])
    at_share.refresh_from_db()
    assert at_share.current_step is None and at_share.share_links == ["https://www.facebook.com/x/posts/1"]


def test_the_step_waits_for_every_required_account(at_share, accounts, staff):
    with pytest.raises(ValidationError) as refused:
        finish(staff, at_share, links=["https://pasted.example/1"])  # pasted links no longer stand for posts
    assert "Facebook: Diskominfotik Bengkalis" in refused.value.messages[0]
    send_all(staff, at_share, accounts["facebook"], accounts["x"])
    with pytest.raises(ValidationError) as refused:
        finish(staff, at_share)
    assert "Saluran Bengkalis" in refused.value.messages[0] and "Facebook" not in refused.value.messages[0]
    services.share_proof(
        actor=staff["admin"], item_id=at_share.pk, account_id=accounts["whatsapp"].pk,
        url="https://whatsapp.com/channel/0029Va/123",
    )  # fmt: skip
    finish(staff, at_share)
    at_share.refresh_from_db()
    run = at_share.step_runs.get(step_number=8)
    urls = {post["url"] for post in run.output["posts"]}
    assert urls == set(Share.objects.filter(item=at_share).values_list("url", flat=True))
    assert len(urls) == 3 and at_share.share_links == run.output["links"]


def test_an_account_not_required_does_not_hold_the_step(at_share, accounts, staff):
    for name in ("x", "whatsapp"):
        accounts[name].required = False
        accounts[name].save()
    with pytest.raises(ValidationError):
        finish(staff, at_share)
    send_all(staff, at_share, accounts["facebook"])
    finish(staff, at_share)
    assert NewsItem.objects.get(pk=at_share.pk).current_step is None


def test_no_required_account_still_needs_one_post(at_share, accounts, staff):
    for account in accounts.values():
        account.required = False
        account.save()
    with pytest.raises(ValidationError) as refused:
        finish(staff, at_share)
    assert "at least one account" in refused.value.messages[0]


def test_a_manual_proof_must_be_an_address(at_share, accounts, staff):
    for bad in ["", "sudah dibagikan", "javascript:alert(1)", "ftp://x.example/1"]:
        with pytest.raises(ValidationError):
            services.share_proof(actor=staff["admin"], item_id=at_share.pk, account_id=accounts["whatsapp"].pk, url=bad)
    with pytest.raises(ValidationError):  # an API network's address comes from the network
        services.share_proof(
            actor=staff["admin"], item_id=at_share.pk, account_id=accounts["x"].pk, url="https://x.com/a/status/1"
        )


def test_only_the_steps_role_shares_and_only_at_the_step(at_share, accounts, staff, office):
    texts = {accounts["x"].pk: ("Halo", "")}
    with pytest.raises(NotPermitted):
        services.shares_send(actor=staff["reporter"], item_id=at_share.pk, texts=texts, send=[accounts["x"].pk])
    send_all(staff, at_share, accounts["facebook"], accounts["x"])
    services.share_proof(
        actor=staff["admin"], item_id=at_share.pk, account_id=accounts["whatsapp"].pk, url="https://wa.me/c/1"
    )
    finish(staff, at_share)
    with pytest.raises(Conflict):
        services.shares_send(actor=staff["admin"], item_id=at_share.pk, texts=texts, send=[accounts["x"].pk])


def test_a_posted_share_is_not_sent_again_by_a_second_press(at_share, accounts, staff):
    send_all(staff, at_share, accounts["x"])
    share = Share.objects.get(account=accounts["x"])
    sent = services.shares_send(
        actor=staff["admin"], item_id=at_share.pk, texts={accounts["x"].pk: ("Lain", "")}, send=[accounts["x"].pk]
    )
    share.refresh_from_db()
    assert sent.queued == [] and share.status == Share.Status.POSTED and share.text != "Lain"
