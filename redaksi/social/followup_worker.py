"""The worker's side of a follow-up (followups.py): update, reply to or delete a post, as sending.py posts.

A follow-up is claimed by a conditional update (queued/retrying and due -> working, with a lease), so two workers
never act on it together. Failures take the send's kinds and back-off (RETRY and UNKNOWN try again after 1, 2, 4 …
minutes; TOKEN, REFUSED, PERSON wait for a person). A retry never harms: an edit to the same text changes nothing,
a delete of a post already gone counts as done (each client says so), and a reply whose answer was lost is not
sent again by itself: a person looks under the post first.
"""

import dataclasses
import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from redaksi.audit.services import audit_log
from redaksi.core.outbox import backoff, one_line

from . import conf
from .base import Failure, Published, ShareError
from .followups import A, F, _about
from .models import Followup, SocialAccount
from .sending import LEASE, client_for, post_of, warn_administrators

logger = logging.getLogger(__name__)


def enqueue(pk: int, run_after: datetime | None = None) -> None:
    try:
        job = import_string("redaksi.social.tasks.followup_task")
        if run_after is not None and job.get_backend().supports_defer:
            job = job.using(run_after=run_after)
        job.enqueue(pk)
    except Exception:  # a queue that is down must not break the request: the sweep does it
        logger.exception("could not enqueue follow-up %s; the next sweep will do it", pk)


def _claim(pk: int) -> str:
    now = timezone.now()
    Followup.objects.filter(pk=pk, status=F.WORKING, next_attempt_at__lte=now).update(
        status=F.RETRYING, outcome_unknown=True
    )
    for status in (F.QUEUED, F.RETRYING):
        if Followup.objects.filter(pk=pk, status=status, next_attempt_at__lte=now).update(
            status=F.WORKING, next_attempt_at=now + LEASE
        ):
            return status
    return ""


def followup_deliver(pk: int) -> str:
    """Do one follow-up if it is due and nobody else holds it. Returns its status afterwards."""
    claimed = _claim(pk)
    if not claimed:
        return Followup.objects.filter(pk=pk).values_list("status", flat=True).first() or ""
    followup = Followup.objects.select_related("share__account", "share__item").get(pk=pk)
    share = followup.share
    if followup.action == A.REPLY and followup.outcome_unknown:
        return _failed(followup, ShareError(Failure.PERSON, _lost_reply()))
    published, result = Published(share.post_id, share.url), None
    try:
        client = client_for(share.account)
        if followup.action == A.DELETE:
            client.delete(published)
        elif followup.action == A.UPDATE:
            post = dataclasses.replace(post_of(share), text=followup.text, title=followup.title or share.item.title)
            client.update(published, post)
        else:
            result = client.reply(published, followup.text)
    except ShareError as exc:
        return _failed(followup, exc)
    except Exception as exc:  # noqa: BLE001 - a client's bug or a lost connection: the change may have been made
        logger.exception("follow-up %s: unexpected failure", pk)
        return _failed(followup, ShareError(Failure.UNKNOWN, f"{type(exc).__name__}: {exc}"))
    return _done(followup, result)


def _lost_reply() -> str:
    return _(
        "The network's answer was lost: the reply may already be under the post. Look there; if it is, confirm it "
        "by hand, if not, press the button again."
    )


@transaction.atomic
def _done(followup: Followup, result: Published | None) -> str:
    now = timezone.now()
    followup.status, followup.done_at, followup.last_error = F.DONE, now, ""
    followup.attempts += 1
    followup.outcome_unknown = False
    if result is not None:
        followup.result_id = result.post_id[:200]
        followup.result_url = result.url[:500] if result.url.startswith(("https://", "http://")) else ""
    followup.save()
    share = followup.share
    field = "deleted_at" if followup.action == A.DELETE else "updated_at_network"
    setattr(share, field, now)
    fields = [field, "updated_at"]
    if followup.action == A.UPDATE:
        share.text, share.title = followup.text, followup.title or share.title
        fields += ["text", "title"]
    share.save(update_fields=fields)
    data = {**_about(followup), "attempts": followup.attempts, "reply_id": followup.result_id}
    audit_log(action="social.followup.done", obj=followup, data=data)
    return followup.status


@transaction.atomic
def _failed(followup: Followup, exc: ShareError) -> str:
    now = timezone.now()
    followup.attempts += 1
    followup.last_error = one_line(exc.message, 500)
    unknown = exc.kind is Failure.UNKNOWN
    followup.outcome_unknown = followup.outcome_unknown or unknown
    if unknown and followup.action == A.REPLY:
        followup.status, followup.last_error = F.NEEDS_PERSON, one_line(_lost_reply(), 500)
    elif exc.kind in (Failure.RETRY, Failure.UNKNOWN):
        if followup.attempts >= conf.OPTIONS["MAX_ATTEMPTS"]:
            followup.status = F.NEEDS_PERSON
            detail = {"n": followup.attempts, "detail": exc.message}
            followup.last_error = one_line(_("Tried %(n)s times without success: %(detail)s") % detail, 500)
        else:
            followup.status = F.RETRYING
            wait = backoff(followup.attempts)
            if exc.retry_after:
                wait = max(wait, timedelta(seconds=exc.retry_after))
            followup.next_attempt_at = now + wait
    else:
        followup.status = {Failure.TOKEN: F.TOKEN_DEAD, Failure.REFUSED: F.REFUSED}.get(exc.kind, F.NEEDS_PERSON)
    followup.save()
    data = {**_about(followup), "kind": exc.kind.value, "detail": followup.last_error}
    audit_log(action="social.followup.failed", obj=followup, data=data)
    account = followup.share.account
    if followup.status == F.TOKEN_DEAD:
        SocialAccount.objects.filter(pk=account.pk).update(
            checked_at=now, check_message=one_line(_("Does not work: %(detail)s") % {"detail": exc.message}, 500)
        )
        warn_administrators(
            account,
            _("The %(account)s token no longer works: reconnect it") % {"account": account},
            _("A follow-up of item “%(title)s” failed: %(detail)s. Set a new token, then try again from the item.")
            % {"title": followup.share.item.title, "detail": followup.last_error},
        )
    if followup.status == F.RETRYING:
        transaction.on_commit(lambda: enqueue(followup.pk, followup.next_attempt_at))
    logger.warning("follow-up %s not done (%s): %s", followup.pk, followup.status, followup.last_error)
    return followup.status


def followups_sweep(*, limit: int = 200) -> int:
    """Do every due follow-up (and those whose worker died). How many were done."""
    now = timezone.now()
    waiting = Q(status__in=[F.QUEUED, F.RETRYING, F.WORKING], next_attempt_at__lte=now)
    due = list(Followup.objects.filter(waiting).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
    return sum(1 for pk in due if followup_deliver(pk) == F.DONE)
