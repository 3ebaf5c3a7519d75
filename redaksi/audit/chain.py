"""The hash chain: pure functions over entry fields, shared by writer and verifier."""

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_digest(key: str, fields: dict[str, Any]) -> str:
    message = canonical_json(fields).encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def hashed_fields(
    *,
    seq: int,
    created_at: datetime,
    actor_id: int | None,
    actor_name: str,
    acting_role: str,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    data: Any,
    ip: str | None,
    prev_hash: str,
) -> dict[str, Any]:
    return {
        "seq": seq,
        "created_at": created_at.isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor_name": actor_name,
        "acting_role": acting_role,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr,
        "data": data,
        "ip": ip,
        "prev_hash": prev_hash,
    }


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str

    def __str__(self) -> str:
        return f"entry {self.seq}: {self.reason}"
