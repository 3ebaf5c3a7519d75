from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from redaksi.accounts.models import ActingAppointment
from redaksi.audit.models import AuditEntry
from redaksi.newsroom.models import Approval, NewsItem
from redaksi.newsroom.services import ItemText, item_save
from redaksi.newsroom.tests.factories import advance
from redaksi.notify.approvals import token_hash
from redaksi.notify.models import ApprovalToken

from .conftest import tokens_in

pytestmark = pytest.mark.django_db


def approval_mails():
    return [m for m in mail.outbox if "[ref:" in m.subject]


def token_for(user_email: str) -> str:
    [message] = [m for m in approval_mails() if m.to == [user_email]]
    return tokens_in(message.body)[0]


def url(token: str) -> str:
    return f"/notifikasi/persetujuan/{token}/"


def test_reaching_the_approval_step_mails_every_approver_with_signed_links(at_approval, staff, make_user, office):
    plh = make_user(username="plh", full_name="Budi Santoso", email="budi@example.go.id")
    ActingAppointment.objects.create(
        user=plh,
        role=office.roles.get(code="kabag"),
        kind="plh",
        starts_on=date.today() - timedelta(days=1),
        ends_on=date.today() + timedelta(days=1),
        letter_number="800/1/2026",
        created_by=staff["sysadmin"],
    )
    item = at_approval()
    mails = approval_mails()
    assert sorted(m.to[0] for m in mails) == ["budi@example.go.id", staff["head"].email]
    message = [m for m in mails if m.to == ["budi@example.go.id"]][0]
    html = message.alternatives[0][0]
    token = tokens_in(message.body)[0]
    assert f"https://redaksi.example.go.id/notifikasi/persetujuan/{token}/?aksi=setujui" in html
    assert f"https://redaksi.example.go.id/notifikasi/persetujuan/{token}/?aksi=tolak" in html
    assert "Plh. Kabag Budi Santoso" in message.body
    assert item.title in message.subject and f"[ref:{token}]" in message.subject
    assert message.reply_to == [f"persetujuan+{token}@example.go.id"]
    assert "Isi berita." in message.body and "<p>Isi berita.</p>" in html
    row = ApprovalToken.objects.get(token_hash=token_hash(token))
    assert (row.user, row.item_id, row.revision) == (plh, item.pk, item.revision)
    assert abs(row.expires_at - row.created_at - timedelta(days=3)) < timedelta(seconds=1)
    assert not ApprovalToken.objects.filter(token_hash=token).exists()  # never the token itself


def test_opening_the_link_never_acts_and_the_post_approves(at_approval, staff):
    item = at_approval()
    token = token_for(staff["head"].email)
    client = Client()
    page = client.get(url(token) + "?aksi=setujui")
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("no-store") and page["Referrer-Policy"] == "same-origin"
    assert item.title in page.content.decode() and "Isi berita." in page.content.decode()
    client.get(url(token))  # a mail scanner opening it again
    item.refresh_from_db()
    assert item.current_step == 3
    done = client.post(url(token), {"decision": "approve"})
    assert done.status_code == 200
    item.refresh_from_db()
    assert item.current_step == 4 and item.approved_revision == item.revision
    approval = Approval.objects.get(item=item)
    assert (approval.channel, approval.person, approval.signed_as) == ("link", staff["head"], "Kabag")
    assert approval.softcopy.code in done.content.decode()
    entry = AuditEntry.objects.filter(action="sop.step.complete").latest("seq")
    assert entry.actor_id == staff["head"].pk and entry.data["channel"] == "link"


def test_reject_asks_for_the_reason_and_returns_the_item(at_approval, staff):
    item = at_approval()
    token = token_for(staff["head"].email)
    client = Client()
    page = client.get(url(token) + "?aksi=tolak")
    assert 'value="reject" checked' in page.content.decode()
    empty = client.post(url(token), {"decision": "reject", "reason": "   "})
    assert empty.status_code == 400 and "Say why" in empty.content.decode()
    item.refresh_from_db()
    assert item.current_step == 3
    client.post(url(token), {"decision": "reject", "reason": "Judul kurang tepat"})
    item.refresh_from_db()
    assert item.current_step == 2
    assert item.step_runs.get(step_number=3).reason == "Judul kurang tepat"


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: "a" * 32,  # forged
        lambda t: t[:-1] + ("a" if t[-1] != "a" else "b"),  # altered
        lambda t: t[:20],  # cut short
        lambda t: t.upper() + "x" * 5000,  # garbage of any length
        lambda t: "%00" + t,
    ],
)
def test_forged_and_altered_tokens_do_nothing(at_approval, staff, mangle):
    item = at_approval()
    token = token_for(staff["head"].email)
    client = Client()
    response = client.post(url(mangle(token)), {"decision": "approve"})
    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()
    item.refresh_from_db()
    assert item.current_step == 3
    assert AuditEntry.objects.filter(action="notify.link.refused", data__why="invalid").exists()


def test_a_used_link_says_who_decided_and_when(at_approval, staff, time_machine):
    time_machine.move_to(timezone.make_aware(timezone.datetime(2026, 11, 24, 10, 15)), tick=False)
    item = at_approval()
    token = token_for(staff["head"].email)
    Client().post(url(token), {"decision": "approve"})
    again = Client().post(url(token), {"decision": "reject", "reason": "x y z"})
    assert again.status_code == 409
    text = again.content.decode()
    assert "already approved by Kabag on 24 November 2026 at 10.15 WIB" in text
    assert "This link is no longer valid" in text
    item.refresh_from_db()
    assert item.current_step == 4


def test_a_link_of_another_approver_dies_when_one_decides(at_approval, staff, make_user, office):
    second = make_user("kabag", username="kabag2", email="kabag2@example.go.id")
    at_approval()
    Client().post(url(token_for(staff["head"].email)), {"decision": "approve"})
    response = Client().get(url(token_for(second.email)))
    assert response.status_code == 409 and "already approved" in response.content.decode()


def test_an_expired_link_does_nothing(at_approval, staff, time_machine):
    item = at_approval()
    token = token_for(staff["head"].email)
    time_machine.move_to(timezone.now() + timedelta(days=3, seconds=1), tick=False)
    response = Client().post(url(token), {"decision": "approve"})
    assert response.status_code == 410 and "expired" in response.content.decode()
    item.refresh_from_db()
    assert item.current_step == 3


def test_the_link_lifetime_is_a_setting(at_approval, staff, settings):
    settings.REDAKSI_NOTIFY = {**settings.REDAKSI_NOTIFY, "APPROVAL_LINK_DAYS": 1}
    at_approval()
    row = ApprovalToken.objects.get(token_hash=token_hash(token_for(staff["head"].email)))
    assert abs(row.expires_at - row.created_at - timedelta(days=1)) < timedelta(seconds=1)


def test_a_revoked_link_does_nothing(at_approval, staff):
    from redaksi.notify.approvals import token_revoke

    item = at_approval()
    token = token_for(staff["head"].email)
    row = ApprovalToken.objects.get(token_hash=token_hash(token))
    token_revoke(actor=staff["sysadmin"], token_id=row.pk)
    response = Client().post(url(token), {"decision": "approve"})
    assert response.status_code == 410 and "withdrawn" in response.content.decode()
    item.refresh_from_db()
    assert item.current_step == 3


def test_a_link_for_an_old_revision_has_expired(at_approval, staff, django_capture_on_commit_callbacks):
    item = at_approval()
    old = token_for(staff["head"].email)
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(url(old), {"decision": "reject", "reason": "Perbaiki judul"})
    # The item is back at step 2: the editor changes the text and sends it up again.
    item.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        item_save(
            actor=staff["editor"],
            item_id=item.pk,
            base_revision=item.revision,
            text=ItemText(title="Judul Baru", lead=item.lead, body=item.body),
        )
        item = advance(item, staff, 3)
    # A fresh mail for the new revision; the used one stays dead, and a second unused one too.
    new = [t for m in approval_mails() for t in tokens_in(m.body) if t != old][-1]
    assert ApprovalToken.objects.get(token_hash=token_hash(new)).revision == item.revision
    response = Client().get(url(old))
    assert response.status_code in (409, 410)
    assert Client().post(url(new), {"decision": "approve"}).status_code == 200


def test_an_unused_link_expires_when_the_text_changes(at_approval, staff):
    item = at_approval()
    token = token_for(staff["head"].email)
    # The text changes under the link (a correction path the SOP may add later): the hash no longer matches.
    NewsItem.objects.filter(pk=item.pk).update(body="<p>Teks lain.</p>")
    response = Client().post(url(token), {"decision": "approve"})
    assert response.status_code == 410 and "expired" in response.content.decode()
    item.refresh_from_db()
    assert item.current_step == 3


def test_someone_who_no_longer_holds_the_role_cannot_use_the_link(at_approval, staff):
    item = at_approval()
    token = token_for(staff["head"].email)
    staff["head"].roles.clear()
    response = Client().post(url(token), {"decision": "approve"})
    assert response.status_code == 409 and "no longer act as Kabag" in response.content.decode()
    item.refresh_from_db()
    assert item.current_step == 3


def test_the_post_needs_a_csrf_token(at_approval, staff):
    """Bad input 27: no token, or a foreign Origin, is refused with 403."""
    item = at_approval()
    token = token_for(staff["head"].email)
    client = Client(enforce_csrf_checks=True)
    assert client.post(url(token), {"decision": "approve"}).status_code == 403
    client.get(url(token))
    csrf = client.cookies["csrftoken"].value
    evil = client.post(
        url(token), {"decision": "approve", "csrfmiddlewaretoken": csrf}, HTTP_ORIGIN="https://evil.example"
    )
    assert evil.status_code == 403
    item.refresh_from_db()
    assert item.current_step == 3
    ok = client.post(url(token), {"decision": "approve", "csrfmiddlewaretoken": csrf})
    assert ok.status_code == 200


def test_a_foreign_host_is_refused_and_links_use_the_configured_address(at_approval, staff):
    """Bad input 33: Host: evil.example is 400; the mail's links never come from a Host header."""
    at_approval()
    token = token_for(staff["head"].email)
    assert Client().get(url(token), HTTP_HOST="evil.example").status_code == 400
    assert Client().get(url(token), HTTP_X_FORWARDED_HOST="evil.example").status_code == 200
    for message in approval_mails():
        assert "evil.example" not in message.body
        assert all(link.startswith("https://redaksi.example.go.id/") for link in _links(message.body))


def _links(text):
    import re

    return re.findall(r"https?://\S+", text)


def test_a_desk_decision_also_makes_the_softcopy_record(at_approval, staff, django_capture_on_commit_callbacks):
    item = at_approval()
    with django_capture_on_commit_callbacks(execute=True):
        advance(item, staff, 4)
    approval = Approval.objects.get(item=item)
    assert approval.channel == "desk"
    assert approval.softcopy.pdf and approval.softcopy.pdf_sha256


def test_a_flood_of_forged_links_enters_the_record_once(db):
    from django.test import Client

    from redaksi.audit.models import AuditEntry

    client = Client()
    for i in range(5):
        assert client.get(f"/notifikasi/persetujuan/palsu{i}/").status_code in (404, 410)
    assert AuditEntry.objects.filter(action="notify.link.refused").count() == 1
