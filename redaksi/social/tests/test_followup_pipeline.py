"""Corrections and takedowns with the real clients against the five protocol servers: the text changes at the fake,
the post leaves it, and a retried action is never done twice."""

from dataclasses import replace

import pytest
from django.utils import timezone

from redaksi.newsroom.services import item_takedown
from redaksi.social import followup_worker, followups, services
from redaksi.social.models import Followup, Share
from redaksi.social.selectors import item_shares
from redaksi.social.tests.fakes.networks import API_NETWORKS, Networks
from redaksi.social.tests.test_followups import NEW_TITLE, correct
from redaksi.social.tests.test_net_pipeline import connect

F = Followup.Status


@pytest.fixture
def networks():
    nets = Networks()
    yield nets
    nets.close()
    assert nets.violations() == []


def post_everywhere(staff, office, networks, item) -> dict[str, Share]:
    # Two seconds rather than half of one: the machine is shared; the fakes' held-back answers wait longer.
    accounts = {n: replace(a, options={**a.options, "timeout": "2"}) for n, a in networks.accounts().items()}
    networks.telegram.slow = 3
    made = [connect(staff, office, accounts[n]) for n in API_NETWORKS]
    texts = {s.account_id: (s.text, s.title) for s in item_shares(item)}
    services.shares_send(actor=staff["admin"], item_id=item.pk, texts=texts, send=[a.pk for a in made])
    shares = {s.account.network: s for s in Share.objects.filter(item=item).select_related("account")}
    assert {n: s.status for n, s in shares.items()} == dict.fromkeys(API_NETWORKS, "posted")
    return shares


def act(staff, item, share, **kw) -> Followup:
    followup = share.followups.get(status__in=followups.OPEN)
    followups.followup_act(actor=staff["admin"], item_id=item.pk, followup_id=followup.pk, **kw)
    followup.refresh_from_db()
    return followup


@pytest.mark.django_db(transaction=True)
def test_a_correction_changes_the_text_at_each_network_then_a_takedown_deletes_every_post(
    staff, office, networks, published_with_media, settings, live_server
):
    settings.REDAKSI_BASE_URL = live_server.url
    item = published_with_media(video=True, photo=True)
    shares = post_everywhere(staff, office, networks, item)
    networks.instagram.fetch_media = False
    correct(item, staff["editor"])

    # Facebook: the Page post's message is edited in place (a 5xx first: retried by the worker, edited once).
    networks.facebook.fail("500", method="POST", path=shares["facebook"].post_id)
    fb = act(staff, item, shares["facebook"])
    assert fb.status == F.RETRYING and "Facebook" in fb.last_error
    Followup.objects.filter(pk=fb.pk).update(next_attempt_at=timezone.now())
    assert followup_worker.followups_sweep() == 1
    post = networks.facebook.posts[shares["facebook"].post_id]
    assert NEW_TITLE in post["message"] and post["edits"] == 1 and len(networks.facebook.posts) == 1

    # YouTube: the snippet is replaced, the category kept.
    yt = act(staff, item, shares["youtube"])
    video = networks.youtube.videos[shares["youtube"].post_id]
    assert yt.status == F.DONE and video["snippet"]["title"].startswith(NEW_TITLE[:40]) and video["edits"] == 1

    # Telegram: the photo's caption is edited (a 429 first: flood control, its retry_after kept).
    networks.telegram.fail("429", path="editMessage")
    tg = act(staff, item, shares["telegram"])
    assert tg.status == F.RETRYING and tg.next_attempt_at >= timezone.now() + timezone.timedelta(seconds=16)
    Followup.objects.filter(pk=tg.pk).update(next_attempt_at=timezone.now())
    assert followup_worker.followup_deliver(tg.pk) == F.DONE
    message = networks.telegram.messages[int(shares["telegram"].post_id.split(",")[0])]
    assert NEW_TITLE in message["caption"] and "edit_date" in message

    # X and Instagram cannot edit: the correction goes under the post.
    xf = act(staff, item, shares["x"])
    (reply,) = [t for t in networks.x.tweets.values() if t["id"] != shares["x"].post_id]
    assert xf.status == F.DONE and reply["text"].startswith("Correction: ") and xf.result_id == reply["id"]
    ig = act(staff, item, shares["instagram"])
    media = networks.instagram.media[shares["instagram"].post_id]
    assert ig.status == F.DONE and media["comment_list"][0]["message"].startswith("Correction: ")

    item_takedown(actor=staff["head"], item_id=item.pk, reason="Berita keliru")
    for network in ("facebook", "x", "youtube", "instagram"):
        share = Share.objects.get(pk=shares[network].pk)
        assert act(staff, item, share).status == F.DONE, network
    # Telegram: the first try's answer is lost after the message was deleted; the retry finds it gone.
    networks.telegram.fail("timeout", path="deleteMessage")
    tg = act(staff, item, Share.objects.get(pk=shares["telegram"].pk))
    assert tg.status == F.RETRYING
    Followup.objects.filter(pk=tg.pk).update(next_attempt_at=timezone.now())
    assert followup_worker.followup_deliver(tg.pk) == F.DONE
    assert networks.posts() == {"facebook": 0, "instagram": 0, "x": 1, "youtube": 0, "telegram": 0}  # X's reply stays
    assert Share.objects.filter(item=item, deleted_at__isnull=False).count() == 5
