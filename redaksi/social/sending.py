"""The worker's side of step 8: post a queued share, read its reach later, watch the tokens.

A share is claimed by a conditional update (queued/retrying and due -> sending, with a lease), so two
workers never post it together. What the client raises decides what happens next:

    RETRY    -> retrying after the network's retry_after, else 1, 2, 4 … 60 minutes; a person after MAX_ATTEMPTS
    UNKNOWN  -> the same, but the next try first asks the network for the post (`find`), never posting twice
    TOKEN    -> token_dead, and the office's system administrators are told at once
    REFUSED  -> refused; PERSON -> needs_person: a person changes the text or the item and sends again

A worker that dies mid-post leaves a lease that runs out: the sweep takes the share again as an unknown outcome.
"""

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from redaksi.accounts.selectors import administrators_of
from redaksi.audit.services import audit_log
from redaksi.core import links
from redaksi.core.outbox import backoff, one_line
from redaksi.media.models import Rendition, Status
from redaksi.media.selectors import item_videos, lead_photo
from redaksi.notify.services import notify_users

from . import clients, conf, tokens
from .base import CANNOT_FIND, MANUAL_NETWORKS, Failure, Media, Metrics, Post, Published, ShareError
from .cards import card_media
from .models import Share, SocialAccount
from .selectors import item_link

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)
CHECK_EVERY = timedelta(hours=20)
RENEW_AHEAD = timedelta(minutes=70)  # the token job runs hourly: renew what would end before its next run
METRICS_AFTER = (timedelta(days=1), timedelta(days=7))
S = Share.Status


def enqueue(pk: int, run_after: datetime | None = None, task: str = "redaksi.social.tasks.share_send_task") -> None:
    try:
        job = import_string(task)
        if run_after is not None and job.get_backend().supports_defer:
            job = job.using(run_after=run_after)
        job.enqueue(pk)
    except Exception:  # a queue that is down must not break the request: the sweep sends it
        logger.exception("could not enqueue share %s; the next sweep will send it", pk)


def client_for(account: SocialAccount, *, notify_dead: bool = False):
    """The account's client, with a token renewed before it ends and once more on a 401 (see tokens.py)."""
    renew = None
    if tokens.refreshable(account):
        renew = lambda stale: tokens.access_token(account, stale=stale, notify=notify_dead)  # noqa: E731
    return clients.build(
        backend=account.backend,
        network=account.network,
        options=account.options or {},
        base_url=account.base_url,
        token=tokens.access_token(account, notify=notify_dead),
        renew=renew,
    )


def _card(item) -> tuple[Media, ...]:
    photo = lead_photo(item)
    if photo is None:
        return ()
    card = photo.renditions.filter(kind=Rendition.Kind.CARD, format="jpeg").first()
    if card is None:
        return ()
    url = links.base_url() + reverse("media:file", args=[photo.key, card.variant])
    return (
        Media(
            name=f"{item.slug or item.pk}.jpg",
            content_type="image/jpeg",
            size=card.size_bytes,
            open=lambda: card.file.open("rb"),
            url=url,
            width=card.width,
            height=card.height,
            alt=photo.alt_text or photo.caption[:300],
        ),
    )


def _video(item) -> Media | None:
    """The item's first ready uploaded video, in its web encoding (YouTube and X upload it; Instagram fetches it
    from the app, which serves it to anyone once the item is published)."""
    video = next((v for v in item_videos(item) if v.status == Status.READY and v.web), None)
    if video is None:
        return None
    return Media(
        name=f"{item.slug or item.pk}.mp4",
        content_type="video/mp4",
        size=video.web.size,
        open=lambda: video.web.open("rb"),
        url=links.base_url() + reverse("media:file", args=[video.key, "web.mp4"]),  # Instagram fetches a reel
        width=video.width or 0,
        height=video.height or 0,
        duration=video.duration or 0.0,
        alt=video.caption[:300],
    )


def post_of(share: Share) -> Post:
    item = share.item
    photos, video = _card(item), _video(item)
    # The picture made for the networks, where the network wants it (cards.USE): Instagram's 4:5 portrait.
    made = card_media(item, share.account.network, has_photo=bool(photos), has_video=video is not None)
    return Post(
        key=str(share.idempotency_key),
        text=share.text,
        link=item_link(item),
        title=share.title or item.title,
        tags=tuple(tag.name for tag in item.tags.all()),
        photos=(made,) if made is not None else photos,
        video=video,
    )


def _claim(pk: int) -> str:
    """Take a due share (queued by a person, or retrying by itself); the status it was taken from, or ""."""
    now = timezone.now()
    # A lease that ran out: its worker died, perhaps after the post went out. Look before posting again.
    Share.objects.filter(pk=pk, status=S.SENDING, next_attempt_at__lte=now).update(
        status=S.RETRYING, outcome_unknown=True
    )
    for status in (S.QUEUED, S.RETRYING):
        due = Share.objects.filter(pk=pk, status=status, next_attempt_at__lte=now)
        if due.update(status=S.SENDING, next_attempt_at=now + LEASE):
            return status
    return ""


def share_deliver(pk: int) -> str:
    """Post one share if it is due and nobody else holds it. Returns its status afterwards."""
    claimed = _claim(pk)
    if not claimed:
        return Share.objects.filter(pk=pk).values_list("status", flat=True).first() or ""
    share = Share.objects.select_related("account", "item").get(pk=pk)
    try:
        client = client_for(share.account)
        post = post_of(share)
        published = _look(client, post, by_person=claimed == S.QUEUED) if share.outcome_unknown else None
    except ShareError as exc:  # the outcome of the earlier try is still unknown: look again next time
        return _failed(share, exc, unknown=share.outcome_unknown)
    except Exception as exc:  # noqa: BLE001 - a client's bug: nothing was sent by this try
        logger.exception("share %s: unexpected failure", pk)
        return _failed(share, ShareError(Failure.UNKNOWN, f"{type(exc).__name__}: {exc}"))
    try:
        if published is None:
            published = client.publish(post)
    except ShareError as exc:
        return _failed(share, exc)
    except Exception as exc:  # noqa: BLE001 - a client's bug or a lost connection: the post may have gone out
        logger.exception("share %s: unexpected failure", pk)
        return _failed(share, ShareError(Failure.UNKNOWN, f"{type(exc).__name__}: {exc}"))
    return _posted(share, published)


def _look(client, post: Post, *, by_person: bool) -> Published | None:
    """The post an earlier try may have made. A network that cannot be asked (Telegram) waits for a person,
    who looks at the channel: they paste the post's address as proof, or press Send again when it is not
    there, and then (queued by a person, not retrying by itself) it is posted."""
    try:
        return client.find(post)
    except ShareError as exc:
        if by_person and exc.code == CANNOT_FIND:
            return None
        raise


@transaction.atomic
def _posted(share: Share, published: Published) -> str:
    now = timezone.now()
    # The address is shown as a link: only a web address passes, whatever a network (or a fake of one) answers.
    url = published.url if published.url.startswith(("https://", "http://")) else ""
    share.status, share.post_id, share.url = S.POSTED, published.post_id[:200], url[:500]
    share.posted_at, share.outcome_unknown, share.last_error = now, False, ""
    share.attempts += 1
    share.metrics_due_at = now + METRICS_AFTER[0]
    share.save()
    audit_log(
        action="social.share.posted",
        obj=share,
        data={
            "item": share.item_id,
            "network": share.account.network,
            "account": share.account.name,
            "post_id": share.post_id,
            "url": share.url,
            "attempts": share.attempts,
        },
    )
    transaction.on_commit(
        lambda: enqueue(share.pk, share.metrics_due_at, task="redaksi.social.tasks.share_metrics_task")
    )
    return share.status


@transaction.atomic
def _failed(share: Share, exc: ShareError, *, unknown: bool = False) -> str:
    now = timezone.now()
    share.attempts += 1
    share.last_error = one_line(exc.message, 500)
    share.outcome_unknown = unknown or exc.kind is Failure.UNKNOWN
    if exc.kind in (Failure.RETRY, Failure.UNKNOWN):
        if share.attempts >= conf.OPTIONS["MAX_ATTEMPTS"]:
            share.status = S.NEEDS_PERSON
            share.last_error = one_line(
                _("Tried %(n)s times without success: %(detail)s") % {"n": share.attempts, "detail": exc.message}, 500
            )
        else:
            share.status = S.RETRYING
            wait = backoff(share.attempts)
            if exc.retry_after:
                wait = max(wait, timedelta(seconds=exc.retry_after))
            share.next_attempt_at = now + wait
    else:
        share.status = {Failure.TOKEN: S.TOKEN_DEAD, Failure.REFUSED: S.REFUSED}.get(exc.kind, S.NEEDS_PERSON)
    share.save()
    audit_log(
        action="social.share.failed",
        obj=share,
        data={
            "item": share.item_id,
            "network": share.account.network,
            "kind": exc.kind.value,
            "detail": share.last_error,
        },
    )
    if share.status == S.TOKEN_DEAD:
        SocialAccount.objects.filter(pk=share.account_id).update(
            checked_at=now, check_message=one_line(_("Does not work: %(detail)s") % {"detail": exc.message}, 500)
        )
        _warn_dead_token(share)
    if share.status == S.RETRYING:
        transaction.on_commit(lambda: enqueue(share.pk, share.next_attempt_at))
    logger.warning("share %s not posted (attempt %s, %s): %s", share.pk, share.attempts, share.status, share.last_error)
    return share.status


def _warn_dead_token(share: Share) -> None:
    """At once, but once: a second share failing on the same dead token (another item) tells no one again."""
    account = share.account
    earlier = Share.objects.filter(account=account, status=S.TOKEN_DEAD).exclude(pk=share.pk)
    if account.token_set_at is not None:
        earlier = earlier.filter(updated_at__gte=account.token_set_at)
    if earlier.exists():
        return
    warn_administrators(
        account,
        _("The %(account)s token no longer works: reconnect it") % {"account": account},
        _(
            "Posting item “%(title)s” failed: %(detail)s. Set a new token on the accounts screen, "
            "then send the post again from the item."
        )
        % {"title": share.item.title, "detail": share.last_error},
    )


def administrators(account: SocialAccount):
    return administrators_of(account.office_id)


def warn_administrators(account: SocialAccount, title: str, body: str) -> None:
    notify_users(administrators(account), kind="social.account", title=title, body=body, url=reverse("social:accounts"))


# Reach ---------------------------------------------------------------------------------------------


def share_metrics(pk: int) -> bool:
    """Read a post's reach if it is due (a day, then a week after posting). True when they were read."""
    now = timezone.now()
    share = Share.objects.select_related("account").filter(pk=pk, status=S.POSTED, metrics_due_at__lte=now).first()
    if share is None:
        return False
    try:
        metrics: Metrics = client_for(share.account).metrics(Published(share.post_id, share.url))
    except Exception as exc:  # noqa: BLE001 - reach is a nicety: try again at the next sweep, an hour on
        logger.warning("share %s: reach not read: %s", pk, one_line(str(exc), 200))
        Share.objects.filter(pk=pk).update(metrics_due_at=now + timedelta(hours=1))
        return False
    values = {k: v for k, v in vars(metrics).items() if k != "extra" and v is not None} | dict(metrics.extra)
    later = share.posted_at + METRICS_AFTER[1]
    Share.objects.filter(pk=pk).update(
        metrics=values, metrics_read_at=now, metrics_due_at=later if later > now else None
    )
    if later > now:
        transaction.on_commit(lambda: enqueue(pk, later, task="redaksi.social.tasks.share_metrics_task"))
    return True


def shares_sweep(*, limit: int = 200) -> tuple[int, int]:
    """Post every due share and read every due reach: (posted, reach read). The periodic command calls it."""
    now = timezone.now()
    waiting = Q(status__in=[S.QUEUED, S.RETRYING, S.SENDING], next_attempt_at__lte=now)
    due = list(Share.objects.filter(waiting).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
    posted = sum(1 for pk in due if share_deliver(pk) == S.POSTED)
    reach = Share.objects.filter(status=S.POSTED, metrics_due_at__lte=now).values_list("pk", flat=True)[:limit]
    return posted, sum(1 for pk in list(reach) if share_metrics(pk))


# Tokens --------------------------------------------------------------------------------------------


def account_check(pk: int, *, notify_dead: bool = False) -> str:
    """Ask the network about the token; keep its expiry and a message for the accounts screen. The expiry of a
    token renewed by its refresh token is the one tokens.py keeps, whatever the network's client says."""
    account = SocialAccount.objects.get(pk=pk)
    now = timezone.now()
    try:
        expiry = client_for(account, notify_dead=notify_dead).token_expiry()
    except ShareError as exc:
        message = _("Does not work: %(detail)s") % {"detail": exc.message}
        expiry = account.token_expires_at
    except Exception as exc:  # noqa: BLE001 - shown to the administrator, who can act on it
        message = _("Does not work: %(detail)s") % {"detail": f"{type(exc).__name__}: {exc}"}
        expiry = account.token_expires_at
    else:
        message = _("Works.")
    renewed = {} if tokens.refreshable(account) else {"token_expires_at": expiry}
    SocialAccount.objects.filter(pk=pk).update(checked_at=now, check_message=one_line(message, 500), **renewed)
    return message


def tokens_check(*, now: datetime | None = None) -> int:
    """Read each token's expiry and warn the administrators a week ahead, once a week per account."""
    now = now or timezone.now()
    warned = 0
    week = now.isocalendar().year * 100 + now.isocalendar().week
    accounts = SocialAccount.objects.filter(active=True).exclude(network__in=sorted(MANUAL_NETWORKS))
    for account in accounts:
        if tokens.refreshable(account) and not _renewed(account):
            continue  # its refresh token was refused: the administrators were told just now
        # The command runs hourly; a network is asked about a token at most every CHECK_EVERY.
        if account.checked_at is None or account.checked_at <= now - CHECK_EVERY:
            account_check(account.pk, notify_dead=True)
            account.refresh_from_db()
        expiry = account.token_expires_at
        soon = expiry is not None and expiry <= now + timedelta(days=conf.OPTIONS["WARN_DAYS"])
        if not soon or account.expiry_warned_week == week or tokens.oauth_app(account):
            continue  # an OAuth token is renewed by itself; a refused renewal was told at once
        with transaction.atomic():
            SocialAccount.objects.filter(pk=account.pk).update(expiry_warned_week=week)
            warn_administrators(
                account,
                _("The %(account)s token ends on %(date)s") % {"account": account, "date": _date(expiry)},
                _("Set a new token on the accounts screen before then, or posts to %(account)s will fail.")
                % {"account": account},
            )
        warned += 1
    return warned


def _renewed(account: SocialAccount) -> bool:
    """Renew a token that would end before the next hourly run; False when the network refused the refresh."""
    try:
        tokens.access_token(account, ahead=RENEW_AHEAD.total_seconds(), notify=True)
    except ShareError as exc:
        if exc.kind is Failure.TOKEN:
            return False
        logger.warning("social account %s: not renewed now: %s", account.pk, exc.message)
    return True


def _date(moment: datetime) -> str:
    from django.utils.formats import date_format

    return date_format(timezone.localtime(moment), "j F Y H.i")
