"""An optional allowlist of networks for the staff area (REDAKSI_STAFF_NETWORKS in the env file).

Empty (the default), every address may reach the staff pages. Set, a staff page asked from any other
address answers 403 with a page in the user's language, logged, and entered in the audit record once per
address and window. The public site is never affected. The address is REMOTE_ADDR after
`core.middleware.TrustedProxyMiddleware`, which takes X-Real-IP only from REDAKSI_TRUSTED_PROXIES: the
same address the audit record and the login throttle use. X-Forwarded-For is never read.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from redaksi.audit.services import audit_log
from redaksi.core.actor import Actor, client_ip
from redaksi.core.middleware import is_staff_answer

security_log = logging.getLogger("redaksi.security")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
RECORD_WINDOW = 15 * 60  # one audit entry per refused address in this many seconds; the log has every one


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """Networks from "10.0.0.0/8, 192.168.1.0/24, 2001:db8::/32, 203.0.113.7"; a wrong one stops start-up."""
    networks = []
    for value in values:
        value = value.strip()
        if not value:
            continue
        try:
            networks.append(ipaddress.ip_network(value, strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(f"REDAKSI_STAFF_NETWORKS: {value!r} is not a network ({exc}).") from exc
    return tuple(networks)


def allowed(address: str | None, networks: tuple[Network, ...]) -> bool:
    if not networks:
        return True
    if not address:
        return False
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return any(ip in network for network in networks)


class StaffNetworkMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.networks = parse_networks(getattr(settings, "REDAKSI_STAFF_NETWORKS", ()))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if not self.networks or not is_staff_answer(request):
            return None
        address = client_ip(request.META.get("REMOTE_ADDR"))
        if allowed(address, self.networks):
            return None
        security_log.warning("staff page %s refused to %s: outside REDAKSI_STAFF_NETWORKS", request.path, address)
        if caches["default"].add(f"staff-network-refused:{address}", 1, RECORD_WINDOW):
            audit_log(
                action="auth.network.refused",
                actor=Actor.from_request(request),
                data={"path": request.path[:200], "ip": address},
            )
        html = render_to_string("accounts/network_refused.html", {"address": address}, request=request)
        return HttpResponse(html, status=403)
