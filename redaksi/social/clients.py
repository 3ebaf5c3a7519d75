"""From an account to its client: how a BACKEND names a `Client` class, and the checks of its options.

BACKEND is either a short name, the module `redaksi.social.networks.<name>` (a network key such as
"facebook", or "console" and "memory"), whose client is its `Client` attribute (else the one class in it
with `publish` and `network`), or the dotted path of a client class. A client declares the option names
it takes in `OPTIONS`; `base_url` is taken by every client and passed on its own. A manual network (WhatsApp,
TikTok) has no client: its BACKEND is its own name (or empty) and it takes no options.
"""

import importlib
import inspect
from collections.abc import Callable, Mapping
from typing import Any

import requests

from .base import MANUAL_NETWORKS, Client

NETWORKS_PACKAGE = "redaksi.social.networks"
COMMON_OPTIONS = frozenset({"base_url"})


def client_class(backend: str) -> type:
    """The client class BACKEND names; ImportError with a readable message when there is none."""
    if "." not in backend:
        module = importlib.import_module(f"{NETWORKS_PACKAGE}.{backend}")
        found = getattr(module, "Client", None)
        if found is None:
            candidates = [
                obj
                for obj in vars(module).values()
                if inspect.isclass(obj) and obj.__module__ == module.__name__ and hasattr(obj, "publish")
                and hasattr(obj, "network")
            ]  # fmt: skip
            if len(candidates) != 1:
                raise ImportError(f"{module.__name__} has no Client class")
            found = candidates[0]
        return found
    module_name, _dot, name = backend.rpartition(".")
    try:
        return getattr(importlib.import_module(module_name), name)
    except AttributeError as exc:
        raise ImportError(f"{module_name} has no {name}") from exc


def options_errors(backend: str, network: str, options: Mapping[str, Any]) -> list[str]:
    """What is wrong with an account's client and options, in English for the system check."""
    if network in MANUAL_NETWORKS and backend in ("", network):
        # Shared by hand (no posting API): no client to load; a person pastes the post's address.
        return [f"{network} is shared by hand and takes no options."] if options else []
    try:
        cls = client_class(backend)
    except ImportError as exc:
        return [f"cannot load client {backend!r} ({exc})."]
    own = getattr(cls, "network", "")
    if own and own != network:
        return [f"client {cls.__name__} posts to {own}, not {network}."]
    allowed = frozenset(getattr(cls, "OPTIONS", frozenset())) | COMMON_OPTIONS | _oauth_options(network)
    unknown = sorted(set(options) - allowed)
    if unknown:
        return [
            f"unknown option {', '.join(map(repr, unknown))} for {cls.__name__} (known: {', '.join(sorted(allowed))})."
        ]
    return []


def _oauth_options(network: str) -> frozenset[str]:
    """The OAuth app's options (client_id, …) that an X or YouTube account takes whatever its client."""
    from . import oauth

    return oauth.OPTIONS if oauth.supports(network) else frozenset()


def build(
    *,
    backend: str,
    network: str,
    options: Mapping[str, Any],
    base_url: str,
    token: str,
    renew: Callable[[str], str] | None = None,
) -> Client:
    """A client ready to post, with a fresh HTTP session.

    With `renew` (tokens.py), the session answers a 401 to the bearer token once by asking `renew(token)` for a
    new one and sending the same request again with it; later requests of the client carry the new one too."""
    from . import conf

    cls = client_class(backend)
    errors = options_errors(backend, network, options)
    if errors:
        raise ValueError(errors[0])
    rest = {k: v for k, v in options.items() if k not in COMMON_OPTIONS | _oauth_options(network)}
    url = base_url or str(options.get("base_url") or "") or getattr(cls, "BASE_URL", "")
    session = requests.Session()
    session.request = _with_timeout(session.request, conf.OPTIONS["TIMEOUT"])  # type: ignore[method-assign]
    if renew is not None:
        session.request = _renewing(session.request, token, renew)  # type: ignore[method-assign]
    return cls(base_url=url, token=token, options=rest, session=session)


def _renewing(request, token: str, renew: Callable[[str], str]):
    """A 401 to the bearer token: renew it (once for this session) and send the request again. A 401 means the
    request was refused, so the second send is the first that takes effect: a post is never made twice."""
    held = {"token": token, "renewed": False}

    def call(method, url, **kwargs):
        headers = dict(kwargs.get("headers") or {})
        carried = headers.get("Authorization") in (f"Bearer {token}", f"Bearer {held['token']}")
        if carried:
            kwargs["headers"] = {**headers, "Authorization": f"Bearer {held['token']}"}
        response = request(method, url, **kwargs)
        if response.status_code != 401 or not carried or held["renewed"]:
            return response
        held["renewed"] = True
        held["token"] = renew(held["token"])
        kwargs["headers"] = {**headers, "Authorization": f"Bearer {held['token']}"}
        return request(method, url, **kwargs)

    return call


def _with_timeout(request, seconds: float):
    def call(method, url, **kwargs):
        kwargs.setdefault("timeout", seconds)
        return request(method, url, **kwargs)

    return call
