"""What an approval covers, and which later changes send the item back to it: the SOP file says."""

import pytest
import yaml
from django.core.exceptions import ValidationError

from redaksi.conftest import BENGKALIS, FIXTURES
from redaksi.newsroom import policy
from redaksi.newsroom.models import NewsItem, StepRun
from redaksi.newsroom.selectors import flow_for, published_items, text_hash
from redaksi.newsroom.services import ItemText, item_create, item_save, step_complete
from redaksi.sop.definition import load_definition
from redaksi.sop.engine import Flow, Outcome
from redaksi.sop.services import sop_load

from .factories import advance, new_item

pytestmark = pytest.mark.django_db


def with_steps(path, **changes) -> str:
    """The file at `path` with keys added to its steps: changes={"s6": {"reapproval": "none"}}."""
    data = yaml.safe_load(path.read_text())
    for key, values in changes.items():
        data["flowchart"]["steps"][int(key[1:]) - 1].update(values)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def flow_of(text: str) -> Flow:
    return Flow.from_definition(load_definition(text))


def save(item, user, *, title=None, lead=None, body=None, reason=""):
    item.refresh_from_db()
    text = ItemText(
        title=title or item.title, lead=item.lead if lead is None else lead, body=item.body if body is None else body
    )
    return item_save(actor=user, item_id=item.pk, base_revision=item.revision, text=text, reason=reason)


OLD = policy.TextParts("Judul", "Lead.", "<p>Isi.</p>")


@pytest.mark.parametrize(
    "rule, new, reopens",
    [
        ("any-change", policy.TextParts("Judul", "Lead.", "<p>Isi baru.</p>"), True),
        ("title-or-lead", policy.TextParts("Judul", "Lead.", "<p>Isi baru.</p>"), False),
        ("title-or-lead", policy.TextParts("Judul baru", "Lead.", "<p>Isi.</p>"), True),
        ("title-or-lead", policy.TextParts("Judul", "Lead baru.", "<p>Isi.</p>"), True),
        ("none", policy.TextParts("Judul baru", "Lead baru.", "<p>Isi baru.</p>"), False),
    ],
)
def test_the_correction_steps_rule_decides_which_changes_reopen(rule, new, reopens):
    flow = flow_of(with_steps(BENGKALIS, s6={"reapproval": rule}))
    effect = policy.save_effect(flow, 6, approved=True)
    assert effect.approval.number == 3 and effect.rule == rule
    assert effect.reopens(OLD, new) is reopens
    assert effect.reopens(OLD, OLD) is False


def test_nothing_reopens_without_an_approval_of_the_text():
    bengkalis = flow_of(BENGKALIS.read_text())
    assert not policy.save_effect(bengkalis, 6, approved=False).may_reopen  # not (or no longer) approved
    assert not policy.save_effect(bengkalis, 2, approved=True).may_reopen  # no approval before step 2
    material = flow_of(with_steps(FIXTURES / "materi-dulu.yaml", s2={"approves": "material"}))
    assert not policy.save_effect(material, 3, approved=True).may_reopen
    assert not policy.save_effect(material, 4, approved=True).may_reopen
    text = flow_of((FIXTURES / "materi-dulu.yaml").read_text())  # the default: the text itself is approved
    assert policy.save_effect(text, 3, approved=True).approval.number == 2


@pytest.fixture
def corrections(bengkalis, staff, request):
    """Bengkalis, whose step 6 says which corrections need a new approval (the test's parameter)."""
    sop_load(text=with_steps(BENGKALIS, s6={"reapproval": request.param}), source_name="bengkalis-koreksi.yaml")
    return staff


@pytest.mark.parametrize("corrections", ["title-or-lead"], indirect=True)
def test_a_body_correction_keeps_the_approval_and_the_item_goes_on_to_publish(corrections, office):
    staff = corrections
    item = advance(new_item(staff, office), staff, 6)
    assert flow_for(item).step(6).reapproval == "title-or-lead"
    result = save(item, staff["editor"], body="<p>Isi berita, satu kata dikoreksi.</p>", reason="Salah ketik")
    assert not result.reopened_approval
    item.refresh_from_db()
    assert item.current_step == 6 and item.approved_text_hash == text_hash(item.title, item.lead, item.body)
    item = advance(item, staff, None)
    assert published_items().filter(pk=item.pk).exists()
    assert item.step_runs.filter(outcome=StepRun.Outcome.REOPENED).count() == 0


@pytest.mark.parametrize("corrections", ["title-or-lead"], indirect=True)
def test_a_title_correction_still_goes_back_to_approval(corrections, office):
    staff = corrections
    item = advance(new_item(staff, office), staff, 6)
    assert save(item, staff["editor"], title="Judul Dikoreksi", reason="Nama desa").reopened_approval
    item.refresh_from_db()
    assert item.current_step == 3 and not item.approved_text_hash
    with pytest.raises(ValidationError):  # a correction still needs its reason, whatever the rule
        save(advance(item, staff, 6), staff["editor"], body="<p>Lagi.</p>")


@pytest.mark.parametrize("corrections", ["none"], indirect=True)
def test_no_correction_needs_a_new_approval_when_the_step_says_none(corrections, office):
    staff = corrections
    item = advance(new_item(staff, office), staff, 6)
    assert not save(item, staff["editor"], title="Judul Baru", lead="Lead baru.", reason="Ringkas").reopened_approval
    item.refresh_from_db()
    assert item.current_step == 6


def test_the_default_still_reopens_any_change(staff, office):
    item = advance(new_item(staff, office), staff, 6)
    assert save(item, staff["editor"], body="<p>Satu kata.</p>", reason="Salah ketik").reopened_approval
    assert NewsItem.objects.get(pk=item.pk).current_step == 3


@pytest.fixture
def material(bengkalis, settings, make_user, request):
    text = (FIXTURES / "materi-dulu.yaml").read_text()
    if request.param:
        text = with_steps(FIXTURES / "materi-dulu.yaml", s2={"approves": "material"})
    version = sop_load(text=text, source_name="materi-dulu.yaml").version
    settings.REDAKSI_NEWS_SOP_CODE = "liputan-materi-disetujui"
    return version, {
        "penulis": make_user("penulis", username="penulis"),
        "redaktur": make_user("redaktur", username="redaktur"),
        "kepala": make_user("kepala", username="kepala"),
    }


def complete(item, user, outcome=Outcome.DONE):
    item.refresh_from_db()
    n = item.current_step
    step_complete(actor=user, item_id=item.pk, step_number=n, outcome=outcome, expected_revision=item.revision)
    item.refresh_from_db()
    return item.current_step


@pytest.mark.parametrize("material", [True], indirect=True)
def test_writing_after_a_material_approval_does_not_go_back_to_it(material):
    version, p = material
    item = item_create(actor=p["penulis"], office=version.sop.office, text=ItemText(title="Usulan liputan"))
    assert complete(item, p["penulis"]) == 2
    assert complete(item, p["kepala"], Outcome.APPROVE) == 3
    assert not save(item, p["penulis"], title="Bupati Tinjau Jalan", body="<p>Naskah lengkap.</p>").reopened_approval
    assert NewsItem.objects.get(pk=item.pk).current_step == 3
    assert complete(item, p["penulis"]) == 4
    assert not save(item, p["redaktur"], body="<p>Naskah diperiksa.</p>", reason="Perbaikan").reopened_approval
    assert complete(item, p["redaktur"], Outcome.APPROVE) == 6
    assert complete(item, p["kepala"], Outcome.APPROVE) == 7  # the text itself is approved here
    assert complete(item, p["redaktur"]) is None
    assert published_items().filter(pk=item.pk).exists()


@pytest.mark.parametrize("material", [False], indirect=True)
def test_without_approves_material_the_first_edit_goes_back_to_the_approval(material):
    version, p = material
    item = item_create(actor=p["penulis"], office=version.sop.office, text=ItemText(title="Usulan liputan"))
    complete(item, p["penulis"])
    complete(item, p["kepala"], Outcome.APPROVE)
    assert save(item, p["penulis"], body="<p>Naskah lengkap.</p>").reopened_approval
    assert NewsItem.objects.get(pk=item.pk).current_step == 2


def edit_page(user, item) -> str:
    from django.test import Client
    from django.urls import reverse

    from redaksi.conftest import PASSWORD

    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    response = client.get(reverse("newsroom:item_edit", args=[item.pk]))
    assert response.status_code == 200
    return response.content.decode()


def save_effect_of(html: str) -> str:
    import re

    found = re.search(r'<p class="save-effect save-effect--(\w+)" id="save-effect"[^>]*>([^<]*)</p>', html)
    return f"{found.group(1)}: {found.group(2)}" if found else ""


def test_the_edit_form_says_a_change_will_go_back_to_approval(staff, office):
    item = advance(new_item(staff, office), staff, 6)
    said = save_effect_of(edit_page(staff["editor"], item))
    assert said.startswith("warn: ") and "(step 3: Menyetujui berita untuk di unggah)" in said
    assert save_effect_of(edit_page(staff["editor"], advance(new_item(staff, office), staff, 2))) == ""  # none yet


@pytest.mark.parametrize("corrections", ["title-or-lead"], indirect=True)
def test_the_edit_form_says_a_body_correction_needs_no_approval(corrections, office):
    item = advance(new_item(corrections, office), corrections, 6)
    said = save_effect_of(edit_page(corrections["editor"], item))
    assert said.startswith("warn: ") and "step 3" in said and "body" in said


@pytest.mark.parametrize("material", [True], indirect=True)
def test_the_edit_form_says_writing_after_a_material_approval_is_free(material):
    version, p = material
    item = item_create(actor=p["penulis"], office=version.sop.office, text=ItemText(title="Usulan liputan"))
    complete(item, p["penulis"])
    complete(item, p["kepala"], Outcome.APPROVE)
    assert (
        save_effect_of(edit_page(p["penulis"], item))
        == "ok: Saving a change here needs no new approval: the approval stays."
    )
