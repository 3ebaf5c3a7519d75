"""Writing to the record. Call `audit_log` inside the transaction of the change it records."""

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from redaksi.core.actor import Actor

from .chain import GENESIS_HASH, Break, entry_digest, hashed_fields
from .models import AuditEntry, AuditHead

MAX_TEXT = 200


def _scrub(text: str) -> str:
    # PostgreSQL refuses NUL in text and jsonb; a hostile value must not turn an audit write into a 500.
    return text.replace("\x00", "\ufffd")


def _clip(text: str, limit: int = MAX_TEXT) -> str:
    text = _scrub(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _as_stored(value: Any) -> Any:
    """The value as jsonb gives it back: jsonb keeps numbers as decimals, so 1e16 returns as 10000000000000000."""
    if isinstance(value, dict):
        return {_scrub(k): _as_stored(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_stored(v) for v in value]
    if isinstance(value, str):
        return _scrub(value)
    if isinstance(value, float) and "e" in repr(value) and value == int(value):
        return int(Decimal(repr(value)))
    return value


def _json_safe(data: dict[str, Any] | None) -> Any:
    # Round-trip through JSON so the hash covers exactly what the database gives back.
    # NaN and infinity are not JSON and PostgreSQL refuses them: fail here, clearly.
    return _as_stored(json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder, allow_nan=False)))


def audit_log(
    *,
    action: str,
    actor: Actor | Any = None,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
    acting_role: str = "",
    actor_name: str = "",
) -> AuditEntry:
    """Append one entry to the chain, in the caller's transaction.

    `actor` is an `Actor` (or a bare user, or None for the system); its IP goes on record.
    """
    actor = Actor.of(actor)
    user = actor.user
    actor_id = user.pk if user is not None else None
    if user is not None and not actor_name:
        actor_name = user.get_full_name() or user.get_username()
    acting_role = acting_role or actor.acting_role
    fields: dict[str, Any] = {
        "actor_id": actor_id,
        "actor_name": _clip(actor_name),
        "acting_role": _clip(acting_role),
        "action": action,
        "object_type": obj._meta.label_lower if obj is not None else "",
        "object_id": str(obj.pk) if obj is not None else "",
        "object_repr": _clip(str(obj)) if obj is not None else "",
        "data": _json_safe(data),
        "ip": actor.ip,
    }
    with transaction.atomic():
        head, _ = AuditHead.objects.get_or_create(pk=1)
        head = AuditHead.objects.select_for_update().get(pk=1)
        seq = head.seq + 1
        # Taken under the head lock, so times never run backwards along the chain.
        fields["created_at"] = timezone.now()
        digest = entry_digest(settings.AUDIT_HMAC_KEY, hashed_fields(seq=seq, prev_hash=head.hash, **fields))
        entry = AuditEntry.objects.create(seq=seq, prev_hash=head.hash, hash=digest, **fields)
        head.seq, head.hash = seq, digest
        head.save(update_fields=["seq", "hash"])
    return entry


def audit_exported(*, actor: Actor, filters: dict[str, Any]) -> AuditEntry:
    """Taking the record out of the system is itself worth recording."""
    return audit_log(action="audit.exported", actor=actor, data={"filters": filters})


def _entry_fields(entry: AuditEntry) -> dict[str, Any]:
    return hashed_fields(
        seq=entry.seq,
        created_at=entry.created_at,
        actor_id=entry.actor_id,
        actor_name=entry.actor_name,
        acting_role=entry.acting_role,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        object_repr=entry.object_repr,
        data=entry.data,
        ip=entry.ip,
        prev_hash=entry.prev_hash,
    )


def audit_breaks(*, key: str | None = None) -> Iterator[Break]:
    """Every place where the chain is not what its writer left. Empty means intact."""
    key = key or settings.AUDIT_HMAC_KEY
    expected_seq, prev_hash = 1, GENESIS_HASH
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            yield Break(expected_seq, f"missing (next present entry is {entry.seq})")
        if entry.prev_hash != prev_hash:
            yield Break(entry.seq, "does not link to the entry before it")
        if entry_digest(key, _entry_fields(entry)) != entry.hash:
            yield Break(entry.seq, "content does not match its hash")
        expected_seq, prev_hash = entry.seq + 1, entry.hash
    head = AuditHead.objects.filter(pk=1).first()
    last_seq = expected_seq - 1
    if head is None and last_seq > 0:
        yield Break(last_seq + 1, "the chain head is missing, so a cut-off end would go unnoticed")
    elif head is not None and (head.seq, head.hash) != (last_seq, prev_hash):
        yield Break(last_seq + 1, f"the chain head names entry {head.seq}, but the chain ends at {last_seq}")
