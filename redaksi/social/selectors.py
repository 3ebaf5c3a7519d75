"""Reads of step 8: an office's accounts, an item's shares (saved or still to be written), the proof."""

from django.conf import settings
from django.db.models import QuerySet

from redaksi.accounts.models import Office
from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.selectors import public_path

from .base import MANUAL_NETWORKS
from .composer import compose
from .models import Share, SocialAccount


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
