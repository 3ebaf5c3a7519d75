"""The PDFs of the dashboard, a signed Tabel 7 round and an evaluation carry the figures, the office and the NIP."""

import shutil
import subprocess
from pathlib import Path

import pytest
import time_machine

from redaksi.monitoring.models import Evaluation, Round
from redaksi.sop.models import Sop

from .history import NOW, build_history
from .test_figures import PERIOD

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "monitoring"


def pdf_text(data: bytes, name: str) -> str:
    assert data.startswith(b"%PDF")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(data)
    if shutil.which("pdftoppm"):  # the pages as images, to look at
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(ARTIFACTS / name)], check=True)
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed (make pdf-tools)")
    # One word per cell line never wraps; whole phrases may, depending on the column widths.
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()


def fetch_pdf(client, url: str, capture) -> bytes:
    """The first request queues the drawing (and shows the waiting page); after the task, the file."""
    with capture(execute=True):
        first = client.get(url)
    assert first.status_code == 202 and first["Retry-After"] == "3"
    second = client.get(url)
    assert second.status_code == 200 and second["Content-Type"] == "application/pdf"
    return b"".join(second.streaming_content)


def test_pdfs(client, staff, settings, django_capture_on_commit_callbacks):
    settings.LANGUAGE_CODE = "id"
    capture = django_capture_on_commit_callbacks
    head = staff["head"]
    head.nip, head.jabatan = "19700101 199503 1 002", "Kepala Bagian"
    head.save()
    build_history(staff)
    client.force_login(head)
    sop = Sop.objects.get()
    with time_machine.travel(NOW, tick=False):
        text = pdf_text(
            fetch_pdf(client, f"/pemantauan/dasbor.pdf?dari={PERIOD.first}&sampai={PERIOD.last}", capture), "dashboard"
        )
        assert "DINAS KOMUNIKASI, INFORMATIKA DAN STATISTIK" in text and "Dasbor Pemantauan SOP" in text
        assert "17 mnt 30 dtk" in text and "NIP. 19700101 199503 1 002" in text
        client.post("/pemantauan/tabel-7/buka/", {"sop": sop.pk, "tahun": 2026, "semester": 2})
        rnd = Round.objects.get()
        data = {"paraf": "1", "setuju": "1", "alasan_3": "Koreksi wajar."}
        data.update({f"penilaian_{s.number}": s.suggested for s in rnd.steps.all()})
        data["penilaian_3"] = "good"
        client.post(f"/pemantauan/tabel-7/{rnd.pk}/", data)
        text = pdf_text(fetch_pdf(client, f"/pemantauan/tabel-7/{rnd.pk}/unduh.pdf", capture), "tabel7")
        assert "Tabel 7. Monitoring Pelaksanaan SOP AP" in text and "Tindakan yang" in text
        assert text.count("Tidak") == 5 and "Hendra Saputra" in text and "Koreksi wajar." in text
        answers = {f"jawaban_{i}": "ya" if i != 3 else "tidak" for i in range(1, 8)}
        client.post("/pemantauan/evaluasi/", {"sop": sop.pk, "tanggal": "2026-11-26", **answers})
        ev = Evaluation.objects.get()
        text = pdf_text(fetch_pdf(client, f"/pemantauan/evaluasi/{ev.pk}/unduh.pdf", capture), "evaluation")
        assert "Evaluasi Penerapan SOP AP" in text and "86% (6/7)" in text and "NIP. 19700101 199503 1 002" in text
