"""Who is acting: the context a service needs to decide and to record, without the HTTP request.

Views build it with `Actor.from_request(request)`, management commands and tasks use `SYSTEM`
(or `Actor(user)` for a named person). Services take it as `actor=`; a bare user is accepted
too and means "this person, with no request around" (the shell, commands and tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.utils.ipv6 import clean_ipv6_address

REQUEST_ID_MAX = 64


def client_ip(address: str | None) -> str | None:
    """The address as the record stores it (IPv6 short and lower case), or None when it is no address."""
    address = address or ""
    try:
        validate_ipv46_address(address)
    except ValidationError:
        return None
    return clean_ipv6_address(address) if ":" in address else address


@dataclass(frozen=True)
class Actor:
    user: Any = None  # an accounts.User, or None for the system
    acting_role: str = ""
    ip: str | None = None
    request_id: str | None = None

    @classmethod
    def from_request(cls, request: Any) -> Actor:
        user = getattr(request, "user", None)
        if user is not None and not user.is_authenticated:
            user = None
        request_id = getattr(request, "request_id", None) or request.META.get("HTTP_X_REQUEST_ID") or None
        return cls(
            user=user,
            ip=client_ip(request.META.get("REMOTE_ADDR")),
            request_id=request_id[:REQUEST_ID_MAX] if request_id else None,
        )

    @classmethod
    def of(cls, value: Actor | Any | None) -> Actor:
        """An Actor from an Actor, a user, or None (the system)."""
        if isinstance(value, Actor):
            return value
        return SYSTEM if value is None else cls(user=value)

    def as_user(self, user: Any) -> Actor:
        """The same request context, acting as another (just authenticated) person."""
        return Actor(user=user, acting_role=self.acting_role, ip=self.ip, request_id=self.request_id)

    @property
    def is_system(self) -> bool:
        return self.user is None


SYSTEM = Actor()
