"""The softcopy of a decision ("Persetujuan berita dalam berkas softcopy"): a PDF sheet and, for a
reply, the original mail, each with its SHA-256 in the record chain.

The row (with its verification code) is written in the decision's transaction; the PDF is
rendered after commit by a task, because WeasyPrint is slow and nothing slow runs in a request.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from redaksi.audit.models import AuditEntry
from redaksi.audit.services import audit_log
from redaksi.core.pdf import render_pdf
from redaksi.newsroom.models import Approval, Revision

from . import conf
from .formatting import moment
from .models import SoftcopyRecord
from .wording import decision_words

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed from paper


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalize_code(code: str) -> str:
    raw = "".join(ch for ch in (code or "").upper() if ch.isalnum())[:12]
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}" if len(raw) == 12 else ""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def softcopy_ensure(approval: Approval, *, eml: bytes | None = None) -> SoftcopyRecord:
    """The record of `approval`, made on first call; the PDF is queued for after commit."""
    record = SoftcopyRecord.objects.filter(approval=approval).first()
    if record is None:
        record = SoftcopyRecord.objects.create(approval=approval, code=new_code())
        transaction.on_commit(lambda: _enqueue_render(record.pk))
    if eml is not None and not record.eml:
        digest = sha256(eml)
        record.eml.save(f"persetujuan-{approval.item_id}-{approval.pk}.eml", ContentFile(eml), save=False)
        record.eml_sha256 = digest
        record.save(update_fields=["eml", "eml_sha256"])
        audit_log(
            action="notify.softcopy.mail",
            obj=approval.item,
            data={"approval": approval.pk, "code": record.code, "sha256": digest, "bytes": len(eml)},
        )
    return record


def _enqueue_render(record_id: int) -> None:
    from .tasks import render_softcopy_task

    try:
        render_softcopy_task.enqueue(record_id)
    except Exception:  # noqa: BLE001 - the sweep in notify_send renders what was missed
        import logging

        logging.getLogger(__name__).exception("could not enqueue softcopy %s", record_id)


def verify_url(code: str) -> str:
    return conf.base_url() + reverse("notify:verify") + f"?kode={code}"


def softcopy_pdf_bytes(record: SoftcopyRecord) -> bytes:
    # The body is sanitised HTML, but an <img src> to an internal address must never be fetched
    # (bad input 34): the sheet uses inline data only, so it loads no static files either.
    approval = record.approval
    revision = Revision.objects.filter(item_id=approval.item_id, number=approval.revision).first()
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "notify/softcopy.html",
            {
                "approval": approval,
                "item": approval.item,
                "office": approval.item.office,
                "text": revision or approval.item,
                "record": record,
                "decided": moment(approval.decided_at),
                "verify_url": verify_url(record.code),
                "words": decision_words(approval.item, approval.step_run.step_number),
            },
        )
    return render_pdf(html, base_url=conf.base_url())


def softcopy_render(*, record_id: int) -> str:
    """Render and keep the PDF once; its SHA-256 goes into the record chain."""
    record = SoftcopyRecord.objects.select_related("approval__item__office").get(pk=record_id)
    if record.pdf:
        return record.pdf_sha256
    pdf = softcopy_pdf_bytes(record)
    digest = sha256(pdf)
    with transaction.atomic():
        record = SoftcopyRecord.objects.select_for_update().get(pk=record_id)
        if record.pdf:  # another worker was faster
            return record.pdf_sha256
        record.pdf.save(
            f"lembar-persetujuan-{record.approval.item_id}-{record.approval_id}.pdf", ContentFile(pdf), save=False
        )
        record.pdf_sha256, record.rendered_at = digest, timezone.now()
        record.save(update_fields=["pdf", "pdf_sha256", "rendered_at"])
        audit_log(
            action="notify.softcopy.create",
            obj=record.approval.item,
            data={
                "approval": record.approval_id,
                "code": record.code,
                "sha256": digest,
                "decision": record.approval.decision,
                "revision": record.approval.revision,
                "text_hash": record.approval.text_hash,
            },
        )
    return digest


def softcopy_sweep() -> int:
    """Make records for decisions that have none (desk decisions made before this app knew) and render the rest."""
    made = 0
    for approval in Approval.objects.filter(softcopy__isnull=True).order_by("pk")[:200]:
        with transaction.atomic():
            softcopy_ensure(approval)
        made += 1
    for record_id in SoftcopyRecord.objects.filter(pdf="").values_list("pk", flat=True)[:200]:
        softcopy_render(record_id=record_id)
    return made


def softcopy_check(record: SoftcopyRecord) -> bool:
    """The stored PDF still has the hash recorded on the row and in the record chain."""
    if not record.pdf:
        return False
    with record.pdf.open("rb") as fh:
        digest = sha256(fh.read())
    in_chain = AuditEntry.objects.filter(
        action="notify.softcopy.create", data__code=record.code, data__sha256=digest
    ).exists()
    return digest == record.pdf_sha256 and in_chain
