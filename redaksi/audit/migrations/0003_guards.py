"""The database refuses what would roll the record back: a head moved backwards, a deleted head, truncation.

PostgreSQL: the head may only move forward and never be deleted; TRUNCATE of either table is refused
unless the current role is a superuser (whose power no trigger can limit; the test suite's flush runs as
one). Production gives both tables to a role the app does not log in as (deploy/install.sh), so the
app's own role can neither drop these triggers nor truncate.

SQLite: the same rules as triggers whose condition asks `redaksi_audit_locked()`, a function every
connection registers (`redaksi.audit.guard`). It answers 1 unless the test settings switch the guard
off for the suite's flush; a tool that opens the file without the app has no such function, so its
UPDATE or DELETE of the record fails.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'the audit head is never deleted';
    END IF;
    IF NEW.seq < OLD.seq THEN
        RAISE EXCEPTION 'the audit head only moves forward';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_head_forward BEFORE UPDATE OR DELETE ON audit_audithead
    FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();

CREATE OR REPLACE FUNCTION audit_no_truncate() RETURNS trigger AS $$
BEGIN
    IF NOT COALESCE((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false) THEN
        RAISE EXCEPTION 'the audit record is never truncated';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_no_truncate();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_audithead
    FOR EACH STATEMENT EXECUTE FUNCTION audit_no_truncate();
"""

PG_BACKWARD = """
DROP TRIGGER IF EXISTS audit_head_forward ON audit_audithead;
DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry;
DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_audithead;
DROP FUNCTION IF EXISTS audit_head_forward_only();
DROP FUNCTION IF EXISTS audit_no_truncate();
"""

SQLITE_FORWARD = [
    """CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_auditentry
    WHEN redaksi_audit_locked() BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON audit_auditentry
    WHEN redaksi_audit_locked() BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_head_forward BEFORE UPDATE ON audit_audithead
    WHEN NEW.seq < OLD.seq AND redaksi_audit_locked()
    BEGIN SELECT RAISE(ABORT, 'the audit head only moves forward'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_head_no_delete BEFORE DELETE ON audit_audithead
    WHEN redaksi_audit_locked() BEGIN SELECT RAISE(ABORT, 'the audit head is never deleted'); END""",
]

SQLITE_TRIGGERS = ("audit_entry_no_update", "audit_entry_no_delete", "audit_head_forward", "audit_head_no_delete")


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]
    operations = [migrations.RunPython(forward, backward)]
