import re
import zlib

import pytest
import yaml
from django.urls import reverse

from redaksi.accounts.models import Role
from redaksi.conftest import BENGKALIS, FIXTURES
from redaksi.sop.services import sop_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client, staff):
    client.force_login(staff["reporter"])
    return client


def document(client, version, *, number=None):
    url = (
        reverse("sop:version", args=[version.sop.pk, number])
        if number
        else reverse("sop:document", args=[version.sop.pk])
    )
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def step_rows(html: str) -> list[str]:
    return re.findall(r'<tr class="sop-flow__step" data-step="\d+">(.*?)</tr>', html, re.S)


def symbol_column(row: str) -> tuple[int, str]:
    """(column, symbol kind) of the one symbol drawn in a step row."""
    cells = re.findall(r'<td class="sop-flow__cell" data-column="(\d+)">(.*?)</td>', row, re.S)
    found = [(int(col), m.group(1)) for col, body in cells if (m := re.search(r'data-symbol="(\w+)"', body))]
    assert len(found) == 1, found
    return found[0]


def test_document_shows_the_identity_block(reader, bengkalis):
    html = document(reader, bengkalis)
    for text in (
        "PEMERINTAH KABUPATEN BENGKALIS",
        "DINAS KOMUNIKASI, INFORMATIKA DAN STATISTIK KABUPATEN BENGKALIS",
        "Nomor SPO",
        "Tanggal Efektif",
        "Pt. KEPALA DINAS",
        "Drs. JOHANSYAH SYAFRI",
        "NIP. 19680411 199303 1 009",
        "Kualifikasi Pelaksana",
        "Kelengkapan:",  # the seed's own heading for Peralatan/Perlengkapan
        "SPO Peliputan dan Dokumentasi",
        "Pencatatan dan Pendataan",
    ):
        assert text in html, text
    assert html.count('<ol class="sop-list">') == 3  # legal basis, qualifications, equipment
    assert "SPO PENGELOLAAN WEBSITE" in html


def test_document_draws_the_eight_steps_in_their_performer_columns(reader, bengkalis):
    html = document(reader, bengkalis)
    headers = re.findall(r'<th scope="col" class="sop-flow__performer" data-column="(\d)" data-role="([\w-]+)">', html)
    assert headers == [("0", "kabag"), ("1", "kasubag"), ("2", "staf-pengolah-data"), ("3", "staf-admin")]
    rows = step_rows(html)
    assert len(rows) == 8
    assert [symbol_column(r) for r in rows] == [
        (2, "terminator"), (1, "process"), (0, "decision"), (2, "process"),
        (3, "process"), (1, "decision"), (3, "process"), (3, "terminator"),
    ]  # fmt: skip
    times = [re.search(r'<td class="sop-flow__time">(.*?)<', r).group(1) for r in rows]
    assert times == ["1 Jam", "20 Menit", "15 Menit", "10 Menit", "15 Menit", "15 Menit", "10 Menit", "15 Menit"]
    assert "Persetujuan berita dalam berkas softcopy" in rows[2]
    assert "Link berita, foto, video dibagikan Facebook , Twitter , GPlus dan Youtube" in rows[7]
    assert "160 menit (2 jam 40 menit)" in html
    assert html.count(">Tidak</text>") == 2 and html.count(">Ya</text>") == 2
    # The coordinates stay machine-readable in an Indonesian page (no decimal commas).
    assert 'y1="12.0%"' in html and "12,0%" not in html


def test_time_without_the_written_form_is_shown_in_minutes(reader, bengkalis):
    data = yaml.safe_load(BENGKALIS.read_text())
    del data["flowchart"]["steps"][1]["time_as_written"]
    version = sop_load(text=yaml.safe_dump(data, allow_unicode=True)).version
    html = document(reader, version, number=version.number)
    assert '<td class="sop-flow__time">20 menit<' in html


def test_relabelled_role_shows_its_new_name(reader, bengkalis):
    Role.objects.filter(office=bengkalis.sop.office, code="kasubag").update(name="Redaktur")
    html = document(reader, bengkalis)
    assert 'data-role="kasubag">Redaktur</th>' in html
    assert ">Kasubag<" not in html


def test_notes_are_numbered_remarks_beside_the_field_and_the_text_stays(reader, bengkalis):
    html = document(reader, bengkalis)
    rows = step_rows(html)
    assert "Berita, foto dan video sudah siap edit" in rows[1]  # the slip, as written
    assert 'href="#catatan-1"' in rows[1] and 'href="#catatan-3"' in rows[7]
    assert re.search(r"Peraturan Menteri Komunikasi .*?26/PER/M.Kominfo/9/2006.*?href=\"#catatan-2\"", html)
    notes = re.search(r'<div class="sop-notes">(.*?)</div>', html, re.S).group(1)
    assert re.findall(r'<li id="catatan-(\d)"', notes) == ["1", "2", "3"]
    assert "Step 2, Output" in notes or "Langkah 2, Output" in notes
    assert "Permenkominfo Nomor 28/PER/M.KOMINFO/9/2006" in notes
    assert 'class="sop-reconstruction" role="note"' in html and "rekonstruksi dari SOP sejenis" in html


def test_versions_are_listed_and_each_can_be_opened(reader, bengkalis):
    data = yaml.safe_load(BENGKALIS.read_text())
    data["identity"]["revised"] = "Januari 2026"
    second = sop_load(text=yaml.safe_dump(data, allow_unicode=True)).version
    assert second.number == 2
    latest = document(reader, bengkalis)
    assert "Januari 2026" in latest
    assert re.search(r'href="/sop/\d+/versi/2/" aria-current="page">v2', latest)
    first = document(reader, bengkalis, number=1)
    assert "Januari 2026" not in first
    assert 'class="sop-older"' in first
    assert reverse("sop:version_pdf", args=[bengkalis.sop.pk, 1]) in first


def test_single_version_has_no_version_selector_and_offers_print_and_pdf(reader, bengkalis):
    html = document(reader, bengkalis)
    assert 'class="sop-versions"' not in html
    assert "data-print" in html and "redaksi/sop-document.js" in html
    assert reverse("sop:version_pdf", args=[bengkalis.sop.pk, 1]) in html
    assert "download=" not in html  # the link may open the page that says the PDF is being drawn
    assert " style=" not in html  # the CSP allows no inline styles on screen


@pytest.mark.parametrize("name", ["sop:document", "sop:pdf"])
def test_unknown_sop_is_404(reader, bengkalis, name):
    assert reader.get(reverse(name, args=[bengkalis.sop.pk + 999])).status_code == 404


@pytest.mark.parametrize("name", ["sop:version", "sop:version_pdf"])
def test_unknown_version_is_404(reader, bengkalis, name):
    assert reader.get(reverse(name, args=[bengkalis.sop.pk, 7])).status_code == 404


@pytest.mark.parametrize("name", ["sop:document", "sop:pdf"])
def test_anonymous_is_sent_to_login(client, bengkalis, name):
    response = client.get(reverse(name, args=[bengkalis.sop.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated, so page objects can be counted."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_pdf_is_a_few_a4_landscape_pages(reader, bengkalis, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the drawing task runs after the first ask
        reader.get(reverse("sop:version_pdf", args=[bengkalis.sop.pk, 1]))
    response = reader.get(reverse("sop:version_pdf", args=[bengkalis.sop.pk, 1]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="SOP-pengelolaan-berita-v1.pdf"'
    pdf = b"".join(response.streaming_content)
    assert pdf.startswith(b"%PDF")
    objects = pdf_objects(pdf)
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", objects))
    assert 2 <= pages <= 5
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", objects)
    width, height = float(box.group(1)), float(box.group(2))
    assert width > height  # landscape
    assert round(width) == 842 and round(height) == 595  # A4 in points


def test_sop_of_another_office_is_404(reader, bengkalis):
    data = yaml.safe_load((FIXTURES / "humas-pengumuman.yaml").read_text())
    data["office"]["slug"] = "bagian-humas"
    other = sop_load(text=yaml.safe_dump(data, allow_unicode=True)).version
    assert reader.get(reverse("sop:document", args=[other.sop.pk])).status_code == 404
    assert reader.get(reverse("sop:pdf", args=[other.sop.pk])).status_code == 404


def test_overlapping_loops_widen_the_lane_column(reader, bengkalis):
    version = sop_load(text=(FIXTURES / "humas-pengumuman.yaml").read_text()).version
    html = document(reader, version)
    assert 'class="sop-flow sop-lanes-2"' in html
    assert html.count('<td class="sop-flow__cell sop-flow__lane">') == 5
    assert "70 menit (1 jam 10 menit)" in html
