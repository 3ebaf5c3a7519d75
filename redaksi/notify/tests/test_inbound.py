import smtplib
from email.message import EmailMessage

import pytest
from django.core import mail

from redaksi.audit.models import AuditEntry
from redaksi.newsroom.models import Approval
from redaksi.notify.inbound import inbound_receive, read_decision
from redaksi.notify.models import InboundMail
from redaksi.sop.engine import Outcome

from .conftest import tokens_in


@pytest.mark.parametrize(
    "line",
    [
        "SETUJU",
        "setuju",
        "Setuju.",
        "setuju!",
        "Disetujui",
        "DISETUJUI.",
        "OK setuju",
        "Oke, setuju",
        "Ya setuju",
        "setujui",
    ],
)
def test_words_that_approve(line):
    assert read_decision(line).outcome is Outcome.APPROVE


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("TOLAK: foto kurang jelas", "foto kurang jelas"),
        ("tolak - judul salah", "judul salah"),
        ("TOLAK alasan lengkap", "alasan lengkap"),
        ("Ditolak, data belum lengkap.", "data belum lengkap"),
        ("tolak:foto buram", "foto buram"),
    ],
)
def test_words_that_return_with_the_reason(line, reason):
    reading = read_decision(line)
    assert reading.outcome is Outcome.REJECT and reading.reason == reason


@pytest.mark.parametrize(
    "line",
    ["", "tidak setuju", "setuju tapi ganti judul", "TOLAK", "tolak:", "OK", "Terima kasih", "setujuuu", "tolakan"],
)
def test_anything_else_is_unclear(line):
    assert read_decision(line).outcome is None


def reply(token, *, sender, body="SETUJU", subject=None, to=None, html=None, charset="utf-8", cte=None):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to or f"persetujuan+{token}@example.go.id"
    message["Subject"] = subject if subject is not None else "Re: Approval requested"
    if html is not None and body is None:
        message.set_content(html, subtype="html", charset=charset, cte=cte)
    else:
        message.set_content(
            body + "\n\n> Pada 24 November 2026, Redaksi menulis:\n> SETUJU\n", charset=charset, cte=cte
        )
    return message


def answers_to(address):
    return [m for m in mail.outbox if m.to == [address] and "[ref:" not in m.subject]


@pytest.fixture
def waiting(at_approval, staff):
    item = at_approval()
    [message] = [m for m in mail.outbox if m.to == [staff["head"].email]]
    return item, tokens_in(message.body)[0]


@pytest.mark.django_db
class TestReplies:
    def receive(self, message, capture, envelope_from="kabag@example.go.id"):
        with capture(execute=True):
            return inbound_receive(message.as_bytes(), envelope_from=envelope_from)

    def test_setuju_from_the_registered_address_approves(self, waiting, staff, django_capture_on_commit_callbacks):
        item, token = waiting
        message = reply(token, sender=f"Hendra <{staff['head'].email.upper()}>")
        row = self.receive(message, django_capture_on_commit_callbacks)
        assert row.result == InboundMail.Result.APPLIED
        item.refresh_from_db()
        assert item.current_step == 4
        approval = Approval.objects.get(item=item)
        assert approval.channel == "reply" and approval.person == staff["head"]
        with approval.softcopy.eml.open("rb") as fh:
            assert fh.read() == message.as_bytes()
        [confirm] = answers_to(staff["head"].email)
        assert approval.softcopy.code in confirm.body

    @pytest.mark.parametrize("cte", ["quoted-printable", "base64"])
    @pytest.mark.parametrize("charset", ["utf-8", "iso-8859-1", "windows-1252"])
    def test_transfer_encodings_and_charsets(self, waiting, staff, django_capture_on_commit_callbacks, cte, charset):
        item, token = waiting
        message = reply(
            token, sender=staff["head"].email, body="TOLAK: foto kurang jelas, café", charset=charset, cte=cte
        )
        raw = message.as_bytes()
        if cte == "quoted-printable":
            assert b"=E9" in raw or b"=C3=A9" in raw
        self.receive(message, django_capture_on_commit_callbacks)
        item.refresh_from_db()
        assert item.current_step == 2
        assert item.step_runs.get(step_number=3).reason == "foto kurang jelas, café"

    def test_html_only_reply_reads_the_visible_first_line(self, waiting, staff, django_capture_on_commit_callbacks):
        item, token = waiting
        html = (
            '<div dir="ltr">Setuju.<br></div><br><div class="gmail_quote"><div>TOLAK: bukan ini</div>'
            "<blockquote>SETUJU</blockquote></div>"
        )
        self.receive(reply(token, sender=staff["head"].email, body=None, html=html), django_capture_on_commit_callbacks)
        item.refresh_from_db()
        assert item.current_step == 4

    def test_token_in_the_subject_is_enough(self, waiting, staff, django_capture_on_commit_callbacks):
        item, token = waiting
        message = reply(
            token, sender=staff["head"].email, to="persetujuan@example.go.id", subject=f"Re: X [ref:{token}]"
        )
        self.receive(message, django_capture_on_commit_callbacks)
        item.refresh_from_db()
        assert item.current_step == 4

    def refused(self, item, why):
        item.refresh_from_db()
        assert item.current_step == 3
        assert not Approval.objects.filter(item=item).exists()
        assert InboundMail.objects.filter(why=why).exists()
        assert AuditEntry.objects.filter(action="notify.reply.refused", data__why=why).exists()

    def test_a_reply_from_another_address_does_nothing_and_is_answered(
        self, waiting, staff, django_capture_on_commit_callbacks
    ):
        item, token = waiting
        self.receive(reply(token, sender="hendra.pribadi@gmail.com"), django_capture_on_commit_callbacks)
        self.refused(item, "wrong_sender")
        [answer] = answers_to("hendra.pribadi@gmail.com")
        assert "not registered" in answer.body and item.title not in answer.body

    def test_a_reply_without_a_token_does_nothing(self, waiting, staff, django_capture_on_commit_callbacks):
        item, _token = waiting
        message = reply("", sender=staff["head"].email, to="persetujuan@example.go.id")
        self.receive(message, django_capture_on_commit_callbacks)
        self.refused(item, "no_token")
        [answer] = answers_to(staff["head"].email)
        assert "reference" in answer.body

    def test_an_unknown_sender_without_a_token_gets_no_answer(self, waiting, django_capture_on_commit_callbacks):
        item, _token = waiting
        message = reply("", sender="spam@evil.example", to="persetujuan@example.go.id")
        self.receive(message, django_capture_on_commit_callbacks)
        self.refused(item, "no_token")
        assert answers_to("spam@evil.example") == []

    def test_a_forged_token_does_nothing(self, waiting, staff, django_capture_on_commit_callbacks):
        item, _token = waiting
        self.receive(reply("a" * 32, sender=staff["head"].email), django_capture_on_commit_callbacks)
        self.refused(item, "invalid")

    def test_an_unclear_reply_gets_help(self, waiting, staff, django_capture_on_commit_callbacks):
        item, token = waiting
        self.receive(reply(token, sender=staff["head"].email, body="tidak setuju"), django_capture_on_commit_callbacks)
        self.refused(item, "unclear")
        [answer] = answers_to(staff["head"].email)
        assert "SETUJU" in answer.body and "TOLAK:" in answer.body

    def test_a_reply_to_an_item_already_decided(self, waiting, staff, django_capture_on_commit_callbacks):
        item, token = waiting
        self.receive(reply(token, sender=staff["head"].email), django_capture_on_commit_callbacks)
        mail.outbox.clear()
        self.receive(reply(token, sender=staff["head"].email, body="TOLAK: salah"), django_capture_on_commit_callbacks)
        item.refresh_from_db()
        assert item.current_step == 4
        assert InboundMail.objects.filter(why="decided").exists()
        [answer] = answers_to(staff["head"].email)
        assert "already approved by Kabag" in answer.body

    def test_a_10_mb_attachment_is_refused_unread(self, waiting, staff, django_capture_on_commit_callbacks):
        item, token = waiting
        message = reply(token, sender=staff["head"].email)
        message.add_attachment(
            b"\0" * (10 * 1024 * 1024), maintype="application", subtype="octet-stream", filename="a.bin"
        )
        self.receive(message, django_capture_on_commit_callbacks)
        self.refused(item, "too_large")
        [answer] = answers_to(staff["head"].email)
        assert "too large" in answer.body and "without attachments" in answer.body

    def test_an_out_of_office_reply_never_acts_and_is_not_answered(
        self, waiting, staff, django_capture_on_commit_callbacks
    ):
        item, token = waiting
        message = reply(token, sender=staff["head"].email, body="Setuju")
        message["Auto-Submitted"] = "auto-replied"
        self.receive(message, django_capture_on_commit_callbacks)
        item.refresh_from_db()
        assert item.current_step == 3
        assert answers_to(staff["head"].email) == []

    def test_control_characters_in_the_sender_stay_on_one_log_line(
        self, waiting, django_capture_on_commit_callbacks, caplog
    ):
        """Bad input 40: CR/LF and ESC in From are escaped by the log formatter: one line per event."""
        from redaksi.core.logging import EscapingFormatter

        item, token = waiting
        raw = (
            f"From: =?utf-8?q?x=0D=0AINFO_admin_login_OK=1B=5B2J?= <evil@example.com>\r\n"
            f"To: persetujuan+{token}@example.go.id\r\nSubject: Re\r\n\r\nSETUJU\r\n"
        ).encode()
        with django_capture_on_commit_callbacks(execute=True):
            inbound_receive(raw, envelope_from="evil\r\nINFO admin@example.com")
        self.refused(item, "wrong_sender")
        [record] = [r for r in caplog.records if "reply refused" in r.getMessage()]
        assert "\n" not in EscapingFormatter("%(message)s").format(record)


@pytest.mark.django_db(transaction=True)
def test_replies_over_real_smtp(staff, office, notify_settings, django_capture_on_commit_callbacks, settings):
    """The endpoint as deployed: smtplib talks to the aiosmtpd server in its thread."""
    from redaksi.newsroom.tests.factories import advance, new_item
    from redaksi.notify.inbound import make_controller

    from .conftest import free_port

    item = advance(new_item(staff, office), staff, 3)
    [message] = [m for m in mail.outbox if m.to == [staff["head"].email]]
    token = tokens_in(message.body)[0]
    port = free_port()
    controller = make_controller("127.0.0.1", port)
    controller.start()
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
            with pytest.raises(smtplib.SMTPRecipientsRefused):
                client.sendmail(staff["head"].email, ["someone@example.go.id"], b"Subject: x\r\n\r\nSETUJU\r\n")
            answer = reply(token, sender=staff["head"].email, body="TOLAK: foto kurang jelas")
            client.send_message(answer, from_addr=staff["head"].email, to_addrs=[f"persetujuan+{token}@example.go.id"])
    finally:
        controller.stop()
    item.refresh_from_db()
    assert item.current_step == 2
    assert item.step_runs.get(step_number=3).reason == "foto kurang jelas"
    assert Approval.objects.get(item=item).channel == "reply"
