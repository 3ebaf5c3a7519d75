"""Background work of notifications. Every task can run twice without harm."""

from django_tasks import task

from . import outbox


@task()
def send_mail_task(mail_id: int) -> bool:
    return outbox.mail_send(mail_id)


@task()
def flush_mail_task() -> list[int]:
    return list(outbox.mail_flush())


@task()
def render_softcopy_task(record_id: int) -> str:
    from .softcopy import softcopy_render

    return softcopy_render(record_id=record_id)
