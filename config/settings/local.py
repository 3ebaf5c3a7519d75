"""The embedded default: SQLite, files on disk, console e-mail, the database task worker."""

from .base import *  # noqa: F403

DEBUG = True
