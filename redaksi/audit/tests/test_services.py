import logging
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.utils import timezone

from redaksi.audit.chain import GENESIS_HASH, entry_digest
from redaksi.audit.models import AuditEntry, AuditHead
from redaksi.audit.services import _entry_fields, audit_breaks, audit_log
from redaksi.core.actor import Actor
from redaksi.core.logging import EscapingFormatter

KEY = "test-audit-key-not-secret"

pytestmark = pytest.mark.django_db


def test_entries_link_into_one_chain():
    for n in range(5):
        audit_log(action=f"test.step{n}", actor_name="Rizki Pratama")
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == GENESIS_HASH
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.prev_hash == before.hash
    head = AuditHead.objects.get()
    assert (head.seq, head.hash) == (5, entries[-1].hash)
    assert list(audit_breaks()) == []


def test_hash_is_an_hmac_of_the_stored_fields(settings):
    entry = audit_log(action="test.hash", actor_name="Siti", data={"a": 1})
    entry.refresh_from_db()
    assert entry.hash == entry_digest(settings.AUDIT_HMAC_KEY, _entry_fields(entry))
    # Another key gives other hashes: the key, kept outside the database, is what seals the chain.
    assert next(audit_breaks(key="another-key")).seq == 1


def test_data_round_trips_dates_unicode_and_numbers():
    data = {
        "day": date(2026, 11, 24),
        "at": datetime(2026, 11, 24, 10, 15, tzinfo=timezone.get_fixed_timezone(420)),
        "title": "Bupati meresmikan jembatan — “Siak” ✓ 漢字 😀",
        "amount": Decimal("12.50"),
        "big": 1e16,
        "small": 0.1,
        "nested": {"list": [1, "dua", None, True]},
    }
    entry = audit_log(action="test.data", data=data)
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.data == entry.data
    assert stored.data["day"] == "2026-11-24"
    assert stored.data["at"] == "2026-11-24T10:15:00+07:00"
    assert stored.data["title"] == data["title"]
    assert stored.data["amount"] == "12.50"
    assert stored.data["nested"] == {"list": [1, "dua", None, True]}
    assert list(audit_breaks()) == []


def test_nul_bytes_and_odd_addresses_never_break_the_write_or_the_chain():
    request = RequestFactory().get("/", REMOTE_ADDR="2001:DB8:0:0::1")
    audit_log(action="test.nul", actor=Actor.from_request(request), actor_name="bob\x00", data={"k\x00": "v\x00"})
    audit_log(action="test.badip", actor=Actor.from_request(RequestFactory().get("/", REMOTE_ADDR="not an address")))
    first, second = AuditEntry.objects.order_by("seq")
    assert first.ip == "2001:db8::1"
    assert "\x00" not in first.actor_name
    assert second.ip is None
    assert list(audit_breaks()) == []


def test_not_a_number_is_refused_before_the_database():
    with pytest.raises(ValueError):
        audit_log(action="test.nan", data={"x": float("nan")})
    assert not AuditEntry.objects.exists()


def test_long_names_are_clipped_to_the_column():
    entry = audit_log(action="test.long", actor_name="x" * 500)
    assert len(entry.actor_name) == 200
    assert list(audit_breaks()) == []


def test_created_at_follows_seq():
    entries = [audit_log(action="test.time") for _ in range(3)]
    times = [e.created_at for e in entries]
    assert times == sorted(times)


def test_control_characters_are_stored_but_logged_on_one_line(caplog):
    """Bad input 40: the record keeps what was typed; the log shows it escaped, on one line."""
    name = "bob\r\n2026-11-24 10:15:00 INFO admin login OK\x1b[2J"
    entry = audit_log(action="auth.login_failed", actor_name=name)
    assert AuditEntry.objects.get(pk=entry.pk).actor_name == name
    assert list(audit_breaks()) == []

    formatter = EscapingFormatter("%(levelname)s %(name)s %(message)s")
    record = logging.LogRecord("redaksi.auth", logging.WARNING, __file__, 1, "login failed for %s", (name,), None)
    line = formatter.format(record)
    assert "\n" not in line and "\r" not in line and "\x1b" not in line
    assert line == r"WARNING redaksi.auth login failed for bob\x0d\x0a2026-11-24 10:15:00 INFO admin login OK\x1b[2J"
