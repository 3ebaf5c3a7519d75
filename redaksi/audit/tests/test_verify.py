from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from redaksi.audit.models import AuditHead
from redaksi.audit.services import audit_log

pytestmark = pytest.mark.django_db

TABLE = "audit_auditentry"


@pytest.fixture
def chain():
    for n in range(1, 6):
        audit_log(action=f"test.entry{n}", actor_name=f"Pegawai {n}", data={"n": n})


@pytest.fixture
def tamper(chain):
    """Raw SQL as an intruder with database access would write it; on PostgreSQL the trigger must go first."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER audit_entry_no_update")
            cursor.execute("ALTER TABLE audit_audithead DISABLE TRIGGER audit_head_forward")

    def run(sql: str, params: list | None = None) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params or [])

    return run


def verify() -> str:
    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def test_intact_chain_passes(chain):
    assert "intact: 5 entries" in verify()


def test_empty_record_passes(db):
    assert "intact: 0 entries" in verify()


def test_updated_data_is_found(tamper):
    tamper(f"UPDATE {TABLE} SET data = %s WHERE seq = 3", ['{"n": 99}'])
    with pytest.raises(CommandError, match=r"entry 3: content does not match its hash"):
        verify()


def test_updated_actor_is_found(tamper):
    tamper(f"UPDATE {TABLE} SET actor_name = 'Orang Lain' WHERE seq = 2")
    with pytest.raises(CommandError, match=r"entry 2:"):
        verify()


def test_deleted_middle_entry_is_found(tamper):
    tamper(f"DELETE FROM {TABLE} WHERE seq = 3")
    with pytest.raises(CommandError, match=r"entry 3: missing"):
        verify()


def test_deleted_last_entry_is_found(tamper):
    tamper(f"DELETE FROM {TABLE} WHERE seq = 5")
    with pytest.raises(CommandError, match=r"entry 5:.*head"):
        verify()


def test_deleted_last_entry_and_head_is_found(tamper):
    tamper(f"DELETE FROM {TABLE} WHERE seq = 5")
    AuditHead.objects.all().delete()
    with pytest.raises(CommandError, match=r"entry 5:.*head"):
        verify()


def test_swapped_content_is_found(tamper):
    """Two rows trade everything but their place: each still carries a valid hash of its own."""
    tamper(f"UPDATE {TABLE} SET seq = 99 WHERE seq = 4")
    tamper(f"UPDATE {TABLE} SET seq = 4 WHERE seq = 2")
    tamper(f"UPDATE {TABLE} SET seq = 2 WHERE seq = 99")
    with pytest.raises(CommandError, match=r"entry 2:"):
        verify()


def test_swapped_data_is_found(tamper):
    tamper(f"UPDATE {TABLE} AS t SET data = (SELECT data FROM {TABLE} s WHERE s.seq = 7 - t.seq) WHERE t.seq IN (3, 4)")
    with pytest.raises(CommandError, match=r"entry 3: content does not match its hash"):
        verify()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only")
@pytest.mark.parametrize(
    "sql", [f"UPDATE {TABLE} SET data = '{{}}' WHERE seq = 3", f"DELETE FROM {TABLE} WHERE seq = 3"]
)
def test_postgresql_refuses_update_and_delete(chain, sql):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert "intact: 5 entries" in verify()


def anchor() -> str:
    out = StringIO()
    call_command("audit_anchor", stdout=out)
    return out.getvalue()


def test_an_anchor_is_written_once_per_head_and_verifies(chain, settings):
    assert "Anchored entry 5" in anchor()
    assert "nothing written" in anchor()
    audit_log(action="test.entry6")
    assert "Anchored entry 6" in anchor()
    lines = settings.REDAKSI_AUDIT_ANCHOR_FILE.read_text().splitlines()
    assert len(lines) == 2 and '"seq": 6' in lines[1]
    out = verify()
    assert "intact: 6 entries" in out and "Newest anchor" in out and "entry 6) matches" in out


def test_a_rollback_behind_an_anchor_is_found(tamper):
    """The newest entries deleted and the head moved back: the chain alone still verifies; the anchor does not."""
    anchor()
    tamper(f"DELETE FROM {TABLE} WHERE seq >= 4")
    head = AuditHead.objects.get(pk=1)
    from redaksi.audit.models import AuditEntry

    last = AuditEntry.objects.get(seq=3)
    AuditHead.objects.filter(pk=1).update(seq=3, hash=last.hash)
    assert head.seq == 5
    with pytest.raises(CommandError, match=r"rolled back at entry 5: the anchor of .* no longer has"):
        verify()


def test_emptied_tables_behind_an_anchor_are_found(tamper):
    anchor()
    tamper(f"DELETE FROM {TABLE}")
    AuditHead.objects.all().delete()
    with pytest.raises(CommandError, match=r"rolled back at entry 5"):
        verify()


def test_a_forged_or_foreign_anchor_is_found(chain, settings):
    anchor()
    settings.REDAKSI_AUDIT_ANCHOR_FILE.write_text(
        settings.REDAKSI_AUDIT_ANCHOR_FILE.read_text().replace('"seal": "', '"seal": "0')
    )
    with pytest.raises(CommandError, match=r"not sealed with this install's audit key"):
        verify()
