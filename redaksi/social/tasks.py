"""Background work of step 8. Every task can run twice without harm."""

from django_tasks import task

from . import followup_worker, sending


@task()
def share_send_task(share_id: int) -> str:
    return sending.share_deliver(share_id)


@task()
def share_metrics_task(share_id: int) -> bool:
    return sending.share_metrics(share_id)


@task()
def account_check_task(account_id: int) -> str:
    return sending.account_check(account_id)


@task()
def followup_task(followup_id: int) -> str:
    return followup_worker.followup_deliver(followup_id)
