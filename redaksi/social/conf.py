"""REDAKSI_SOCIAL: default accounts, of the `STORAGES` shape, checked at start-up.

    REDAKSI_SOCIAL = {
        "ACCOUNTS": {
            "fb": {"NETWORK": "facebook", "BACKEND": "facebook", "NAME": "Diskominfo", "REQUIRED": True,
                   "OPTIONS": {"page_id": "123", "base_url": "http://127.0.0.1:9001"}},
        },
    }

Every office gets each alias as an account (without a token: an administrator sets it on the staff
screen). BACKEND names the client (see `clients.client_class`); OPTIONS are the client's `OPTIONS` plus
`base_url`. A misspelt option stops start-up instead of passing as "the default".
"""

from collections.abc import Mapping
from typing import Any

from redaksi.core.conf import Options

from .base import RULES

ACCOUNT_KEYS = {"NETWORK", "BACKEND", "OPTIONS", "NAME", "REQUIRED"}


def account_errors(alias: str, config: Any) -> list[str]:
    from .clients import options_errors  # the clients module imports the networks lazily, never at load

    where = f"ACCOUNTS[{alias!r}]"
    if not isinstance(config, Mapping):
        return [f"{where} must be a dict with NETWORK, BACKEND and OPTIONS."]
    unknown = sorted(set(config) - ACCOUNT_KEYS)
    if unknown:
        return [f"{where} has unknown keys {', '.join(unknown)} (known: {', '.join(sorted(ACCOUNT_KEYS))})."]
    network = config.get("NETWORK")
    if network not in RULES:
        return [f"{where}: NETWORK {network!r} is not one of {', '.join(sorted(RULES))}."]
    options = config.get("OPTIONS", {})
    if not isinstance(options, Mapping):
        return [f"{where}: OPTIONS must be a dict."]
    return [f"{where}: {error}" for error in options_errors(config.get("BACKEND") or network, network, options)]


def _accounts(options: Mapping[str, Any], value: Any) -> str:
    if not isinstance(value, Mapping):
        return "must be a dict of aliases"
    errors = [error for alias, config in value.items() for error in account_errors(alias, config)]
    return "; ".join(errors)


OPTIONS = Options(
    "REDAKSI_SOCIAL",
    {
        # Default accounts, given to every office (see above).
        "ACCOUNTS": {},
        # Tries before a share that keeps failing waits for a person.
        "MAX_ATTEMPTS": 8,
        # Days ahead of a token's expiry the administrators are warned.
        "WARN_DAYS": 7,
        # Seconds a client waits for a network's answer.
        "TIMEOUT": 30,
    },
    {"ACCOUNTS": _accounts},
)


def accounts() -> Mapping[str, Any]:
    return OPTIONS["ACCOUNTS"]
