"""Approval notices by Telegram, against the Bot API fake (every request checked against api.json)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from redaksi.audit.models import AuditEntry
from redaksi.notify.approvals import item_links_revoke
from redaksi.notify.models import ApprovalToken, OutboundTelegram, TelegramLink, TelegramLinkCode
from redaksi.notify.telegram_link import code_hash, new_code, telegram_poll
from redaksi.notify.telegram_send import telegram_flush
from redaksi.social import crypto
from redaksi.social.models import SocialAccount
from redaksi.social.tests.fakes.server import closed_url
from redaksi.social.tests.fakes.telegram_bot import TelegramBotFake

from .conftest import tokens_in

pytestmark = pytest.mark.django_db

PASSWORD = "pw-12345678"
DEEP = re.compile(r"https://t\.me/redaksi_test_bot\?start=([A-Za-z0-9_-]+)")
CHAT = 424242


@pytest.fixture
def fake():
    server = TelegramBotFake()
    yield server
    server.close()
    assert server.violations == []


@pytest.fixture
def bot(fake, office):
    """The office's Telegram account of step 8: its bot also carries approval notices."""
    return SocialAccount.objects.create(
        office=office,
        network="telegram",
        name="Diskominfo",
        backend="telegram",
        options={"chat_id": "@diskominfo_garut"},
        base_url=fake.url,
        token_encrypted=crypto.seal(fake.token),
    )


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ask_code(user) -> str:
    page = logged_in(user).post("/notifikasi/pengaturan/telegram/")
    assert page.status_code == 200 and page["Cache-Control"] == "no-store, private"
    return DEEP.search(page.content.decode()).group(1)


def link(fake, user, chat=CHAT) -> TelegramLink:
    fake.person(chat)
    fake.user_sends(chat, f"/start {ask_code(user)}")
    telegram_poll()
    return TelegramLink.objects.get(user=user)


def test_a_user_links_their_chat_by_the_deep_link_and_the_bot_confirms(fake, bot, staff):
    head = staff["head"]
    settings_page = logged_in(head).get("/notifikasi/pengaturan/").content.decode()
    assert "Link Telegram" in settings_page
    code = ask_code(head)
    row = TelegramLinkCode.objects.get(user=head)
    assert row.code_hash == code_hash(code) and code not in row.code_hash and len(code) == 38
    assert abs(row.expires_at - row.created_at - timedelta(minutes=15)) < timedelta(seconds=1)
    fake.person(CHAT, username="hendra_kabag")
    fake.user_sends(CHAT, f"/start {code}")
    assert telegram_poll() == {fake.token.split(":")[0]: 1}
    linked = TelegramLink.objects.get(user=head)
    assert (linked.chat_id, linked.telegram_username) == (CHAT, "hendra_kabag")
    [answer] = fake.inbox(CHAT)
    assert "now linked to Redaksi as Hendra Saputra" in answer["text"]
    assert AuditEntry.objects.filter(action="notify.telegram.link", object_id=str(head.pk)).exists()
    # The update was confirmed by the offset: the next poll reads nothing and answers nothing again.
    assert telegram_poll() == {fake.token.split(":")[0]: 0}
    assert len(fake.inbox(CHAT)) == 1
    assert "Linked to Telegram (hendra_kabag)" in logged_in(head).get("/notifikasi/pengaturan/").content.decode()


@pytest.mark.parametrize("case", ["forged", "reused", "expired", "other bot"])
def test_a_bad_code_links_nothing_and_the_bot_says_why(fake, bot, staff, case):
    head = staff["head"]
    code = ask_code(head)
    expected = "This link code is not valid"
    if case == "forged":
        code = new_code()[:-2] + "AA"
    elif case == "reused":
        fake.person(1001)
        fake.user_sends(1001, f"/start {code}")  # someone used it first
        telegram_poll()
        assert TelegramLink.objects.get(user=head).chat_id == 1001
        expected = "already used"
    elif case == "expired":
        TelegramLinkCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
        expected = "has expired"
    else:
        TelegramLinkCode.objects.update(bot_id="999")
    fake.person(CHAT)
    fake.user_sends(CHAT, f"/start {code}")
    telegram_poll()
    assert not TelegramLink.objects.filter(chat_id=CHAT).exists()
    assert expected in fake.inbox(CHAT)[-1]["text"]
    if case in ("reused", "expired"):
        entry = AuditEntry.objects.filter(action="notify.telegram.link_refused").latest("seq")
        assert entry.data["why"] == {"reused": "used"}.get(case, case) and entry.data["chat"] == CHAT


def test_the_bot_answers_in_the_office_language_and_helps_without_a_code(fake, bot, settings):
    settings.LANGUAGE_CODE = "id"
    fake.person(CHAT)
    fake.user_sends(CHAT, "/start")
    fake.user_sends(CHAT, "/start " + "x" * 38)
    telegram_poll()
    help_text, refused = (m["text"] for m in fake.inbox(CHAT))
    assert "Hubungkan Telegram" in help_text
    assert "Kode tautan ini tidak sah" in refused


def test_no_bot_no_link_and_the_page_says_so(staff, office):
    page = logged_in(staff["head"]).get("/notifikasi/pengaturan/").content.decode()
    assert "Your office has no Telegram bot yet" in page and "Link Telegram" not in page
    answer = logged_in(staff["head"]).post("/notifikasi/pengaturan/telegram/", follow=True)
    assert "Your office has no Telegram bot yet" in answer.content.decode()
    assert not TelegramLinkCode.objects.exists()


def approval_mail_to(address):
    [message] = [m for m in mail.outbox if m.to == [address] and "[ref:" in m.subject]
    return message


def test_the_approval_notice_carries_the_mails_link_which_works_once(
    fake, bot, staff, at_approval, django_capture_on_commit_callbacks
):
    head = staff["head"]
    link(fake, head)
    item = at_approval()
    token = tokens_in(approval_mail_to(head.email).body)[0]
    url = f"https://redaksi.example.go.id/notifikasi/persetujuan/{token}/"
    notice = fake.inbox(CHAT)[-1]["text"]
    assert item.title in notice and "Step 3" in notice and f"Sent by: {staff['editor'].full_name}" in notice
    assert url in notice
    row = OutboundTelegram.objects.get(item=item)
    assert row.status == "sent" and row.remote_id == str(fake.inbox(CHAT)[-1]["message_id"])
    assert token not in row.text and row.mail is not None and row.token.user == head
    # The link from Telegram decides once; the mail's (the same) then says it was used.
    with django_capture_on_commit_callbacks(execute=True):
        first = Client().post(f"/notifikasi/persetujuan/{token}/", {"decision": "approve"})
    assert first.status_code == 200
    again = Client().post(f"/notifikasi/persetujuan/{token}/", {"decision": "approve"})
    assert again.status_code == 409 and "already approved" in again.content.decode()
    # The chat keeps no valid-looking link.
    edited = fake.inbox(CHAT)[-1]
    assert token not in edited["text"] and "This request is closed" in edited["text"] and "edit_date" in edited
    assert OutboundTelegram.objects.get(pk=row.pk).withdrawn_at is not None


def test_mail_goes_when_telegram_is_down_and_the_notice_is_retried(fake, bot, staff, at_approval):
    head = staff["head"]
    link(fake, head)
    SocialAccount.objects.filter(pk=bot.pk).update(base_url=closed_url())
    item = at_approval()
    assert approval_mail_to(head.email)
    row = OutboundTelegram.objects.get(item=item)
    assert row.status == "queued" and row.attempts == 1 and "unreachable" in row.last_error
    # Telegram is back but asks to wait (flood control): the row waits what it says.
    SocialAccount.objects.filter(pk=bot.pk).update(base_url=fake.url)
    OutboundTelegram.objects.filter(pk=row.pk).update(next_try_at=timezone.now())
    fake.fail("429", path="sendMessage")
    telegram_flush()
    row.refresh_from_db()
    assert row.status == "queued" and row.attempts == 2
    assert timedelta(seconds=15) < row.next_try_at - timezone.now() <= timedelta(seconds=17)
    OutboundTelegram.objects.filter(pk=row.pk).update(next_try_at=timezone.now())
    fake.fail("500", path="sendMessage")
    telegram_flush()
    row.refresh_from_db()
    assert row.status == "queued" and row.attempts == 3 and "HTTP 502" in row.last_error
    OutboundTelegram.objects.filter(pk=row.pk).update(next_try_at=timezone.now())
    assert telegram_flush() == (1, 0)
    assert item.title in fake.inbox(CHAT)[-1]["text"]


def test_withdrawn_links_edit_the_message(fake, bot, staff, at_approval, django_capture_on_commit_callbacks):
    link(fake, staff["head"])
    item = at_approval()
    token = tokens_in(approval_mail_to(staff["head"].email).body)[0]
    with django_capture_on_commit_callbacks(execute=True):
        assert item_links_revoke(actor=staff["head"], item_id=item.pk) == 1
    text = fake.inbox(CHAT)[-1]["text"]
    assert token not in text and "withdrawn" in text
    page = Client().get(f"/notifikasi/persetujuan/{token}/")
    assert page.status_code == 410


def test_unlinked_users_get_mail_only(fake, bot, staff, at_approval):
    head = staff["head"]
    link(fake, head)
    client = logged_in(head)
    answer = client.post("/notifikasi/pengaturan/telegram/lepas/", follow=True)
    assert "Telegram is no longer linked" in answer.content.decode()
    assert not TelegramLink.objects.filter(user=head).exists()
    assert AuditEntry.objects.filter(action="notify.telegram.unlink").exists()
    at_approval()
    assert approval_mail_to(head.email) and not OutboundTelegram.objects.exists()
    assert ApprovalToken.objects.filter(user=head).count() == 1
