"""`redaksi_audit_locked()` for SQLite's audit triggers (migration 0003), registered on every connection.

It answers 1 (the record refuses UPDATE and DELETE, the head refuses to move back) unless
`REDAKSI_AUDIT_SQLITE_GUARD` is False: only the test settings turn it off, because the suite's flush
empties every table with DELETE between tests.
"""

from typing import Any

from django.conf import settings


def audit_locked() -> int:
    return 1 if getattr(settings, "REDAKSI_AUDIT_SQLITE_GUARD", True) else 0


def register(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("redaksi_audit_locked", 0, audit_locked, deterministic=False)
