"""Withdrawing an item's approval links from the desk, and the include that lists them."""

import smtplib
from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from redaksi.accounts.models import ActingAppointment
from redaksi.audit.models import AuditEntry
from redaksi.conftest import PASSWORD
from redaksi.notify.approvals import item_links_revoke, live_links, may_revoke_links
from redaksi.notify.models import ApprovalToken

from .conftest import tokens_in

pytestmark = pytest.mark.django_db


def revoke_url(item):
    return f"/notifikasi/berita/{item.pk}/cabut-tautan/"


def logged_in(user):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def token_of(address):
    [message] = [m for m in mail.outbox if m.to == [address] and "[ref:" in m.subject]
    return tokens_in(message.body)[0]


def render_include(item, user):
    request = RequestFactory().get(reverse("newsroom:item", args=[item.pk]))
    request.user = user
    return render_to_string("notify/_item_links.html", {"item": item}, request=request)


@pytest.fixture
def plh(staff, office, make_user):
    user = make_user(username="plh", full_name="Budi Santoso", email="budi@example.go.id")
    ActingAppointment.objects.create(
        user=user,
        role=office.roles.get(code="kabag"),
        kind="plh",
        starts_on=date.today() - timedelta(days=1),
        ends_on=date.today() + timedelta(days=1),
        letter_number="800/1/2026",
        created_by=staff["sysadmin"],
    )
    return user


@pytest.mark.parametrize("who", ["head", "sysadmin", "plh"])
def test_the_approving_role_or_an_administrator_withdraws_every_live_link(at_approval, staff, plh, who):
    item = at_approval()
    actor = plh if who == "plh" else staff[who]
    assert live_links(item).count() == 2  # the Kabag and the Plh.
    tokens = [token_of(staff["head"].email), token_of(plh.email)]
    response = logged_in(actor).post(revoke_url(item), follow=True)
    assert response.redirect_chain == [(reverse("newsroom:item", args=[item.pk]), 302)]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "2 approval links were withdrawn: their mails no longer work. The item can still be approved on the desk."
    ]
    assert live_links(item).count() == 0
    assert ApprovalToken.objects.filter(item=item, revoked_at__isnull=False).count() == 2
    entry = AuditEntry.objects.filter(action="notify.token.revoke_item").latest("seq")
    assert entry.actor_id == actor.pk and len(entry.data["tokens"]) == 2
    assert sorted(entry.data["approvers"]) == sorted([staff["head"].pk, plh.pk])
    # The links now refuse, and say so.
    for token in tokens:
        page = Client().post(f"/notifikasi/persetujuan/{token}/", {"decision": "approve"})
        assert page.status_code == 410 and "This link was withdrawn" in page.content.decode()
    item.refresh_from_db()
    assert item.current_step == 3
    # A second press finds nothing left, and says that.
    again = logged_in(actor).post(revoke_url(item), follow=True)
    assert [str(m) for m in get_messages(again.wsgi_request)] == ["There was no live approval link to withdraw."]


@pytest.mark.parametrize("who", ["reporter", "editor", "admin"])
def test_other_roles_get_403_recorded_and_nothing_changes(at_approval, staff, who):
    item = at_approval()
    response = logged_in(staff[who]).post(revoke_url(item))
    assert response.status_code == 403
    assert live_links(item).count() == 1
    denied = AuditEntry.objects.filter(action="authz.denied").latest("seq")
    assert denied.actor_id == staff[who].pk and denied.data["what"] == "notify.links_revoke"
    assert denied.data["item"] == item.pk
    assert not AuditEntry.objects.filter(action="notify.token.revoke_item").exists()


def test_only_a_logged_in_post_on_a_visible_item(at_approval, staff, make_user):
    item = at_approval()
    anonymous = Client().post(revoke_url(item))
    assert anonymous.status_code == 302 and "/akun/masuk/" in anonymous["Location"]
    assert logged_in(staff["head"]).get(revoke_url(item)).status_code == 405
    assert logged_in(staff["head"]).post(f"/notifikasi/berita/{item.pk + 999}/cabut-tautan/").status_code == 404
    assert live_links(item).count() == 1


def test_the_service_refuses_an_administrator_of_another_office(at_approval, staff, make_user, office):
    from redaksi.accounts.models import Office
    from redaksi.core.errors import NotPermitted

    item = at_approval()
    other = Office.objects.create(name="Dinas Lain", short_name="Lain", slug="dinas-lain")
    stranger = make_user(username="stranger", is_staff=True, office=other)
    assert not may_revoke_links(stranger, item)
    with pytest.raises(NotPermitted):
        item_links_revoke(actor=stranger, item_id=item.pk)
    assert logged_in(stranger).post(revoke_url(item)).status_code == 404
    assert live_links(item).count() == 1


def test_the_include_lists_who_when_and_until_never_the_token(at_approval, staff):
    item = at_approval()
    token = token_of(staff["head"].email)
    row = ApprovalToken.objects.get(item=item)
    html = render_include(item, staff["head"])
    assert "Approval links sent by mail" in html and "Hendra Saputra" in html and "(Kabag)" in html
    assert timezone.localtime(row.expires_at).strftime("%Y") in html
    assert f'action="{revoke_url(item)}"' in html and "csrfmiddlewaretoken" in html
    assert token not in html and row.token_hash not in html
    # Other roles see the list, not the button.
    for who in ("reporter", "editor"):
        other = render_include(item, staff[who])
        assert "Hendra Saputra" in other and revoke_url(item) not in other
    # Once withdrawn, the approver sees that nothing is live, and what became of the link.
    item_links_revoke(actor=staff["head"], item_id=item.pk)
    html = render_include(item, staff["head"])
    assert "No approval link is live for this item." in html and "Withdrawn" in html and "withdrawn by hand" in html
    assert revoke_url(item) not in html and "Works" not in html


def test_a_decision_on_the_desk_withdraws_the_links_and_the_list_says_so(at_approval, staff, make_user):
    from redaksi.newsroom.services import step_complete
    from redaksi.sop.engine import Outcome

    make_user("kabag", username="deputy", full_name="Wakil Kabag")
    item = at_approval()
    assert live_links(item).count() == 2  # the head and the second holder of the role
    step_complete(
        actor=staff["head"], item_id=item.pk, step_number=3, outcome=Outcome.REJECT,
        expected_revision=item.revision, reason="foto kurang jelas",
    )  # fmt: skip
    assert live_links(item).count() == 0
    assert set(ApprovalToken.objects.filter(item=item).values_list("revoke_reason", flat=True)) == {
        "decided on the desk"
    }
    html = render_include(item, staff["editor"])
    assert html.count("decided on the desk") == 2 and "Wakil Kabag" in html and "Works" not in html
    assert "No approval link is live for this item." in html


def test_a_decision_by_link_shows_that_link_used_and_the_others_withdrawn(at_approval, staff, make_user):
    from redaksi.notify.approvals import token_decide
    from redaksi.sop.engine import Outcome

    make_user("kabag", username="deputy", full_name="Wakil Kabag", email="wakil@example.go.id")
    item = at_approval()
    token_decide(token=token_of(staff["head"].email), outcome=Outcome.APPROVE)
    rows = {r.user.username: r for r in ApprovalToken.objects.filter(item=item)}
    assert rows["head"].used_at is not None and rows["head"].revoked_at is None
    assert rows["deputy"].used_at is None and rows["deputy"].revoke_reason == "decided"
    html = render_include(item, staff["editor"])
    assert "Used" in html and "the decision was made with this link" in html and "another approver decided" in html


def test_the_include_says_nothing_for_an_item_without_links(staff, office):
    from redaksi.newsroom.tests.factories import new_item

    item = new_item(staff, office)
    assert render_include(item, staff["head"]).strip() == ""


@pytest.mark.django_db(transaction=True)
def test_a_reply_by_real_smtp_after_the_withdrawal_changes_nothing(
    staff, office, notify_settings, smtp, django_capture_on_commit_callbacks
):
    """The mail goes out through the real SMTP server; the desk withdraws; the reply by SMTP is refused."""
    from redaksi.newsroom.tests.factories import advance, new_item
    from redaksi.notify.inbound import make_controller

    from .conftest import free_port

    with django_capture_on_commit_callbacks(execute=True):
        item = advance(new_item(staff, office), staff, 3)
    [received] = [m["message"] for m in smtp.messages if staff["head"].email in m["to"]]
    token = tokens_in(received.get_body(("plain",)).get_content())[0]
    response = logged_in(staff["head"]).post(revoke_url(item))
    assert response.status_code == 302
    port = free_port()
    controller = make_controller("127.0.0.1", port)
    controller.start()
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
            client.sendmail(
                staff["head"].email,
                [f"persetujuan+{token}@example.go.id"],
                f"From: {staff['head'].email}\r\nTo: persetujuan+{token}@example.go.id\r\n"
                f"Subject: Re: Approval requested\r\n\r\nSETUJU\r\n".encode(),
            )
    finally:
        controller.stop()
    item.refresh_from_db()
    assert item.current_step == 3
    assert AuditEntry.objects.filter(action="notify.reply.refused", data__why="revoked").exists()
