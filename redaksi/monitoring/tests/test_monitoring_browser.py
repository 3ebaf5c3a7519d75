"""As Kabag in a real browser: the dashboard, a drill-down, and signing a Tabel 7 round; screenshots of every page."""

from pathlib import Path

import pytest
import time_machine

from redaksi.conftest import PASSWORD
from redaksi.monitoring.models import Evaluation, Round

from .history import NOW, build_history
from .test_reach import post_shares

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "monitoring"


def shots(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _login(context, live_server, user):
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/redaksi/")
    return page


def _sign_round(page, live_server) -> None:
    """Open the round of semester II 2026, differ from the suggestion at step 3 with a reason, and sign."""
    page.goto(f"{live_server.url}/pemantauan/tabel-7/?tahun=2026&semester=2")
    shots(page, "tabel7")
    page.get_by_role("button", name="Mulai penilaian").click()
    page.wait_for_selector("#round")
    row3 = page.locator("#round tr[data-step='3']")
    assert "Tidak berjalan dengan baik" in row3.locator("[data-figure=suggested]").inner_text()
    row3.get_by_label("Berjalan dengan baik", exact=True).check()
    row3.locator("input[name=alasan_3]").fill("Penolakan adalah koreksi yang wajar.")
    page.fill("#catatan_1", "Penulisan berita sering melewati satu jam.")
    page.fill("#tindakan_1", "Pelatihan penulisan cepat.")
    shots(page, "round-open")
    page.get_by_label("Saya sudah memeriksa penilaian ini").check()
    page.get_by_role("button", name="Simpan dan paraf").click()
    page.wait_for_selector("[data-signed]")
    assert "Hendra Saputra" in page.locator("[data-signed]").inner_text()
    assert page.locator("[data-figure=round-judgement]").inner_text() == "Tidak berjalan dengan baik"
    shots(page, "round-signed")


def test_kabag_reads_the_dashboard_drills_down_and_signs_a_round(browser, live_server, staff):
    head = staff["head"]
    head.nip, head.jabatan = "19700101 199503 1 002", "Kepala Bagian"
    head.save()
    history = build_history(staff)
    post_shares(history, head.office)
    with time_machine.travel(NOW, tick=False):
        context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
        page = _login(context, live_server, head)

        page.get_by_role("link", name="Pemantauan", exact=True).first.click()
        page.fill("input[name=dari]", "2026-11-16")
        page.fill("input[name=sampai]", "2026-11-29")
        page.get_by_role("button", name="Tampilkan").click()
        page.wait_for_selector("#steps")
        assert page.locator("#steps tr[data-step='2'] td").nth(4).inner_text() == "17 mnt 30 dtk"
        assert page.locator("[data-figure=late]").inner_text() == "2"
        facebook = page.locator("#networks tr[data-network='facebook'] td").all_inner_texts()
        assert facebook == ["Facebook", "2", "2", "150", "245", "14"]
        shots(page, "dashboard")

        # Drill down: the items late right now are C and E, each linking to its page on the desk.
        page.locator("a.mon-card", has_text="terlambat").click()
        page.wait_for_selector("#items")
        assert page.locator("h1").inner_text() == "Berita terlambat saat ini"
        assert sorted(page.locator("#items tbody a").all_inner_texts()) == ["Berita C", "Berita E"]
        shots(page, "items")
        page.get_by_role("link", name="Berita C").click()
        page.wait_for_url(f"**/redaksi/berita/{history['C'].pk}/")

        _sign_round(page, live_server)
        rnd = Round.objects.get()
        assert rnd.signed_by == head and rnd.steps.get(number=3).judgement == "good"

        page.goto(f"{live_server.url}/pemantauan/evaluasi/")
        for i, answer in enumerate(["Ya", "Ya", "Tidak", "Ya", "Ya", "Tidak", "Ya"], start=1):
            page.locator(f"input[name=jawaban_{i}][value={answer.lower()}]").check()
        shots(page, "evaluation")
        page.get_by_role("button", name="Catat evaluasi").click()
        page.wait_for_selector("[data-figure=yes-percent]")
        assert page.locator("[data-figure=yes-percent]").inner_text() == "71% (5/7)"
        shots(page, "evaluation-detail")
        assert Evaluation.objects.get().evaluator == head
        context.close()
