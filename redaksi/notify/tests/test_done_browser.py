"""The issue's "done means", end to end: real SMTP out, a real browser, a real SMTP reply in."""

import hashlib
import shutil
import smtplib
import subprocess
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.conf import settings

from redaksi.newsroom.models import Approval, NewsItem
from redaksi.newsroom.tests.factories import advance, new_item
from redaksi.notify.inbound import make_controller
from redaksi.notify.models import OutboundMail
from redaksi.notify.outbox import mail_flush
from redaksi.notify.softcopy import softcopy_check

from .conftest import free_port, tokens_in

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def mails_to(smtp, address):
    return [m["message"] for m in smtp.messages if address in m["to"]]


def test_approve_in_a_browser_reject_by_reply_and_lose_nothing(
    smtp, staff, office, make_user, page, live_server, login, settings, tmp_path, time_machine
):
    ARTIFACTS.mkdir(exist_ok=True)
    settings.REDAKSI_BASE_URL = live_server.url
    settings.REDAKSI_NOTIFY = {**settings.REDAKSI_NOTIFY, "REPLY_ADDRESS": "persetujuan@example.go.id"}
    settings.MEDIA_ROOT = tmp_path / "media"
    second_head = make_user("kabag", username="kabag2", full_name="Yusuf Hamdani", email="yusuf@example.go.id")

    # 1. The approval mail goes through the real SMTP server.
    item = new_item(
        staff,
        office,
        body="<p>BENGKALIS - Bupati meresmikan jembatan penghubung dua desa.</p><p>Warga menyambut gembira.</p>",
        place="Bengkalis",
        byline="Rizki Pratama",
    )
    item = advance(item, staff, 3)
    [message] = mails_to(smtp, staff["head"].email)
    html = message.get_body(("html",)).get_content()
    token = tokens_in(message.get_body(("plain",)).get_content())[0]
    page.set_viewport_size({"width": 720, "height": 1100})
    page.set_content(html)
    page.screenshot(path=str(ARTIFACTS / "notify-approval-mail.png"), full_page=True)

    # 2. Follow the Setujui link in a real browser: the page asks, the click decides.
    approve_link = page.get_attribute("a:has-text('Approve')", "href")
    assert approve_link.startswith(live_server.url) and token in approve_link
    page.set_viewport_size({"width": 420, "height": 900})
    page.goto(approve_link)
    assert page.is_checked("input[value=approve]")
    page.screenshot(path=str(ARTIFACTS / "notify-approval-page.png"), full_page=True)
    assert NewsItem.objects.get(pk=item.pk).current_step == 3  # opening never acts
    page.click("button[type=submit]")
    page.wait_for_selector(".np-done")
    page.screenshot(path=str(ARTIFACTS / "notify-approval-done.png"), full_page=True)
    item.refresh_from_db()
    assert item.current_step == 4
    approval = Approval.objects.get(item=item)
    assert approval.channel == "link" and approval.person == staff["head"]

    # 3. The PDF softcopy opens and its hash verifies.
    record = approval.softcopy
    pdf = record.pdf.read()
    assert hashlib.sha256(pdf).hexdigest() == record.pdf_sha256 and softcopy_check(record)
    if shutil.which("pdftoppm"):
        (tmp_path / "sheet.pdf").write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-singlefile",
                str(tmp_path / "sheet.pdf"),
                str(ARTIFACTS / "notify-softcopy"),
            ],
            check=True,
        )

    # 4. Another approver answers "TOLAK: foto kurang jelas" by SMTP; the item returns to step 2.
    other = advance(new_item(staff, office, title="Pelatihan UMKM Desa"), staff, 3)
    [request] = [m for m in mails_to(smtp, second_head.email) if "Pelatihan UMKM" in m["Subject"]]
    other_token = tokens_in(request.get_body(("plain",)).get_content())[0]
    answer = EmailMessage()
    answer["From"] = f"Yusuf Hamdani <{second_head.email}>"
    answer["To"] = request["Reply-To"]
    answer["Subject"] = "Re: " + request["Subject"]
    answer["In-Reply-To"] = request["Message-ID"]
    answer.set_content("TOLAK: foto kurang jelas\n\n> " + request.get_body(("plain",)).get_content()[:200])
    port = free_port()
    inbound = make_controller("127.0.0.1", port)
    inbound.start()
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
            client.send_message(answer, from_addr=second_head.email, to_addrs=[request["Reply-To"]])
    finally:
        inbound.stop()
    other.refresh_from_db()
    assert other.current_step == 2
    assert other.step_runs.get(step_number=3).reason == "foto kurang jelas"
    rejection = Approval.objects.get(item=other)
    assert rejection.channel == "reply" and rejection.softcopy.eml_sha256
    assert other_token not in OutboundMail.objects.get(kind="approval", to=[second_head.email], item=other).text
    assert any("recorded" in m["Subject"] for m in mails_to(smtp, second_head.email))

    # 5. Stopping SMTP loses nothing: the handoff mails wait in the outbox and go out when it is back.
    smtp.stop()
    before = len(smtp.messages)
    third = advance(new_item(staff, office, title="Rapat Koordinasi Bencana"), staff, 3)
    waiting = OutboundMail.objects.filter(item=third, status=OutboundMail.Status.QUEUED)
    assert waiting.exists() and all(m.last_error for m in waiting)
    smtp.start()
    time_machine.move_to(max(m.next_try_at for m in waiting), tick=False)
    sent, left = mail_flush()
    assert sent >= 1 and left == 0
    assert len(smtp.messages) > before
    assert mails_to(smtp, staff["head"].email)[-1]["Subject"].startswith("Approval requested: Rapat Koordinasi")

    # 6. The inbox, as the editor sees it: in the editor's language (the browser's, Indonesian), whatever
    # language the entry was caused in.
    page.set_viewport_size({"width": 1100, "height": 800})
    login(staff["editor"])
    page.goto(f"{live_server.url}/notifikasi/")
    assert page.is_visible("text=Dikembalikan kepada Anda: Pelatihan UMKM Desa")
    page.screenshot(path=str(ARTIFACTS / "notify-inbox.png"), full_page=True)
