"""The pages and the exports show the known history's figures; rounds freeze; strangers and unknown ids are refused."""

import re
from datetime import date, datetime, timedelta
from io import BytesIO

import pytest
import time_machine
from openpyxl import load_workbook

from redaksi.audit.models import AuditEntry
from redaksi.core.clock import WIB
from redaksi.monitoring.models import Evaluation, Round
from redaksi.sop.models import Sop

from .history import NOW, build_history, complete
from .test_figures import PERIOD

QUERY = f"dari={PERIOD.first}&sampai={PERIOD.last}"


@pytest.fixture
def history(staff):
    return build_history(staff)


@pytest.fixture
def head(client, staff):
    staff["head"].nip, staff["head"].jabatan = "19700101 199503 1 002", "Kepala Bagian"
    staff["head"].save()
    client.force_login(staff["head"])
    return staff["head"]


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


def cells(html: str, row_attr: str) -> list[str]:
    row = re.search(rf"<tr {row_attr}[^>]*>(.*?)</tr>", html, re.S).group(1)
    return [re.sub(r"<[^>]+>", " ", c).split() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_dashboard_page_and_drill_down(client, history, head, frozen):
    html = client.get(f"/pemantauan/?{QUERY}").content.decode()
    # No, procedure, standard, passes, median, p90, within, wait, returned, skipped, missing
    step2 = cells(html, 'data-step="2"')
    assert step2[3] == ["6"] and " ".join(step2[4]) == "17 min 30 s" and step2[5] == ["25", "min"]
    assert step2[6] == ["83%"] and " ".join(cells(html, 'data-step="1"')[7]) == "0 min"
    step3 = cells(html, 'data-step="3"')
    assert step3[3] == ["4"] and " ".join(step3[4]) == "12 min 30 s" and step3[6] == ["75%"] and step3[8] == ["1"]
    assert 'data-figure="late">2<' in html and 'data-figure="urgent">1<' in html
    assert 'data-figure="published">3<' in html and 'data-figure="days">1<' in html
    assert "Bottleneck: step 8" in html
    assert html.count("<svg") == 3 and html.count("<details") == 3
    # Drill-downs: every pass through step 3, the returns at step 6, the late items.
    items = client.get(f"/pemantauan/berita/?sop={Sop.objects.get().pk}&{QUERY}&saring=step&nilai=3").content.decode()
    assert sorted(re.findall(r">Berita ([A-E])<", items)) == ["A", "B", "C"]
    items = client.get(f"/pemantauan/berita/?{QUERY}&saring=rejected&nilai=6").content.decode()
    assert re.findall(r">Berita ([A-E])<", items) == ["B"]
    items = client.get(f"/pemantauan/berita/?{QUERY}&saring=late&nilai=1").content.decode()
    assert sorted(re.findall(r">Berita ([A-E])<", items)) == ["C", "E"]
    bad = client.get(f"/pemantauan/berita/?{QUERY}&saring=step&nilai=x").content.decode()
    assert "The filter is not valid." in bad


def test_dashboard_xlsx(client, history, head, frozen):
    response = client.get(f"/pemantauan/dasbor.xlsx?{QUERY}")
    wb = load_workbook(BytesIO(response.content))
    rows = [r for r in wb.worksheets[0].iter_rows(values_only=True) if r and isinstance(r[0], int)]
    assert [(r[0], r[4], r[5], r[6], r[7]) for r in rows] == [
        (1, 5, 60, 90, 60), (2, 6, 17.5, 25, 83), (3, 4, 12.5, 20, 75), (4, 2, 7.5, 10, 100),
        (5, 3, 10, 15, 100), (6, 3, 10, 20, 67), (7, 2, 7.5, 10, 100), (8, 2, 17.5, 25, 50),
    ]  # fmt: skip
    values = [r for r in wb.worksheets[0].iter_rows(values_only=True)]
    assert ("Items late right now", 2) in [r[:2] for r in values]
    assert next(r[:1] for r in values if r[0] and str(r[0]).startswith("NIP")) == ("NIP. 19700101 199503 1 002",)
    assert "DINAS KOMUNIKASI" in values[1][0]


def _assess(client, rnd, sign: bool, override: str = "") -> object:
    data = {"paraf": "1" if sign else "0", "setuju": "1"}
    for step in rnd.steps.all():
        data[f"penilaian_{step.number}"] = step.suggested
        data[f"catatan_{step.number}"] = f"Catatan langkah {step.number}"
    data["penilaian_3"], data["alasan_3"] = "good", override
    return client.post(f"/pemantauan/tabel-7/{rnd.pk}/", data)


def test_tabel7_round_suggests_signs_and_freezes(client, history, head, staff, frozen):
    sop = Sop.objects.get()
    client.post("/pemantauan/tabel-7/buka/", {"sop": sop.pk, "tahun": 2026, "semester": 2})
    rnd = Round.objects.get()
    suggested = dict(rnd.steps.values_list("number", "suggested"))
    assert suggested == {1: "poor", 2: "good", 3: "poor", 4: "good", 5: "good", 6: "poor", 7: "good", 8: "poor"}
    assert rnd.steps.get(number=1).reasons == [{"code": "slow", "percent": 60, "threshold": 80}]
    # Overriding the suggestion needs a reason, then it is on record.
    response = _assess(client, rnd, sign=True)
    assert response.status_code == 400 and b"Step 3: say why" in response.content
    assert _assess(client, rnd, sign=True, override="Penolakan adalah koreksi yang wajar.").status_code == 302
    rnd.refresh_from_db()
    assert rnd.is_signed and rnd.signed_by == head and rnd.signer_nip == "19700101 199503 1 002"
    assert rnd.judgement == "poor" and rnd.steps.get(number=3).judgement == "good"
    override = AuditEntry.objects.get(action="monitoring.round.override")
    assert override.data == {
        "step": 3,
        "suggested": "poor",
        "judgement": "good",
        "reason": "Penolakan adalah koreksi yang wajar.",
    }
    assert AuditEntry.objects.filter(action="monitoring.round.sign").count() == 1
    # Later data (D approved at step 3) never changes the signed round.
    frozen.shift(timedelta(minutes=5))
    complete(history["D"], staff, 3, "D")
    html = client.get(f"/pemantauan/tabel-7/{rnd.pk}/").content.decode()
    assert re.search(r'data-step="3".*?data-figure="runs">(\d+)<', html, re.S).group(1) == "4"
    assert _assess(client, rnd, sign=False, override="x").status_code == 400
    wb = load_workbook(BytesIO(client.get(f"/pemantauan/tabel-7/{rnd.pk}/unduh.xlsx").content))
    rows = [r for r in wb.active.iter_rows(values_only=True) if r and r[0] and str(r[0]).startswith("1")]
    assert rows[0][:3] == ("1", "Pengelolaan Berita/Rilis di Website", "Not running well")
    good, poor = "Running well", "Not running well"
    assert [r[2] for r in rows[1:]] == [poor, good, good, good, good, poor, good, poor]
    assert rows[3][3].split("\n") == [
        "Catatan langkah 3",
        "From the data: Only 75% of passes kept within the time standard (at least 80% expected).",
        "(Differs from the suggestion: Penolakan adalah koreksi yang wajar.)",
    ]
    assert rows[1][5] == head.full_name


def test_evaluation_form_data_and_history(client, history, head, frozen):
    sop = Sop.objects.get()
    page = client.get(f"/pemantauan/evaluasi/?sop={sop.pk}").content.decode()
    assert "Passes within the time standard: 78%" in page and "Items late right now: 2" in page
    assert "Items sent back at the decision steps: 2" in page
    # The wait of all 27 passes: the writer takes step 1 on creating the item (5 waits of 0), the others
    # are done without taking first (their wait is their duration); the 14th smallest is 10 minutes.
    assert "Median wait before a step is taken up: 10 min" in page
    answers = {f"jawaban_{i}": v for i, v in enumerate(["ya", "ya", "tidak", "ya", "ya", "tidak", "ya"], start=1)}
    missing = client.post(
        "/pemantauan/evaluasi/", {"sop": sop.pk, "tanggal": "2026-11-26", "jawaban_1": "ya", "catatan_2": "Jelas."}
    )
    assert missing.status_code == 400 and Evaluation.objects.count() == 0
    kept = missing.content.decode()  # what was given stays on the refused form
    assert 'name="jawaban_1" value="ya" checked' in kept and ">Jelas.</textarea>" in kept
    response = client.post(
        "/pemantauan/evaluasi/", {"sop": sop.pk, "tanggal": "2026-11-26", "catatan_3": "Langkah 1 lambat", **answers}
    )
    ev = Evaluation.objects.get()
    assert response.status_code == 302 and ev.yes_count == 5 and ev.yes_percent == 71
    assert ev.evaluator_nip == "19700101 199503 1 002" and ev.evaluated_on == date(2026, 11, 26)
    detail = client.get(f"/pemantauan/evaluasi/{ev.pk}/").content.decode()
    assert 'data-figure="yes-percent">71% (5/7)' in detail
    history_page = client.get(f"/pemantauan/evaluasi/?sop={sop.pk}").content.decode()
    assert "71% (5/7)" in history_page
    wb = load_workbook(BytesIO(client.get(f"/pemantauan/evaluasi/{ev.pk}/unduh.xlsx").content))
    rows = list(wb.active.iter_rows(values_only=True))
    answers_rows = [r for r in rows if isinstance(r[0], int)]
    assert [(r[2], r[3]) for r in answers_rows] == [("✓", None)] * 2 + [(None, "✓")] + [("✓", None)] * 2 + [
        (None, "✓"),
        ("✓", None),
    ]
    assert answers_rows[2][4] == "Langkah 1 lambat"
    assert ("Share of Ya", "71%", 5, 2) in [r[:4] for r in rows]


def test_strangers_and_unknown_ids(client, history, staff):
    client.force_login(staff["reporter"])
    assert client.get("/pemantauan/").status_code == 403
    client.force_login(staff["sysadmin"])
    assert client.get("/pemantauan/").status_code == 200
    assert client.get("/pemantauan/?sop=99999").status_code == 404
    assert client.get("/pemantauan/tabel-7/99999/").status_code == 404
    assert client.get("/pemantauan/evaluasi/99999/").status_code == 404
    assert client.get("/pemantauan/evaluasi/99999/unduh.pdf").status_code == 404
    assert client.get("/pemantauan/tabel-7/?semester=3").status_code == 404
    bad = client.get("/pemantauan/?dari=2026-11-30&sampai=2026-11-01").content.decode()
    assert "The period ends before it starts." in bad


def test_drafts_of_others_are_counted_but_not_listed(client, history, head, staff):
    from redaksi.newsroom.services import ItemText, item_create

    with time_machine.travel(datetime(2026, 11, 25, 8, 0, tzinfo=WIB), tick=False):
        text = ItemText(title="Draf Rahasia", lead="Lead.", body="<p>Isi.</p>")
        item_create(actor=staff["reporter2"], office=staff["reporter2"].office, text=text)
    with time_machine.travel(NOW, tick=False):
        assert 'data-figure="late">3<' in client.get(f"/pemantauan/?{QUERY}").content.decode()
        items = client.get(f"/pemantauan/berita/?{QUERY}&saring=late&nilai=1").content.decode()
    assert sorted(re.findall(r">Berita ([A-E])<", items)) == ["C", "E"] and "Draf Rahasia" not in items
    assert "1 draft at step 1 is counted but not listed" in items


def test_services_refuse_another_office(staff, bengkalis):
    from django.core.exceptions import PermissionDenied

    from redaksi.accounts.models import Office
    from redaksi.monitoring import services

    sop = Sop.objects.get()
    admin = staff["sysadmin"]  # an administrator may monitor, but only the office he belongs to
    services.round_open(actor=admin, sop=sop, year=2026, semester=1)
    admin.office = Office.objects.create(slug="lain", name="Kantor Lain")
    admin.save()
    with pytest.raises(PermissionDenied):
        services.round_open(actor=admin, sop=sop, year=2026, semester=2)
    with pytest.raises(PermissionDenied):
        services.evaluation_record(actor=admin, sop=sop, evaluated_on=date(2026, 11, 26), answers=[(True, "")] * 7)
