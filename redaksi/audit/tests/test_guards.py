"""The database itself refuses to roll the record back (migration 0003, deploy/audit-lock.sql)."""

import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import DatabaseError, connection, transaction

from redaksi.audit.models import AuditEntry, AuditHead
from redaksi.audit.services import audit_log

pytestmark = pytest.mark.django_db

DEPLOY = Path(django_settings.BASE_DIR) / "deploy"
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL roles and TRUNCATE")


@pytest.fixture
def guarded(settings):
    settings.REDAKSI_AUDIT_SQLITE_GUARD = True
    for n in range(1, 4):
        audit_log(action=f"test.entry{n}", actor_name="Pegawai", data={"n": n})


def refused(sql: str) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except DatabaseError:
        return True
    return False


def test_entries_cannot_be_changed_or_deleted(guarded):
    assert refused("UPDATE audit_auditentry SET action = 'x' WHERE seq = 2")
    assert refused("DELETE FROM audit_auditentry WHERE seq = 3")
    assert AuditEntry.objects.count() == 3


def test_the_head_only_moves_forward_and_is_never_deleted(guarded):
    assert refused("UPDATE audit_audithead SET seq = 2")
    assert refused("DELETE FROM audit_audithead")
    audit_log(action="test.entry4", actor_name="Pegawai")
    assert AuditHead.objects.get(pk=1).seq == 4


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's guard function")
def test_a_tool_without_the_apps_function_cannot_delete_on_sqlite(guarded):
    """The sqlite3 shell knows no redaksi_audit_locked(): its DELETE fails instead of passing unguarded."""
    connection.ensure_connection()
    raw = connection.connection
    raw.create_function("redaksi_audit_locked", 0, None)  # what a connection without the app has
    try:
        assert refused("DELETE FROM audit_auditentry")
    finally:
        from redaksi.audit.guard import register

        register(None, connection)
    assert AuditEntry.objects.count() == 3


def lock_sql(owner: str, app: str) -> list[str]:
    """deploy/audit-lock.sql as psql would run it (its variables filled, its \\gexec done by hand)."""
    text = (DEPLOY / "audit-lock.sql").read_text()
    text = "\n".join(line for line in text.splitlines() if not line.startswith("--"))
    for name, value in (("owner", owner), ("app", app)):
        text = text.replace(f":'{name}'", f"'{value}'").replace(f':"{name}"', f'"{value}"')
    statements = []
    for part in re.split(r";\s*$|\\gexec", text, flags=re.M):
        part = part.strip()
        if part.startswith("SELECT format("):
            with connection.cursor() as cursor:
                cursor.execute(part)
                statements += [row[0] for row in cursor.fetchall()]
        elif part:
            statements.append(part)
    return statements


@on_postgresql
def test_truncate_is_refused_even_with_the_privilege(guarded):
    role = f"redaksi_t_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
        cursor.execute(f'GRANT ALL ON audit_auditentry, audit_audithead TO "{role}"')
        cursor.execute(f'SET ROLE "{role}"')
    try:
        assert refused("TRUNCATE audit_auditentry")
        assert refused("TRUNCATE audit_audithead")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert AuditEntry.objects.count() == 3


@on_postgresql
def test_the_apps_role_adds_to_the_record_but_cannot_undo_its_guards(guarded):
    """install.sh's audit-lock.sql: the tables and trigger functions go to a role nobody logs in as."""
    suffix = uuid.uuid4().hex[:10]
    owner, app = f"redaksi_rec_{suffix}", f"redaksi_app_{suffix}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{app}" NOLOGIN')
        cursor.execute(f'GRANT USAGE ON SCHEMA public TO "{app}"')
        for statement in lock_sql(owner, app):
            cursor.execute(statement)
        cursor.execute(f'SET ROLE "{app}"')
    try:
        audit_log(action="test.as.app", actor_name="Aplikasi")
        assert AuditHead.objects.get(pk=1).seq == 4
        assert not refused("SELECT last_value FROM audit_auditentry_id_seq")  # what pg_dump reads (the backup)
        assert refused("DELETE FROM audit_auditentry WHERE seq = 4")
        assert refused("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_update")
        assert refused("DROP TRIGGER audit_head_forward ON audit_audithead")
        assert refused(
            "CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$ BEGIN RETURN OLD; END; $$ "
            "LANGUAGE plpgsql"
        )
        assert refused("TRUNCATE audit_auditentry")
        assert refused("UPDATE audit_audithead SET seq = 1")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert AuditEntry.objects.count() == 4


def test_unlock_names_every_guarded_table_and_function():
    """audit-unlock.sql gives back exactly what audit-lock.sql takes."""
    lock = (DEPLOY / "audit-lock.sql").read_text()
    unlock = (DEPLOY / "audit-unlock.sql").read_text()
    for name in re.findall(r"ALTER (?:TABLE|FUNCTION) (\w+(?:\(\))?) OWNER", lock):
        assert f"'{name}'" in unlock, name
