"""Background work of the monitoring. Every task can run twice without harm."""

from django_tasks import task

from .pdf import pdf_draw


@task()
def draw_monitoring_pdf_task(pdf_id: int) -> bool:
    return pdf_draw(pdf_id=pdf_id)
