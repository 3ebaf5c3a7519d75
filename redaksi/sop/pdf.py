"""The official document as a PDF: drawn once by a task, kept, and served from the stored file.

Drawing takes seconds, so a request never draws: it asks for the PDF, gets the stored file when
there is one, and otherwise queues the drawing and shows a page that says so.
"""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from redaksi.core.pdf import render_pdf

from .document import document_context
from .models import SopPdf, SopVersion

# A drawing not finished by then is queued again: its task was lost (a worker restarted, a queue outage).
ASK_AGAIN_AFTER = timedelta(minutes=2)

logger = logging.getLogger(__name__)


def document_html(version: SopVersion, language: str) -> str:
    """The print HTML of `version` in `language`; the same inputs give the same text, byte for byte."""
    with translation.override(language):
        return render_to_string("sop/document.html", document_context(version, for_print=True))


def _fingerprint(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


@transaction.atomic
def sop_pdf_request(*, version: SopVersion, language: str) -> SopPdf:
    """The PDF of `version` in `language`: drawn already, or its drawing queued for after commit."""
    digest = _fingerprint(document_html(version, language))
    now = timezone.now()
    pdf, created = SopPdf.objects.get_or_create(
        fingerprint=digest, defaults={"version": version, "language": language, "requested_at": now}
    )
    if pdf.file:
        return pdf
    lost = SopPdf.objects.filter(pk=pdf.pk, file="", requested_at__lt=now - ASK_AGAIN_AFTER).update(requested_at=now)
    if created or lost:
        transaction.on_commit(lambda: _enqueue(pdf.pk))
    return pdf


def _enqueue(pdf_id: int) -> None:
    from .tasks import draw_sop_pdf_task  # tasks.py imports this module

    try:
        draw_sop_pdf_task.enqueue(pdf_id)
    except Exception:  # noqa: BLE001 - the next request after ASK_AGAIN_AFTER queues it again
        logger.exception("could not queue the drawing of SOP PDF %s", pdf_id)


def sop_pdf_draw(*, pdf_id: int) -> bool:
    """Draw and keep the PDF once; False when there is nothing to draw (gone, or its inputs changed)."""
    pdf = SopPdf.objects.select_related("version__sop").filter(pk=pdf_id).first()
    if pdf is None:
        return False
    if pdf.file:
        return True
    html = document_html(pdf.version, pdf.language)
    if _fingerprint(html) != pdf.fingerprint:
        return False  # a role was relabelled meanwhile: the next request asks for the new document
    data = render_pdf(html, base_url=settings.REDAKSI_BASE_URL + "/", with_static=True)
    with transaction.atomic():
        pdf = SopPdf.objects.select_for_update().select_related("version__sop").get(pk=pdf_id)
        if not pdf.file:  # another worker was faster otherwise
            version = pdf.version
            name = f"{version.sop.code}-v{version.number}-{pdf.language}-{pdf.fingerprint[:12]}.pdf"
            pdf.file.save(name, ContentFile(data), save=False)
            pdf.drawn_at = timezone.now()
            pdf.save(update_fields=["file", "drawn_at"])
    return True
