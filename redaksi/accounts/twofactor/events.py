"""What two-factor login announces; notify mails it (notify/account_mail.py)."""

from dataclasses import dataclass

from ..models import User


@dataclass(frozen=True)
class SecondFactorReset:
    """An administrator removed `user`'s second factor: the user is told by mail (it may not have been them
    who asked), and sets up a new one at the next login."""

    user: User
    subject: str
    text: str
