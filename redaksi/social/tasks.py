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


@task()
def cards_make_task(item_id: int) -> int:
    """The item's pictures for the networks, made if missing or stale (cards.py). Returns how many it has."""
    from .cards import cards_make

    return len(cards_make(item_id))
