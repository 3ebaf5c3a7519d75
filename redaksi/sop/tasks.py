"""Background work of the SOP app. Every task can run twice without harm."""

from django_tasks import task

from .pdf import sop_pdf_draw


@task()
def draw_sop_pdf_task(pdf_id: int) -> bool:
    return sop_pdf_draw(pdf_id=pdf_id)
