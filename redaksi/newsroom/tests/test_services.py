import pytest
from django.core.exceptions import ValidationError

from redaksi.audit.models import AuditEntry
from redaksi.core.errors import Conflict, NotPermitted
from redaksi.newsroom.models import Approval, NewsItem, StepRun
from redaksi.newsroom.selectors import published_items
from redaksi.newsroom.services import ItemText, item_publish_urgent, item_save, step_complete
from redaksi.sop.engine import Outcome

from .factories import advance, new_item

pytestmark = pytest.mark.django_db


def save(item, user, title=None, body=None, reason="", base=None):
    item.refresh_from_db()
    return item_save(
        actor=user,
        item_id=item.pk,
        base_revision=item.revision if base is None else base,
        text=ItemText(title=title or item.title, lead=item.lead, body=body if body is not None else item.body),
        reason=reason,
    )


def test_create_starts_step_one_under_the_current_sop_version(staff, office, bengkalis):
    item = new_item(staff, office)
    assert item.current_step == 1 and item.sop_version == bengkalis and item.revision == 1
    run = item.step_runs.get()
    assert run.step_number == 1 and run.taken_by == staff["reporter"] and run.finished_at is None
    assert AuditEntry.objects.filter(action="newsroom.item.create", object_id=str(item.pk)).exists()


@pytest.mark.parametrize("who", ["editor", "head", "admin", "sysadmin"])
def test_only_the_first_steps_role_may_write(staff, office, who):
    with pytest.raises(NotPermitted):
        new_item({**staff, "reporter": staff[who]}, office)


def test_full_pass_through_eight_steps(staff, office):
    item = advance(new_item(staff, office), staff, None)
    assert item.finished_at is not None and item.published_at is not None
    runs = list(item.step_runs.order_by("available_at", "pk").values_list("step_number", "outcome"))
    assert runs == [
        (1, "done"),
        (2, "done"),
        (3, "approve"),
        (4, "done"),
        (5, "done"),
        (6, "approve"),
        (7, "done"),
        (8, "done"),
    ]
    assert published_items().filter(pk=item.pk).exists()
    approval = Approval.objects.get(item=item)
    assert approval.signed_as == "Kabag" and approval.revision == item.revision
    assert AuditEntry.objects.filter(action="sop.step.complete", object_id=str(item.pk)).count() == 8


def test_rejection_at_approval_returns_to_editing_with_the_reason(staff, office):
    item = advance(new_item(staff, office), staff, 3)
    step_complete(actor=staff["head"], item_id=item.pk, step_number=3, outcome=Outcome.REJECT,
                  expected_revision=item.revision, reason="Foto kurang jelas")  # fmt: skip
    item.refresh_from_db()
    assert item.current_step == 2
    run = item.step_runs.get(step_number=3)
    assert run.outcome == "reject" and run.reason == "Foto kurang jelas"
    assert Approval.objects.get(item=item).decision == "reject"


def test_reject_needs_a_reason(staff, office):
    item = advance(new_item(staff, office), staff, 3)
    with pytest.raises(ValidationError):
        step_complete(actor=staff["head"], item_id=item.pk, step_number=3, outcome=Outcome.REJECT,
                      expected_revision=item.revision, reason="  ")  # fmt: skip
    item.refresh_from_db()
    assert item.current_step == 3


def test_correction_loop_at_step_six_returns_to_upload(staff, office):
    item = advance(new_item(staff, office), staff, 6)
    step_complete(actor=staff["editor"], item_id=item.pk, step_number=6, outcome=Outcome.REJECT,
                  expected_revision=item.revision, reason="Galeri foto belum terunggah")  # fmt: skip
    item.refresh_from_db()
    assert item.current_step == 5


@pytest.mark.parametrize("who", ["reporter", "editor", "admin", "sysadmin"])
def test_wrong_role_cannot_approve_and_state_is_unchanged(staff, office, who):
    item = advance(new_item(staff, office), staff, 3)
    with pytest.raises(NotPermitted):
        step_complete(
            actor=staff[who], item_id=item.pk, step_number=3, outcome=Outcome.APPROVE, expected_revision=item.revision
        )
    item.refresh_from_db()
    assert item.current_step == 3 and not Approval.objects.exists()


def test_a_stale_step_number_is_a_conflict(staff, office):
    item = advance(new_item(staff, office), staff, 3)
    with pytest.raises(Conflict):
        step_complete(
            actor=staff["editor"], item_id=item.pk, step_number=2, outcome=Outcome.DONE, expected_revision=item.revision
        )


def test_approval_of_a_stale_revision_is_a_conflict(staff, office):
    item = advance(new_item(staff, office), staff, 3)
    with pytest.raises(Conflict):
        step_complete(
            actor=staff["head"],
            item_id=item.pk,
            step_number=3,
            outcome=Outcome.APPROVE,
            expected_revision=item.revision - 1 if item.revision > 1 else 99,
        )
    item.refresh_from_db()
    assert item.current_step == 3


def test_every_save_is_a_revision_and_nothing_changed_is_none(staff, office):
    item = new_item(staff, office)
    result = save(item, staff["reporter"], title="Judul Baru")
    assert result.revision.number == 2 and result.item.title == "Judul Baru"
    assert save(item, staff["reporter"]).revision is None


def test_stale_save_keeps_both_texts(staff, office):
    item = new_item(staff, office)
    save(item, staff["reporter"], body="<p>Versi A</p>", base=1)
    result = save(item, staff["reporter"], body="<p>Versi B</p>", base=1)
    assert result.conflict is not None and result.revision is None
    item.refresh_from_db()
    assert item.body == "<p>Versi A</p>"
    assert item.revisions.get(number=result.conflict.number).body == "<p>Versi B</p>"


def test_edit_after_approval_returns_to_the_approval_step(staff, office):
    item = advance(new_item(staff, office), staff, 4)
    assert item.approved_revision == item.revision
    result = save(item, staff["reporter"], body="<p>Teks diubah setelah disetujui.</p>")
    assert result.reopened_approval
    item.refresh_from_db()
    assert item.current_step == 3 and item.approved_revision is None
    assert StepRun.objects.get(item=item, step_number=4).outcome == "reopened"


def test_correction_at_step_six_needs_a_reason_and_is_its_own_kind(staff, office):
    item = advance(new_item(staff, office), staff, 6)
    with pytest.raises(ValidationError):
        save(item, staff["editor"], title="Judul Dikoreksi")
    result = save(item, staff["editor"], title="Judul Dikoreksi", reason="Salah ketik nama desa")
    assert result.revision.kind == "correction" and result.revision.reason == "Salah ketik nama desa"


@pytest.mark.parametrize(
    "step, who", [(2, "admin"), (3, "head"), (5, "admin"), (7, "admin"), (8, "admin"), (2, "reporter")]
)
def test_text_edits_only_at_text_steps_by_their_role(staff, office, step, who):
    item = advance(new_item(staff, office), staff, step)
    with pytest.raises(NotPermitted):
        save(item, staff[who], title="Tidak boleh")


def test_another_writers_draft_is_private(staff, office):
    item = new_item(staff, office)
    with pytest.raises(NotPermitted):
        save(item, staff["reporter2"], title="Diubah orang lain")
    with pytest.raises(NotPermitted):
        step_complete(
            actor=staff["reporter2"], item_id=item.pk, step_number=1, outcome=Outcome.DONE, expected_revision=1
        )


def test_body_is_sanitized_and_nul_refused(staff, office):
    item = new_item(
        staff, office, body='<p onclick="x()">Hai</p><script>alert(1)</script><a href="javascript:alert(1)">t</a>'
    )
    assert "script" not in item.body and "onclick" not in item.body and "javascript" not in item.body
    with pytest.raises(ValidationError):
        new_item(staff, office, title="Judul\x00")
    with pytest.raises(ValidationError):
        new_item(staff, office, title="J" * 10_000)


def test_urgent_path_publishes_before_approval_and_is_recorded(staff, office):
    item = advance(new_item(staff, office), staff, 2)
    with pytest.raises(NotPermitted):
        item_publish_urgent(actor=staff["reporter"], item_id=item.pk, reason="Banjir")
    with pytest.raises(ValidationError):
        item_publish_urgent(actor=staff["head"], item_id=item.pk, reason=" ")
    item_publish_urgent(actor=staff["head"], item_id=item.pk, reason="Peringatan dini banjir rob")
    item.refresh_from_db()
    assert item.urgent_published_at and published_items().filter(pk=item.pk).exists()
    assert item.current_step == 2  # still has to pass every step
    assert AuditEntry.objects.filter(action="newsroom.item.publish_urgent").count() == 1
    item = advance(item, staff, None)
    assert Approval.objects.filter(item=item, decision="approve").exists()


def test_unpublished_is_never_public(staff, office):
    item = advance(new_item(staff, office), staff, 7)
    assert not published_items().filter(pk=item.pk).exists()
    assert NewsItem.objects.filter(pk=item.pk, uploaded_at__isnull=False).exists()


def test_an_edit_of_a_live_item_stays_off_the_website_until_approved(staff, office):
    from redaksi.newsroom.selectors import as_public

    item = advance(new_item(staff, office, body="<p>Teks darurat</p>"), staff, 2)
    item_publish_urgent(actor=staff["head"], item_id=item.pk, reason="Peringatan banjir")
    save(item, staff["editor"], body="<p>TEKS BARU BELUM DISETUJUI</p>")
    item.refresh_from_db()
    assert as_public(NewsItem.objects.get(pk=item.pk)).body == "<p>Teks darurat</p>"
    item = advance(item, staff, 4)  # the head approves the new text at step 3
    assert as_public(NewsItem.objects.get(pk=item.pk)).body == "<p>TEKS BARU BELUM DISETUJUI</p>"


def test_publishing_after_a_takedown_is_on_purpose_and_recorded(staff, office):
    from redaksi.newsroom.services import item_takedown

    item = advance(new_item(staff, office), staff, 2)
    item_publish_urgent(actor=staff["head"], item_id=item.pk, reason="Darurat")
    item_takedown(actor=staff["head"], item_id=item.pk, reason="Keliru")
    item = advance(item, staff, None)
    assert item.taken_down_at is None and published_items().filter(pk=item.pk).exists()
    run = item.step_runs.get(step_number=7)
    assert run.output["republished_after_takedown"]["reason"] == "Keliru"


def test_a_scheduled_publication_can_be_moved_or_brought_forward(staff, office):
    from datetime import timedelta

    from django.utils import timezone

    from redaksi.newsroom.services import item_schedule

    item = advance(new_item(staff, office), staff, 7)
    later = timezone.now() + timedelta(days=2)
    item_schedule(actor=staff["admin"], item_id=item.pk, publish_at=later)
    item = advance(item, staff, 8)
    assert item.published_at == later and not published_items().filter(pk=item.pk).exists()
    sooner = timezone.now() + timedelta(hours=1)
    item_schedule(actor=staff["admin"], item_id=item.pk, publish_at=sooner)
    item.refresh_from_db()
    assert item.published_at == sooner
    item_schedule(actor=staff["admin"], item_id=item.pk, publish_at=None)  # publish now
    assert published_items().filter(pk=item.pk).exists()
    with pytest.raises(Conflict):
        item_schedule(actor=staff["admin"], item_id=item.pk, publish_at=later)


def test_step_8_is_not_done_without_the_address_of_a_post(staff, office):
    item = advance(new_item(staff, office), staff, 8)
    with pytest.raises(ValidationError) as refused:
        step_complete(
            actor=staff["admin"], item_id=item.pk, step_number=8, outcome=Outcome.DONE, expected_revision=item.revision
        )
    assert "links" in refused.value.message_dict
    item.refresh_from_db()
    assert item.current_step == 8 and item.finished_at is None
    step_complete(
        actor=staff["admin"], item_id=item.pk, step_number=8, outcome=Outcome.DONE, expected_revision=item.revision,
        output={"links": ["https://www.facebook.com/diskominfotik/posts/1"]},
    )  # fmt: skip
    item.refresh_from_db()
    assert item.current_step is None and item.share_links == ["https://www.facebook.com/diskominfotik/posts/1"]
