"""The office's Telegram account lends its bot to notify's approval notices (notify.telegram_bot's slot).

Notify sits below social and cannot read this app's rows; social fills the slot in its ready().
"""

from redaksi.accounts.models import Office
from redaksi.notify.telegram_bot import DEFAULT_BASE_URL, TIMEOUT, Bot

from .crypto import unseal
from .models import SocialAccount


def office_bot(office: Office) -> Bot | None:
    """The bot of the office's first active Telegram account (the Bot API client, not a stand-in) that has a
    token, oldest first; or None."""
    accounts = SocialAccount.objects.filter(office=office, network="telegram", backend="telegram", active=True).exclude(
        token_encrypted=b""
    )
    for account in accounts.order_by("pk"):
        token = unseal(account.token_encrypted)
        if token:
            try:
                timeout = float(account.options.get("timeout") or TIMEOUT)
            except (TypeError, ValueError):
                timeout = TIMEOUT
            return Bot(
                token=token,
                base_url=account.base_url or str(account.options.get("base_url") or "") or DEFAULT_BASE_URL,
                timeout=timeout,
            )
    return None
