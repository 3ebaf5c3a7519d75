"""PDFs of the dashboard, Tabel 7 and the evaluation: drawn by a task, never inside a request.

The request renders the print HTML (fast), asks for its PDF, and gets the stored file when there is
one; otherwise the drawing is queued after commit and the request answers with a waiting page.
"""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from redaksi.accounts.models import Office
from redaksi.core.pdf import render_pdf

from .models import ExportPdf

ASK_AGAIN_AFTER = timedelta(minutes=2)  # a drawing not done by then lost its task: queue it again

logger = logging.getLogger(__name__)


@transaction.atomic
def pdf_request(*, office: Office, html: str, name: str) -> ExportPdf:
    fingerprint = hashlib.sha256(html.encode()).hexdigest()
    now = timezone.now()
    pdf, created = ExportPdf.objects.get_or_create(
        fingerprint=fingerprint, defaults={"office": office, "html": html, "name": name, "requested_at": now}
    )
    if pdf.file:
        return pdf
    lost = ExportPdf.objects.filter(pk=pdf.pk, file="", requested_at__lt=now - ASK_AGAIN_AFTER).update(requested_at=now)
    if created or lost:
        transaction.on_commit(lambda: _enqueue(pdf.pk))
    return pdf


def _enqueue(pdf_id: int) -> None:
    from .tasks import draw_monitoring_pdf_task  # tasks.py imports this module

    try:
        draw_monitoring_pdf_task.enqueue(pdf_id)
    except Exception:
        logger.exception("could not queue the drawing of monitoring PDF %s", pdf_id)


def pdf_draw(*, pdf_id: int) -> bool:
    """Draw the PDF if it is not drawn yet; True when there is a file afterwards."""
    pdf = ExportPdf.objects.filter(pk=pdf_id).first()
    if pdf is None:
        return False
    if pdf.file:
        return True
    data = render_pdf(pdf.html, base_url=settings.REDAKSI_BASE_URL + "/")
    with transaction.atomic():
        pdf = ExportPdf.objects.select_for_update().get(pk=pdf_id)
        if not pdf.file:  # another worker was faster otherwise
            pdf.file.save(f"{pdf.fingerprint[:16]}-{pdf.name}", ContentFile(data), save=False)
            pdf.drawn_at = timezone.now()
            pdf.save(update_fields=["file", "drawn_at"])
    return True
