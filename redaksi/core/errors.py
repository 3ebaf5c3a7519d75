class RedaksiError(Exception):
    """A refusal a user can read: the message is already translated."""


class Conflict(RedaksiError):
    """The state moved on since the user looked at it (HTTP 409)."""
