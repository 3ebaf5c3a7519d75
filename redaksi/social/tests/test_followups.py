"""After a published correction or a takedown: the offers per post, a person's answer, the worker, the record."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from redaksi.audit.models import AuditEntry
from redaksi.core import events
from redaksi.core.actor import Actor
from redaksi.core.errors import Conflict, NotPermitted
from redaksi.newsroom.events import PublicItemChanged
from redaksi.newsroom.models import NewsItem, Revision
from redaksi.newsroom.selectors import text_hash
from redaksi.newsroom.services import item_takedown
from redaksi.notify.models import Notification
from redaksi.social import followup_worker, followups, services
from redaksi.social.base import Failure
from redaksi.social.models import Followup, Share, SocialAccount
from redaksi.social.networks import memory
from redaksi.social.panel import followup_card
from redaksi.social.selectors import item_shares

F, A = Followup.Status, Followup.Action
NEW_TITLE = "Ralat: Bupati Resmikan Jembatan 150 Meter"


def share_all(staff, item, accounts, capture):
    """Post to Facebook and X through the worker, and keep the WhatsApp post's pasted address."""
    shares = {s.account_id: s for s in item_shares(item)}
    texts = {a.pk: (shares[a.pk].text, shares[a.pk].title) for a in accounts.values()}
    with capture(execute=True):
        services.shares_send(
            actor=staff["admin"], item_id=item.pk, texts=texts, send=[accounts["facebook"].pk, accounts["x"].pk]
        )
    services.share_proof(
        actor=staff["admin"], item_id=item.pk, account_id=accounts["whatsapp"].pk, url="https://whatsapp.com/channel/1"
    )
    assert len(memory.POSTS) == 2


@transaction.atomic
def correct(item: NewsItem, user, title: str = NEW_TITLE) -> NewsItem:
    """A published correction as the newsroom makes one: a new revision, then PublicItemChanged in its transaction."""
    item = NewsItem.objects.select_for_update().get(pk=item.pk)
    number = item.revision + 1
    Revision.objects.create(
        item=item,
        number=number,
        kind=Revision.Kind.CORRECTION,
        based_on=item.revision,
        title=title,
        lead=item.lead,
        body=item.body,
        text_hash=text_hash(title, item.lead, item.body),
        reason="Panjang jembatan keliru",
        step_number=item.current_step,
        author=user,
    )
    item.title, item.revision = title, number
    item.save(update_fields=["title", "revision"])
    events.dispatch(PublicItemChanged(item=item, actor=Actor.of(user)))
    return item


def of(accounts, network) -> Followup:
    return Followup.objects.get(share__account=accounts[network])


def test_a_correction_offers_an_update_a_reply_and_a_checklist_item_and_tells_who_shares(
    at_share, accounts, staff, django_capture_on_commit_callbacks
):
    share_all(staff, at_share, accounts, django_capture_on_commit_callbacks)
    Notification.objects.all().delete()
    correct(at_share, staff["editor"])
    assert of(accounts, "facebook").action == A.UPDATE and of(accounts, "facebook").status == F.OFFERED
    assert of(accounts, "x").action == A.REPLY and of(accounts, "x").text.startswith("Correction: " + NEW_TITLE)
    assert of(accounts, "whatsapp").action == A.MANUAL
    assert NEW_TITLE in of(accounts, "facebook").text
    told = set(Notification.objects.filter(kind="social.followup").values_list("user__username", flat=True))
    assert told == {"webadmin", "sysadmin"}  # the Staf Admin (step 8's role) and the system administrator
    assert AuditEntry.objects.filter(action="social.followup.offered").count() == 3
    # Nothing left the house: the posts are untouched until a person acts.
    assert [kept.edits for kept in memory.POSTS] == [0, 0] and memory.REPLIES == []
    # Another change of the live item (its step, its publication time) with the same text offers nothing new.
    with transaction.atomic():
        events.dispatch(PublicItemChanged(item=NewsItem.objects.get(pk=at_share.pk), actor=Actor.of(staff["admin"])))
    assert Followup.objects.count() == 3
    # A second correction brings the offers up to date instead of doubling them.
    correct(at_share, staff["editor"], title=NEW_TITLE + " (2)")
    assert Followup.objects.count() == 3 and of(accounts, "facebook").text.count("(2)") == 1


def test_update_and_reply_go_through_the_worker_and_are_on_record(
    at_share, accounts, staff, django_capture_on_commit_callbacks
):
    share_all(staff, at_share, accounts, django_capture_on_commit_callbacks)
    correct(at_share, staff["editor"])
    fb, xf = of(accounts, "facebook"), of(accounts, "x")
    with django_capture_on_commit_callbacks(execute=True):
        followups.followup_act(actor=staff["admin"], item_id=at_share.pk, followup_id=fb.pk, text=fb.text + " #ralat")
        followups.followup_act(actor=staff["admin"], item_id=at_share.pk, followup_id=xf.pk)
    fb.refresh_from_db()
    xf.refresh_from_db()
    assert fb.status == F.DONE and xf.status == F.DONE
    edited = next(k for k in memory.POSTS if k.account == "facebook")
    assert edited.edits == 1 and edited.post.text.endswith(" #ralat") and NEW_TITLE in edited.post.text
    ((answered, text, reply),) = memory.REPLIES
    share = Share.objects.get(account=accounts["x"])
    assert answered == share.post_id and text == xf.text and xf.result_url == reply.url
    fb_share = Share.objects.get(account=accounts["facebook"])
    assert fb_share.updated_at_network is not None and fb_share.text.endswith(" #ralat")
    done = AuditEntry.objects.filter(action="social.followup.done")
    assert {e.data["network"] for e in done} == {"facebook", "x"}
    assert (
        AuditEntry.objects.get(action="social.followup.queued", data__network="facebook").actor_id == staff["admin"].pk
    )
    # A duplicate task does nothing more.
    assert followup_worker.followup_deliver(fb.pk) == F.DONE and edited.edits == 1


def test_a_takedown_offers_deletes_sets_corrections_aside_and_deletes_once(
    at_share, accounts, staff, django_capture_on_commit_callbacks, time_machine
):
    share_all(staff, at_share, accounts, django_capture_on_commit_callbacks)
    correct(at_share, staff["editor"])
    item_takedown(actor=staff["head"], item_id=at_share.pk, reason="Berita keliru")
    corrections = Followup.objects.filter(reason=Followup.Reason.CORRECTION)
    assert set(corrections.values_list("status", flat=True)) == {F.SKIPPED}
    takedowns = Followup.objects.filter(reason=Followup.Reason.TAKEDOWN)
    assert {(f.share.account.network, f.action) for f in takedowns} == {
        ("facebook", A.DELETE),
        ("x", A.DELETE),
        ("whatsapp", A.MANUAL),
    }
    time_machine.move_to(timezone.now(), tick=False)
    memory.fail(Failure.RETRY, retry_after=120)  # X is busy once
    memory.fail(Failure.UNKNOWN, posted=True)  # then Facebook deletes but its answer is lost
    for network in ("x", "facebook"):
        followups.followup_act(actor=staff["admin"], item_id=at_share.pk, followup_id=of_t(accounts, network).pk)
        followup_worker.followup_deliver(of_t(accounts, network).pk)
    assert of_t(accounts, "x").status == F.RETRYING and of_t(accounts, "facebook").status == F.RETRYING
    assert of_t(accounts, "x").next_attempt_at == timezone.now() + timedelta(seconds=120)
    assert followup_worker.followups_sweep() == 0  # not due yet
    time_machine.shift(timedelta(minutes=3))
    assert followup_worker.followups_sweep() == 2
    assert all(k.deleted for k in memory.POSTS)
    x_id, fb_id = (Share.objects.get(account=accounts[n]).post_id for n in ("x", "facebook"))
    deletes = [c[1] for c in memory.CALLS if c[0] == "delete"]
    assert sorted(deletes) == sorted([x_id, x_id, fb_id, fb_id])  # the Facebook retry found it gone: harmless
    assert Share.objects.filter(deleted_at__isnull=False).count() == 2
    with pytest.raises(ValidationError):  # WhatsApp: confirmed by a person, with a note
        followups.followup_close(
            actor=staff["admin"], item_id=at_share.pk, followup_id=of_t(accounts, "whatsapp").pk, note=" ", by_hand=True
        )
    followups.followup_close(
        actor=staff["admin"],
        item_id=at_share.pk,
        followup_id=of_t(accounts, "whatsapp").pk,
        note="Dihapus dari saluran pukul 10.15",
        by_hand=True,
    )
    assert of_t(accounts, "whatsapp").status == F.BY_HAND
    assert Share.objects.get(account=accounts["whatsapp"]).deleted_at is not None
    assert AuditEntry.objects.get(action="social.followup.by_hand").data["note"] == "Dihapus dari saluran pukul 10.15"


def of_t(accounts, network) -> Followup:
    return Followup.objects.get(share__account=accounts[network], reason=Followup.Reason.TAKEDOWN)


def test_refusals_and_lost_replies_wait_for_a_person_with_an_indonesian_status(
    at_share, accounts, staff, django_capture_on_commit_callbacks
):
    share_all(staff, at_share, accounts, django_capture_on_commit_callbacks)
    correct(at_share, staff["editor"])
    fb, xf = of(accounts, "facebook"), of(accounts, "x")
    memory.fail(Failure.REFUSED)
    memory.fail(Failure.UNKNOWN, posted=True)  # the reply went out, its answer was lost
    with translation.override("id"), django_capture_on_commit_callbacks(execute=True):  # the worker in Indonesian
        followups.followup_act(actor=staff["admin"], item_id=at_share.pk, followup_id=fb.pk)
        followups.followup_act(actor=staff["admin"], item_id=at_share.pk, followup_id=xf.pk)
    fb.refresh_from_db()
    xf.refresh_from_db()
    assert fb.status == F.REFUSED and xf.status == F.NEEDS_PERSON and xf.outcome_unknown
    assert len(memory.REPLIES) == 1
    assert followup_worker.followups_sweep() == 0 and len(memory.REPLIES) == 1  # never sent again by itself
    with translation.override("id"):
        assert str(followup_card(fb)["advice"]).startswith("Jaringan menolak. Lakukan sendiri")
        assert str(fb.get_status_display()) == "Ditolak jaringan"
        assert xf.last_error.startswith("Jawaban jaringan hilang: balasan mungkin sudah ada di bawah kiriman.")
    # Still waiting for a person: acting again (after looking) sends it, once.
    with django_capture_on_commit_callbacks(execute=True):
        followups.followup_act(actor=staff["admin"], item_id=at_share.pk, followup_id=xf.pk)
    assert len(memory.REPLIES) == 2 and Followup.objects.get(pk=xf.pk).status == F.DONE
    with pytest.raises(Conflict):
        followups.followup_act(actor=staff["admin"], item_id=at_share.pk, followup_id=xf.pk)


def test_a_dead_token_tells_the_administrators(at_share, accounts, staff, django_capture_on_commit_callbacks):
    share_all(staff, at_share, accounts, django_capture_on_commit_callbacks)
    item_takedown(actor=staff["head"], item_id=at_share.pk, reason="Keliru")
    Notification.objects.all().delete()
    memory.fail(Failure.TOKEN)
    with django_capture_on_commit_callbacks(execute=True):
        followups.followup_act(actor=staff["admin"], item_id=at_share.pk, followup_id=of_t(accounts, "x").pk)
    assert of_t(accounts, "x").status == F.TOKEN_DEAD
    assert Notification.objects.filter(kind="social.account", user=staff["sysadmin"]).exists()
    assert SocialAccount.objects.get(pk=accounts["x"].pk).check_message


def test_only_the_share_role_or_an_administrator_may_act(
    at_share, accounts, staff, client, django_capture_on_commit_callbacks
):
    share_all(staff, at_share, accounts, django_capture_on_commit_callbacks)
    item_takedown(actor=staff["head"], item_id=at_share.pk, reason="Keliru")
    followup = of_t(accounts, "facebook")
    for who in ("reporter", "editor", "head"):
        with pytest.raises(NotPermitted):
            followups.followup_act(actor=staff[who], item_id=at_share.pk, followup_id=followup.pk)
    client.force_login(staff["editor"])
    url = reverse("social:followup", args=[at_share.pk])
    response = client.post(url, {"followup": followup.pk, "op": "act"})
    assert response.status_code == 403
    assert (
        AuditEntry.objects.filter(action__contains="refus").exists()
        or AuditEntry.objects.filter(action__contains="denied").exists()
    )
    assert Followup.objects.get(pk=followup.pk).status == F.OFFERED
    # Another item's follow-up, or nonsense, changes nothing and says so.
    client.force_login(staff["sysadmin"])
    response = client.post(url, {"followup": "abc", "op": "act"}, follow=True)
    assert "Pilih" in response.content.decode() or "Choose" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"followup": followup.pk, "op": "act"})
    assert response.status_code == 302 and response["Location"].endswith("#followups")
    assert Followup.objects.get(pk=followup.pk).status == F.DONE
    assert (
        client.post(reverse("social:followup", args=[999999]), {"followup": followup.pk, "op": "act"}).status_code
        == 404
    )


def test_the_item_page_offers_the_deletes_in_indonesian(
    at_share, accounts, staff, client, django_capture_on_commit_callbacks
):
    share_all(staff, at_share, accounts, django_capture_on_commit_callbacks)
    item_takedown(actor=staff["head"], item_id=at_share.pk, reason="Keliru")
    client.force_login(staff["admin"])
    page = client.get(reverse("newsroom:item", args=[at_share.pk]), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert 'id="followups"' in page and page.count('value="act"') == 2  # Facebook and X; WhatsApp by hand
    assert "Hapus kiriman" in page and "Selesai manual" in page
    client.force_login(staff["reporter"])
    page = client.get(reverse("newsroom:item", args=[at_share.pk])).content.decode()
    assert 'id="followups"' in page and 'value="act"' not in page  # seen, not acted on
