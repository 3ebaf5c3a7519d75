"""What accounts announce inside their transactions; apps above them subscribe (see core/events.py)."""

from dataclasses import dataclass

from .models import User


@dataclass(frozen=True)
class PasswordLinkReady:
    """A link to a new password is to be mailed to `user`. `secret` is the part of `text` that opens
    the account: whoever keeps the mail must forget it once it is out."""

    user: User
    subject: str
    text: str
    secret: str
