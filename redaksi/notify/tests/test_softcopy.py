import hashlib
import os
import shutil
import subprocess

import pytest
from django.core import mail
from django.test import Client

from redaksi.audit.models import AuditEntry
from redaksi.audit.services import audit_breaks
from redaksi.conftest import PASSWORD
from redaksi.newsroom.models import Approval
from redaksi.notify.models import SoftcopyRecord
from redaksi.notify.softcopy import softcopy_check

from .conftest import tokens_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(at_approval, staff, django_capture_on_commit_callbacks):
    item = at_approval(body='<p>Isi berita.</p><img src="http://169.254.169.254/latest/meta-data/">')
    [message] = [m for m in mail.outbox if m.to == [staff["head"].email]]
    staff["head"].nip = "198001012005011002"
    staff["head"].jabatan = "Kepala Bagian Humas"
    staff["head"].save()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(f"/notifikasi/persetujuan/{tokens_in(message.body)[0]}/", {"decision": "approve"})
    return Approval.objects.get(item=item)


def test_the_sheet_is_a_pdf_whose_hash_is_in_the_record_chain(decided, tmp_path):
    record = decided.softcopy
    data = record.pdf.read()
    assert data.startswith(b"%PDF")
    digest = hashlib.sha256(data).hexdigest()
    assert record.pdf_sha256 == digest
    entry = AuditEntry.objects.get(action="notify.softcopy.create")
    assert entry.data["sha256"] == digest and entry.data["code"] == record.code
    assert softcopy_check(record)
    assert list(audit_breaks()) == []
    if shutil.which("pdftotext"):
        path = tmp_path / "sheet.pdf"
        path.write_bytes(data)
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()
        for expected in ("Hendra Saputra", "198001012005011002", "Kepala Bagian Humas", record.code, decided.text_hash):
            assert expected in text.replace("\n", " ").replace(" ", "") or expected in text


def test_a_changed_file_no_longer_verifies(decided):
    record = decided.softcopy
    with open(record.pdf.path, "ab") as fh:
        fh.write(b"% tampered")
    assert not softcopy_check(SoftcopyRecord.objects.get(pk=record.pk))


def test_the_pdf_opens_in_a_pdf_reader(decided, tmp_path):
    if not shutil.which("pdftoppm"):
        if os.environ.get("REDAKSI_REQUIRE_TOOLS"):
            pytest.fail("poppler-utils is not installed (make pdf-tools installs it)")
        pytest.skip("poppler-utils is not installed: run make pdf-tools")
    path = tmp_path / "sheet.pdf"
    path.write_bytes(decided.softcopy.pdf.read())
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(path), str(tmp_path / "page")], check=True)
    assert list(tmp_path.glob("page*.png"))


def test_the_download_needs_a_login_of_the_office(decided, staff):
    address = f"/notifikasi/lembar/{decided.pk}.pdf"
    anonymous = Client().get(address)
    assert anonymous.status_code == 302 and "/akun/masuk/" in anonymous["Location"]
    client = Client()
    client.login(username="editor", password=PASSWORD)
    response = client.get(address)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]  # a signed record never sits in a cache
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == decided.softcopy.pdf_sha256
    assert client.get(f"/notifikasi/lembar/{decided.pk}.eml").status_code == 404  # decided by link: no mail


def test_the_verification_page_shows_the_record_for_the_code(decided):
    code = decided.softcopy.code
    page = Client().get("/notifikasi/verifikasi/", {"kode": code.lower().replace("-", " ")})
    text = page.content.decode()
    assert page.status_code == 200 and "Hendra Saputra" in text and decided.text_hash in text
    assert "Isi berita." not in text
    missing = Client().get("/notifikasi/verifikasi/", {"kode": "AAAA-BBBB-CCCC"})
    assert missing.status_code == 404 and "No approval sheet has this code" in missing.content.decode()
