"""The access token a client posts with, renewed by the refresh token where the network gives one (X, YouTube).

An X or YouTube user token lasts one or two hours. `access_token` renews it when it ends within five minutes, and
`clients.build` asks again (once per client) when the network answers 401 to the token it holds. A renewal runs
under the account's row lock (select_for_update): a second worker waits, then finds the token renewed and uses it,
so one refresh token is never spent twice (X rotates them: the old one stops working at once, and the new one is
stored in the same transaction as the new access token).

A refresh the network refuses (invalid_grant and the like) means an administrator must connect the account
again: the refresh token is dropped, the account says why on its screen, and the error is a Failure.TOKEN that the
share pipeline turns into "account must be reconnected" (telling the administrators at once); the periodic
`social_tokens` job tells them itself (`notify`).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import requests
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from redaksi.audit.services import audit_log
from redaksi.core.outbox import one_line

from . import crypto, oauth
from .base import Failure, ShareError
from .models import SocialAccount

logger = logging.getLogger(__name__)


def oauth_app(account: SocialAccount) -> bool:
    """The account is connected through the office's OAuth app (an OAuth network with a client id)."""
    return oauth.supports(account.network) and bool(str((account.options or {}).get("client_id") or "").strip())


def refreshable(account: SocialAccount) -> bool:
    """The account holds a refresh token it can use (an OAuth app's account with a refresh token)."""
    return oauth_app(account) and bool(account.refresh_encrypted)


def provider_of(account: SocialAccount) -> oauth.Provider:
    return oauth.provider(account.network, account.options or {}, account.base_url)


def _due(account: SocialAccount, ahead: float, now: datetime) -> bool:
    ends = account.token_expires_at
    return not account.token_encrypted or (ends is not None and ends <= now + timedelta(seconds=ahead))


def access_token(
    account: SocialAccount, *, stale: str | None = None, ahead: float = oauth.REFRESH_AHEAD, notify: bool = False
) -> str:
    """The token to post with. Renewed first when it ends within `ahead` seconds, or when `stale` (a token the
    network just refused) is still the one held. Raises ShareError: RETRY when the network's sign-in service is
    down, TOKEN when it refuses the refresh token (then the account is marked; `notify` tells the administrators)."""
    if not refreshable(account) or (stale is None and not _due(account, ahead, timezone.now())):
        return crypto.unseal(account.token_encrypted)
    refused = None
    with transaction.atomic():
        row = SocialAccount.objects.select_for_update().get(pk=account.pk)
        current = crypto.unseal(row.token_encrypted)
        renewed_meanwhile = current != stale if stale is not None else not _due(row, ahead, timezone.now())
        if not refreshable(row) or renewed_meanwhile:
            _copy(row, account)  # another worker renewed it (or found it dead) while this one waited for the lock
            return current
        try:
            tokens = oauth.refresh(
                provider_of(row),
                _session(),
                client_id=str(row.options["client_id"]).strip(),
                secret=crypto.unseal(row.client_secret_encrypted),
                refresh_token=crypto.unseal(row.refresh_encrypted),
            )
        except ShareError as exc:
            if exc.kind is not Failure.TOKEN:
                raise
            _mark_dead(row, exc)
            refused = exc
        else:
            keep(row, tokens, action="social.account.token_refreshed")
            _copy(row, account)
            return tokens.access
    _copy(row, account)
    if notify:
        warn_refused(row, refused)
    raise refused


def keep(account: SocialAccount, tokens: oauth.Tokens, *, action: str, actor=None, extra: dict | None = None) -> None:
    """Store a token answer on the locked row: the access token, its end, and the refresh token when it is new."""
    now = timezone.now()
    account.token_encrypted = crypto.seal(tokens.access)
    if tokens.refresh:
        account.refresh_encrypted = crypto.seal(tokens.refresh)
    account.token_expires_at = now + timedelta(seconds=tokens.expires_in) if tokens.expires_in else None
    fields = ["token_encrypted", "refresh_encrypted", "token_expires_at"]
    if action != "social.account.token_refreshed":
        account.token_set_at, account.expiry_warned_week, account.checked_at = now, None, None
        account.check_message = ""
        fields += ["token_set_at", "expiry_warned_week", "checked_at", "check_message"]
    account.save(update_fields=fields)
    data = {
        "network": account.network,
        "expires_at": account.token_expires_at.isoformat() if account.token_expires_at else None,
        "new_refresh_token": bool(tokens.refresh),
        **(extra or {}),
    }
    audit_log(action=action, actor=actor, obj=account, data=data)
    logger.info("social account %s: %s (%s)", account.pk, action, data["expires_at"])


def _mark_dead(account: SocialAccount, exc: ShareError) -> None:
    account.refresh_encrypted = b""
    account.checked_at = timezone.now()
    account.check_message = one_line(_("Does not work: %(detail)s") % {"detail": exc.message}, 500)
    account.save(update_fields=["refresh_encrypted", "checked_at", "check_message"])
    audit_log(action="social.account.refresh_refused", obj=account, data={"network": account.network, "code": exc.code})
    logger.warning("social account %s: refresh refused (%s)", account.pk, exc.code)


def warn_refused(account: SocialAccount, exc: ShareError) -> None:
    from .sending import warn_administrators

    warn_administrators(
        account,
        _("The %(account)s token no longer works: reconnect it") % {"account": account},
        _("%(detail)s Connect the account again on the accounts screen; posts to it wait until then.")
        % {"detail": exc.message},
    )


def _copy(row: SocialAccount, account: SocialAccount) -> None:
    if row is not account:
        for name in ("token_encrypted", "refresh_encrypted", "token_expires_at", "checked_at", "check_message"):
            setattr(account, name, getattr(row, name))


def _session() -> requests.Session:
    return requests.Session()
