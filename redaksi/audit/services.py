"""Writing to the record. Call `audit_log` inside the transaction of the change it records."""

import json
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from .chain import GENESIS_HASH, Break, entry_digest, hashed_fields
from .models import AuditEntry, AuditHead

MAX_TEXT = 200


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _clip(text: str, limit: int = MAX_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _json_safe(data: dict[str, Any] | None) -> Any:
    # Round-trip through JSON so the hash covers exactly what the database gives back.
    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))


def audit_log(
    *,
    action: str,
    actor: Any = None,
    request: HttpRequest | None = None,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
    acting_role: str = "",
    actor_name: str = "",
) -> AuditEntry:
    """Append one entry to the chain, in the caller's transaction."""
    user = getattr(request, "user", None)
    if actor is None and user is not None and user.is_authenticated:
        actor = user
    actor_id = actor.pk if actor is not None else None
    if actor is not None and not actor_name:
        actor_name = actor.get_full_name() or actor.get_username()
    fields: dict[str, Any] = {
        "created_at": timezone.now(),
        "actor_id": actor_id,
        "actor_name": _clip(actor_name),
        "acting_role": _clip(acting_role),
        "action": action,
        "object_type": obj._meta.label_lower if obj is not None else "",
        "object_id": str(obj.pk) if obj is not None else "",
        "object_repr": _clip(str(obj)) if obj is not None else "",
        "data": _json_safe(data),
        "ip": _client_ip(request),
    }
    with transaction.atomic():
        head, _ = AuditHead.objects.get_or_create(pk=1)
        head = AuditHead.objects.select_for_update().get(pk=1)
        seq = head.seq + 1
        digest = entry_digest(settings.AUDIT_HMAC_KEY, hashed_fields(seq=seq, prev_hash=head.hash, **fields))
        entry = AuditEntry.objects.create(seq=seq, prev_hash=head.hash, hash=digest, **fields)
        head.seq, head.hash = seq, digest
        head.save(update_fields=["seq", "hash"])
    return entry


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
    if head is not None and (head.seq, head.hash) != (last_seq, prev_hash):
        yield Break(last_seq + 1, f"the chain head names entry {head.seq}, but the chain ends at {last_seq}")
