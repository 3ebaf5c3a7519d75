"""What accounts announce inside their transactions; apps above them subscribe (see core/events.py)."""

from dataclasses import dataclass

from .models import User


@dataclass(frozen=True)
class LoginUnderAttack:
    """Many wrong passwords in one window: for one account from many addresses (`what` "account"), or from
    one address for many accounts ("address"). Nobody is locked out by it; the administrators are told."""

    what: str
    username: str
    ip: str | None
    office_id: int | None  # the account's office, when the username names one


@dataclass(frozen=True)
class PasswordLinkReady:
    """A link to a new password is to be mailed to `user`. `secret` is the part of `text` that opens
    the account: whoever keeps the mail must forget it once it is out."""

    user: User
    subject: str
    text: str
    secret: str
