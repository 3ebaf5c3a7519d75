from django_tasks import task

from .outbox import OUTBOX


@task()
def send_parcel_task(pk: int) -> bool:
    return OUTBOX.send(pk)
