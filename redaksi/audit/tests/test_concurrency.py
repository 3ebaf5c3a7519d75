import threading

import pytest
from django.db import connection

from redaksi.audit.models import AuditEntry
from redaksi.audit.services import audit_breaks, audit_log

WRITERS = 20

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent writers need PostgreSQL"),
]


@pytest.mark.django_db(transaction=True)
def test_simultaneous_writers_make_one_linear_chain():
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            audit_log(action="test.concurrent", actor_name=f"Penulis {n}", data={"n": n})
        except BaseException as exc:  # noqa: BLE001 - reported to the main thread below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == list(range(1, WRITERS + 1))
    assert sorted(e.data["n"] for e in entries) == list(range(WRITERS))
    assert len({e.prev_hash for e in entries}) == WRITERS
    assert list(audit_breaks()) == []
