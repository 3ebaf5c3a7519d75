"""“Connect with X / YouTube”: the system administrator approves the office's app at the network, and the account
keeps the access token and the refresh token it answers (encrypted; tokens.py renews them).

The `state` sent to the network is signed (Django's signing, with the time: it lasts STATE_AGE) and names the
account and a one-time nonce; the nonce and the PKCE code_verifier stay in the administrator's session and are
taken out at the first answer, so a state works once, in the session that asked for it, for the account named.
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from redaksi.audit.services import audit_log
from redaksi.core.actor import Actor

from . import crypto, oauth, tokens
from .base import ShareError
from .models import SocialAccount
from .services import _admin_check

security_log = logging.getLogger("redaksi.security")

STATE_SALT = "redaksi.social.connect.state"
STATE_AGE = 15 * 60  # seconds an administrator has to approve at the network


class BadState(Exception):
    """The network's answer does not come from a connection this session started (or it came too late)."""


@dataclass(frozen=True)
class Begun:
    url: str  # the network's authorize page
    nonce: str
    verifier: str

    def __repr__(self) -> str:
        return "Begun(…)"


def _account(actor: Actor, account_id: int, *, lock: bool = False) -> SocialAccount:
    rows = SocialAccount.objects.select_related("office")
    account = (rows.select_for_update(of=("self",)) if lock else rows).get(pk=account_id)
    _admin_check(actor, account.office)
    if not oauth.supports(account.network):
        raise ValidationError(_("This network is connected by pasting its token."))
    return account


@transaction.atomic
def connect_begin(*, actor: Actor, account_id: int, client_secret: str, redirect_uri: str) -> Begun:
    """Keep a new client secret if one is given; the authorize page to send the administrator to."""
    account = _account(actor, account_id, lock=True)
    client_id = str((account.options or {}).get("client_id") or "").strip()
    if not client_id:
        raise ValidationError(
            _('Fill in the client id of the office\'s app first: option "client_id" under “Change the account”.')
        )
    client_secret = client_secret.strip()
    if client_secret:
        account.client_secret_encrypted = crypto.seal(client_secret)
        account.save(update_fields=["client_secret_encrypted"])
        audit_log(action="social.account.client_secret_set", actor=actor, obj=account, data={})
    if account.network == "youtube" and not account.client_secret_encrypted:
        raise ValidationError(_("Google needs the app's client secret: paste it, then connect."))
    nonce = secrets.token_urlsafe(18)
    verifier, challenge = oauth.pkce_pair()
    state = signing.dumps({"a": account.pk, "n": nonce}, salt=STATE_SALT)
    url = oauth.authorize_url(
        tokens.provider_of(account), client_id=client_id, redirect_uri=redirect_uri, state=state, challenge=challenge
    )
    audit_log(action="social.account.connect_started", actor=actor, obj=account, data={"network": account.network})
    return Begun(url=url, nonce=nonce, verifier=verifier)


ORIGIN = re.compile(r"https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?")


def authorize_origins(accounts) -> list[str]:
    """The origins of the authorize pages the Connect forms of these accounts lead to: the page's CSP must let a
    form's redirect go there (form-action), or the browser stops at the first redirect."""
    found = set()
    for account in accounts:
        if oauth.supports(account.network):
            parts = urlsplit(tokens.provider_of(account).authorize_url)
            origin = f"{parts.scheme}://{parts.netloc}"
            if ORIGIN.fullmatch(origin):
                found.add(origin)
    return sorted(found)


def state_read(state: str) -> tuple[int, str]:
    """(account id, nonce) of a state this app signed less than STATE_AGE ago; BadState otherwise."""
    try:
        data = signing.loads(state, salt=STATE_SALT, max_age=STATE_AGE)
    except signing.SignatureExpired as exc:
        raise BadState("expired") from exc
    except signing.BadSignature as exc:
        raise BadState("forged") from exc
    if not isinstance(data, dict) or not isinstance(data.get("a"), int) or not isinstance(data.get("n"), str):
        raise BadState("forged")
    return data["a"], data["n"]


def connect_refused(*, actor: Actor, reason: str, account_id: int | None = None) -> None:
    """A security event: an answer with a forged, expired, replayed or foreign state."""
    audit_log(
        action="social.account.connect_refused",
        actor=actor,
        data={"reason": reason, "account": account_id},
    )
    security_log.warning("social connect refused (%s) for account %s from %s", reason, account_id, Actor.of(actor).ip)


def connect_finish(*, actor: Actor, account_id: int, code: str, verifier: str, redirect_uri: str) -> SocialAccount:
    """Exchange the network's code for the tokens and keep them. ValidationError with the network's refusal."""
    account = _account(actor, account_id)
    try:
        answer = oauth.exchange(
            tokens.provider_of(account),
            requests.Session(),
            client_id=str(account.options.get("client_id") or "").strip(),
            secret=crypto.unseal(account.client_secret_encrypted),
            code=code,
            verifier=verifier,
            redirect_uri=redirect_uri,
        )
    except ShareError as exc:
        audit_log(
            action="social.account.connect_failed",
            actor=actor,
            obj=account,
            data={"network": account.network, "code": exc.code},
        )
        raise ValidationError(exc.message) from None
    with transaction.atomic():
        account = SocialAccount.objects.select_for_update().get(pk=account.pk)
        tokens.keep(account, answer, action="social.account.connected", actor=actor, extra={"scope": answer.scope})
    return account
