class RedaksiError(Exception):
    """A refusal a user can read: the message is already translated."""


class Conflict(RedaksiError):
    """The state moved on since the user looked at it (HTTP 409)."""


class NotPermitted(RedaksiError):
    """The user's role does not allow this (HTTP 403); the view records the attempt."""
