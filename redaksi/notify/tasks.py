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


@task()
def send_telegram_task(row_id: int) -> bool:
    from .telegram_send import telegram_send

    return telegram_send(row_id)


@task()
def withdraw_telegram_task() -> int:
    from .telegram_send import telegram_withdraw

    return telegram_withdraw()
