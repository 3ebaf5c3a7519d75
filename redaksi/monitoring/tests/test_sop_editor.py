"""Revising an SOP in the staff screens: draft, checking, publishing through sop_load, permissions."""

import pytest
import yaml
from django.urls import reverse

from redaksi.accounts.models import Office, Role
from redaksi.audit.models import AuditEntry
from redaksi.sop.definition import DefinitionError, dump_definition, load_definition
from redaksi.sop.models import SopDraft
from redaksi.sop.services import sop_load

pytestmark = pytest.mark.django_db


def form_of(draft: SopDraft) -> dict[str, str]:
    """The editor's fields as the page fills them from the draft."""
    identity = draft.data["identity"]
    roles = {r.code: r.pk for r in Role.objects.filter(office=draft.sop.office)}
    form = {f"identity.{k}": identity.get(k, "") for k in ("number", "name", "created", "revised", "effective")}
    form |= {f"identity.{k}": identity.get(k, "") for k in ("equipment_label", "warning", "records")}
    form |= {f"identity.approved_by.{k}": identity["approved_by"].get(k, "") for k in ("title", "name", "rank", "nip")}
    form |= {f"identity.{k}": "\n".join(identity.get(k, [])) for k in ("legal_basis", "qualifications", "related")}
    form["identity.equipment"] = "\n".join(identity.get("equipment", []))
    form["flowchart.title"] = draft.data["flowchart"]["title"]
    steps = draft.data["flowchart"]["steps"]
    form["steps-count"] = str(len(steps))
    for i, s in enumerate(steps):
        p = f"steps-{i}-"
        kind = s["kind"]
        form |= {
            p + "origin": str(draft.origins[i] or ""),
            p + "activity": s["activity"],
            p + "performer": str(roles[s["performer"]]),
            p + "symbol": s["symbol"],
            p + "kind": "+".join(kind) if isinstance(kind, list) else kind,
            p + "minutes": str(s.get("minutes", "")),
            p + "on_reject": str(s.get("on_reject", "")),
        }
        form |= {p + k: s.get(k, "") for k in ("requirements", "time_as_written", "output", "remarks")}
    return form


@pytest.fixture
def admin(staff):
    return staff["sysadmin"]


@pytest.fixture
def editor(client, admin, bengkalis):
    client.force_login(admin)
    url = reverse("monitoring:sop_editor", kwargs={"pk": bengkalis.sop_id})
    client.post(reverse("monitoring:sop_draft_open", kwargs={"pk": bengkalis.sop_id}))
    return url


def _draft(bengkalis) -> SopDraft:
    return SopDraft.objects.get(sop=bengkalis.sop)


def test_a_draft_is_saved_as_typed_and_checked_in_indonesian(client, editor, bengkalis):
    form = form_of(_draft(bengkalis))
    form["identity.name"] = ""
    form["steps-1-minutes"] = "-5"
    form["steps-2-on_reject"] = "42"
    response = client.post(editor, form, HTTP_ACCEPT_LANGUAGE="id")
    page = response.content.decode()
    assert "tidak boleh kosong" in page
    assert "harus berupa jumlah menit yang positif" in page
    assert "langkah 42 tidak ada" in page
    # Nothing typed is lost: the draft keeps the bad values, so the page shows them back.
    draft = _draft(bengkalis)
    assert draft.data["identity"]["name"] == ""
    assert draft.data["flowchart"]["steps"][1]["minutes"] == -5
    # The same checker as sop_check: the draft as a file fails with the same problems.
    with pytest.raises(DefinitionError) as failed:
        load_definition(yaml.safe_dump(draft.data))
    messages = {str(p.path): p.message for p in failed.value.problems}
    assert messages["identity.name"] == "must not be empty"
    assert messages["flowchart.steps[1].minutes"] == "must be a positive number of minutes"
    assert messages["flowchart.steps[2].on_reject"] == "step 42 does not exist"
    # Publishing is refused while it does not validate.
    response = client.post(reverse("monitoring:sop_draft_publish", kwargs={"pk": bengkalis.sop_id}))
    assert response.status_code == 400
    assert bengkalis.sop.versions.count() == 1


def test_empty_time_standard_and_role_of_another_office(client, editor, bengkalis):
    other = Office.objects.create(slug="lain", name="Kantor Lain")
    foreign = Role.objects.create(office=other, code="kabag", name="Kabag Lain")
    form = form_of(_draft(bengkalis))
    form["steps-3-minutes"] = ""
    form["steps-4-performer"] = str(foreign.pk)
    page = client.post(editor, form, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "wajib diisi" in page
    assert "Pilih peran dari kantor Anda sendiri." in page
    assert _draft(bengkalis).data["flowchart"]["steps"][4]["performer"] == "staf-admin"  # the old role stays
    assert AuditEntry.objects.filter(action="authz.denied", data__what="sop_editor.role").exists()


def test_steps_are_added_moved_and_removed_and_the_no_follows(client, editor, bengkalis):
    form = form_of(_draft(bengkalis))
    client.post(editor, {**form, "op": "add-0"}, HTTP_HX_REQUEST="true")
    steps = _draft(bengkalis).data["flowchart"]["steps"]
    assert len(steps) == 9 and steps[1]["activity"] == "" and _draft(bengkalis).origins[1] is None
    assert steps[3]["on_reject"] == 3  # the approval (now step 4) still returns to Mengedit (now step 3)
    # The Catatan Redaksi follow their step: the note on step 8's output is now on step 9's.
    assert [n["about"] for n in _draft(bengkalis).data["notes"]][::2] == [
        "flowchart.steps[2].output",
        "flowchart.steps[8].output",
    ]
    client.post(editor, {**form_of(_draft(bengkalis)), "op": "remove-1"})
    client.post(editor, {**form_of(_draft(bengkalis)), "op": "down-2"})
    steps = _draft(bengkalis).data["flowchart"]["steps"]
    assert [s["activity"][:10] for s in steps[2:4]] == ["Menyusun b", "Menyetujui"]
    assert steps[3]["on_reject"] == 2
    client.post(editor, {**form_of(_draft(bengkalis)), "op": "remove-7"})  # the share step, and its note
    assert [n["about"] for n in _draft(bengkalis).data["notes"]] == [
        "flowchart.steps[1].output",
        "identity.legal_basis[4]",
    ]


def test_publish_makes_the_same_version_as_sop_load_of_the_same_file(client, editor, bengkalis):
    form = form_of(_draft(bengkalis))
    form["steps-1-minutes"] = "25"
    client.post(editor, {**form, "op": "add-6"})
    form = form_of(_draft(bengkalis))
    form |= {"steps-7-activity": "Memeriksa tautan", "steps-7-output": "Tautan diperiksa", "steps-7-minutes": "5"}
    form["identity.revised"] = "4 Desember 2026"
    response = client.post(editor, form)
    assert 'data-problems="0"' in response.content.decode()
    response = client.post(reverse("monitoring:sop_draft_publish", kwargs={"pk": bengkalis.sop_id}))
    assert response.status_code == 302
    v2 = bengkalis.sop.latest_version()
    assert v2.number == 2 and v2.identity["revised"] == "4 Desember 2026"
    assert not SopDraft.objects.filter(sop=bengkalis.sop).exists()
    entry = AuditEntry.objects.get(action="sop.draft.publish")
    assert entry.data["revised"] == "4 Desember 2026" and entry.data["number"] == 2

    # The equivalent file, written by hand from version 1, loads as that same version.
    data = yaml.safe_load(dump_definition(bengkalis.definition))
    data["identity"]["revised"] = "4 Desember 2026"
    data["flowchart"]["steps"][1]["minutes"] = 25
    extra = {"activity": "Memeriksa tautan", "performer": "staf-admin", "symbol": "process", "kind": "other"}
    data["flowchart"]["steps"].insert(7, {"number": 8, **extra, "minutes": 5, "output": "Tautan diperiksa"})
    data["flowchart"]["steps"][8]["number"] = 9
    data["notes"][2]["about"] = "flowchart.steps[8].output"  # the note on sharing stays with its step
    again = sop_load(text=yaml.safe_dump(data, allow_unicode=True), source_name="tangan.yaml")
    assert again.created is False and again.version == v2

    export = client.get(reverse("monitoring:sop_export", kwargs={"pk": bengkalis.sop_id, "number": 2}))
    assert export["Content-Disposition"].endswith('v2.yaml"')
    assert export.content.decode() == dump_definition(v2.definition)


def test_only_the_office_administrator(client, staff, bengkalis, make_user):
    url = reverse("monitoring:sop_editor", kwargs={"pk": bengkalis.sop_id})
    client.force_login(staff["head"])
    assert client.get(url).status_code == 403
    assert AuditEntry.objects.filter(action="authz.denied", data__what="sop_editor").exists()
    other = Office.objects.create(slug="lain", name="Kantor Lain")
    client.force_login(make_user(office=other, is_staff=True, username="admin-lain"))
    assert client.get(url).status_code == 404
    assert client.post(reverse("monitoring:sop_draft_open", kwargs={"pk": bengkalis.sop_id})).status_code == 404
    assert client.get("/pemantauan/sop/999999/revisi/").status_code == 404
    assert not SopDraft.objects.exists()


def test_a_finding_opens_the_revision(client, admin, bengkalis):
    client.force_login(admin)
    url = reverse("monitoring:sop_draft_open", kwargs={"pk": bengkalis.sop_id})
    client.post(url, {"sumber": "Evaluasi, pertanyaan 3", "temuan": "SOP sulit dilaksanakan"})
    client.post(url, {"sumber": "Tabel 7, langkah 2", "temuan": "Mengedit melewati waktu baku"})
    draft = _draft(bengkalis)
    assert [f["source"] for f in draft.findings] == ["Evaluasi, pertanyaan 3", "Tabel 7, langkah 2"]
    page = client.get(reverse("monitoring:sop_editor", kwargs={"pk": bengkalis.sop_id})).content.decode()
    assert "Mengedit melewati waktu baku" in page


def test_preview_draws_the_official_document(client, editor, bengkalis):
    form = form_of(_draft(bengkalis))
    form["steps-0-activity"] = "Menulis berita baru"
    client.post(editor, form)
    page = client.get(reverse("monitoring:sop_draft_preview", kwargs={"pk": bengkalis.sop_id})).content.decode()
    assert "Menulis berita baru" in page and "sop-document" in page and "data-preview" in page


def test_a_tidak_answer_offers_the_revision(client, admin, bengkalis):
    from datetime import date

    from redaksi.monitoring import services

    answers = [(True, "")] * 2 + [(False, "Langkah 4 dan 5 tumpang tindih")] + [(True, "")] * 4
    ev = services.evaluation_record(
        actor=admin, sop=bengkalis.sop, evaluated_on=date(2026, 12, 1), answers=answers, conclusion=""
    )
    client.force_login(admin)
    page = client.get(reverse("monitoring:evaluation_detail", kwargs={"pk": ev.pk}), HTTP_ACCEPT_LANGUAGE="id")
    html = page.content.decode()
    assert html.count("Buka revisi SOP") == 1 and "Evaluasi, pertanyaan 3" in html
    client.post(
        reverse("monitoring:sop_draft_open", kwargs={"pk": bengkalis.sop_id}),
        {"sumber": "Evaluasi, pertanyaan 3", "temuan": "Langkah 4 dan 5 tumpang tindih"},
    )
    assert _draft(bengkalis).findings[0]["text"] == "Langkah 4 dan 5 tumpang tindih"


def test_every_checker_message_has_its_indonesian():
    from django.utils import translation

    from redaksi.monitoring.sop_form import MESSAGES, translated

    with translation.override("id"):
        untranslated = [m for m in MESSAGES if translation.gettext(m) == m]
        assert untranslated == []
        assert translated("step 7 cannot be reached from the start") == "langkah 7 tidak dapat dicapai dari awal"


def test_the_index_lists_the_office_sops_with_their_files(client, staff, bengkalis):
    url = reverse("monitoring:sop_index")
    client.force_login(staff["editor"])
    assert client.get(url).status_code == 403
    client.force_login(staff["sysadmin"])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert reverse("monitoring:sop_export", kwargs={"pk": bengkalis.sop_id, "number": 1}) in page
    assert "Mulai revisi" in page


def test_a_step_not_running_well_in_tabel_7_offers_the_revision(client, staff, bengkalis):
    from redaksi.monitoring import services
    from redaksi.monitoring.models import Judgement

    rnd = services.round_open(actor=staff["head"], sop=bengkalis.sop, year=2026, semester=2)
    assessments = [
        services.StepAssessment(
            number=n,
            judgement=Judgement.POOR if n == 2 else Judgement.GOOD,
            note="Sering melewati waktu baku" if n == 2 else "",
            action="Tambah penyunting" if n == 2 else "",
            override_reason="Pengamatan langsung",
        )
        for n in range(1, 9)
    ]
    services.round_save(actor=staff["head"], round_id=rnd.pk, assessments=assessments, sign=True)
    url = reverse("monitoring:round", kwargs={"pk": rnd.pk})
    client.force_login(staff["head"])  # a supervisor monitors, but only the administrator revises
    assert "Buka revisi SOP" not in client.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    client.force_login(staff["sysadmin"])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert html.count("Buka revisi SOP") == 1 and "Tabel 7, langkah 2" in html
    assert "Sering melewati waktu baku" in html


def test_publishing_needs_a_tanggal_revisi_of_its_own(client, editor, bengkalis):
    form = form_of(_draft(bengkalis))
    form["identity.revised"] = ""
    form["steps-1-minutes"] = "30"
    client.post(editor, form)
    response = client.post(
        reverse("monitoring:sop_draft_publish", kwargs={"pk": bengkalis.sop_id}), HTTP_ACCEPT_LANGUAGE="id"
    )
    assert response.status_code == 400
    assert "beri versi baru ini Tanggal Revisi sendiri" in response.content.decode()
    assert bengkalis.sop.versions.count() == 1 and SopDraft.objects.filter(sop=bengkalis.sop).exists()
