"""Reads of step 8: an office's accounts, an item's shares (saved or still to be written), the proof."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import BigIntegerField, Count, QuerySet, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from redaksi.accounts.models import Office
from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.selectors import public_path

from .base import MANUAL_NETWORKS
from .composer import compose
from .models import NETWORK_CHOICES, Share, SocialAccount

POSTED = (Share.Status.POSTED, Share.Status.MANUAL_DONE)
METRICS = ("reach", "views", "likes", "comments", "shares")  # the keys of Share.metrics that are summed


def office_accounts(office: Office | int) -> QuerySet[SocialAccount]:
    return SocialAccount.objects.filter(office=office, active=True).order_by("network", "name", "pk")


def item_link(item: NewsItem) -> str:
    """The item's public address, as readers open it from a post."""
    base = (getattr(settings, "REDAKSI_PUBLIC", {}) or {}).get("BASE_URL") or settings.REDAKSI_BASE_URL
    return base.rstrip("/") + public_path(item)


def draft_for(item: NewsItem, account: SocialAccount) -> Share:
    """A share not saved yet, with the composed text: what the step's screen offers first."""
    draft = compose(
        account.network,
        title=item.title,
        lead=item.lead,
        link=item_link(item),
        tags=[tag.name for tag in item.tags.all()],
    )
    return Share(item=item, account=account, text=draft.text, title=draft.title)


def item_shares(item: NewsItem) -> list[Share]:
    """One share per active account of the item's office, and every saved share of the item: saved
    ones as they are, the others as drafts not saved yet (pk None)."""
    saved = {s.account_id: s for s in Share.objects.filter(item=item).select_related("account")}
    shares = [saved.pop(account.pk, None) or draft_for(item, account) for account in office_accounts(item.office_id)]
    return shares + list(saved.values())


def proof(item: NewsItem) -> tuple[list[dict], list[str]] | None:
    """(posts with their addresses, the required accounts still without proof), or None when the office
    has no account (the step then takes pasted links)."""
    accounts = list(office_accounts(item.office_id))
    if not accounts:
        return None
    shares = {s.account_id: s for s in Share.objects.filter(item=item).select_related("account")}
    posts, missing = [], []
    for account in accounts:
        share = shares.get(account.pk)
        if share is not None and share.status in (Share.Status.POSTED, Share.Status.MANUAL_DONE):
            posts.append(
                {"network": account.network, "account": str(account), "url": share.url, "post_id": share.post_id}
            )
        elif account.required:
            missing.append(str(account))
    return posts, missing


def is_manual(account: SocialAccount) -> bool:
    return account.network in MANUAL_NETWORKS


def may_paste(share: Share) -> bool:
    """A post's address may be pasted for a manual network, and for a post that may have gone out unseen
    (its answer was lost and the network cannot be asked): a person looked and found it."""
    return share.account.network in MANUAL_NETWORKS or (
        share.status == Share.Status.NEEDS_PERSON and share.outcome_unknown
    )


def shares_posted(items: QuerySet[NewsItem], start: datetime, stop: datetime) -> QuerySet[Share]:
    """The shares of `items` posted in [start, stop), by the worker or by hand."""
    return Share.objects.filter(item__in=items, status__in=POSTED, posted_at__gte=start, posted_at__lt=stop)


def reach_by_network(items: QuerySet[NewsItem], start: datetime, stop: datetime) -> list[dict[str, Any]]:
    """Per network, the posts of `items` in [start, stop) and the sums of their figures, added up by the
    database; a figure is None when no post of that network reported it (Telegram's bot reads none).
    `engagement` is likes, comments and shares together; `read` counts the posts whose figures came in."""
    sums = {name: Sum(Cast(KT(f"metrics__{name}"), BigIntegerField())) for name in METRICS}
    rows = (
        shares_posted(items, start, stop)
        .values("account__network")
        .annotate(posts=Count("pk"), read=Count("metrics_read_at"), **sums)
        .order_by()
    )
    labels = dict(NETWORK_CHOICES)
    out = []
    for row in rows:
        parts = [row[k] for k in ("likes", "comments", "shares") if row[k] is not None]
        network = row.pop("account__network")
        out.append(
            {**row, "network": network, "label": str(labels.get(network, network)),
             "engagement": sum(parts) if parts else None}
        )  # fmt: skip
    return sorted(out, key=lambda r: (-r["posts"], r["label"]))
