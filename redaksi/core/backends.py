"""Pluggable senders (mail, and the social networks of step 8): one pipeline, a few hooks per provider.

Configured like `STORAGES`, in `REDAKSI_BACKENDS`: an alias maps to a backend class and its options:

    REDAKSI_BACKENDS = {
        "mail": {"BACKEND": "redaksi.core.backends.DjangoMailBackend", "OPTIONS": {"timeout": 30}},
    }

`Backend.send()` owns the pipeline, in the manner of django-anymail's base backend:
build the provider's payload, post it, parse the answer, and normalise whatever happened into one
of four outcomes the outbox understands. A provider implements `post()` and, where it needs to,
`build_payload()`, `parse_answer()` and `classify_error()`; it raises `RetryLater`, `NeedsPerson`
or `Refused` from any hook to say what an answer means.
"""

import itertools
import json
import sys
import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import get_connection
from django.utils.module_loading import import_string

SETTING = "REDAKSI_BACKENDS"


class Outcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"  # the provider or the network failed for now: try again after a back-off
    NEEDS_PERSON = "needs_person"  # retrying cannot help until someone acts (expired token, lost permission)
    REFUSED = "refused"  # the provider refused this message for good (bad address, content rejected)


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    remote_id: str = ""  # the provider's id of what was sent (a Message-ID, a post id)
    detail: str = ""
    retry_after: timedelta | None = None  # the provider's own "come back in …", when it gives one


class BackendError(Exception):
    outcome: ClassVar[Outcome]

    def __init__(self, detail: str = "", *, retry_after: timedelta | None = None):
        super().__init__(detail)
        self.retry_after = retry_after


class RetryLater(BackendError):
    outcome = Outcome.RETRY


class NeedsPerson(BackendError):
    outcome = Outcome.NEEDS_PERSON


class Refused(BackendError):
    outcome = Outcome.REFUSED


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()


class Backend:
    """The base of every sender. Subclasses declare `family`, `options` and implement `post()`."""

    # "mail", "social", …; "" serves any family (console, locmem).
    family: ClassVar[str] = ""
    # Every option the backend takes, with its default, or REQUIRED. Anything else is refused at start-up.
    options: ClassVar[Mapping[str, Any]] = {}
    # True when the provider drops a second request with the same idempotency key: then a retry
    # after a crash between "sent" and "marked sent" does not send twice. Otherwise it may (at least once).
    supports_idempotency: ClassVar[bool] = False

    def __init__(self, alias: str, **options: Any):
        errors = option_errors(type(self), options)
        if errors:
            raise ImproperlyConfigured(f"{SETTING}[{alias!r}]: {errors[0]}")
        self.alias = alias
        self.settings = {**self.options, **options}

    def send(self, message: Any, *, key: str) -> Result:
        """Deliver one message; never raises, whatever the provider does."""
        try:
            payload = self.build_payload(message, key=key)
            answer = self.post(payload)
            return self.parse_answer(answer, payload=payload)
        except BackendError as exc:
            return Result(exc.outcome, detail=_describe(exc), retry_after=exc.retry_after)
        except Exception as exc:  # a provider's or a network's failure of any kind
            return self.classify_error(exc)

    # The hooks. ---------------------------------------------------------------------------
    def build_payload(self, message: Any, *, key: str) -> Any:
        """What `post()` sends. A provider with idempotency puts `key` where the provider reads it."""
        return message

    def post(self, payload: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must implement post()")

    def parse_answer(self, answer: Any, *, payload: Any) -> Result:
        return Result(Outcome.SENT, remote_id=str(answer or ""))

    def classify_error(self, exc: Exception) -> Result:
        """An exception no hook turned into an outcome: by default, try again later."""
        return Result(Outcome.RETRY, detail=_describe(exc))


def _describe(exc: Exception) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def option_errors(backend_class: type[Backend], options: Any) -> list[str]:
    if not isinstance(options, Mapping):
        return [f"OPTIONS must be a dict, not {type(options).__name__}"]
    name = backend_class.__name__
    errors = [f"unknown option {key!r} for {name}" for key in sorted(set(options) - set(backend_class.options))]
    errors += [
        f"missing required option {key!r} for {name}"
        for key, default in backend_class.options.items()
        if default is REQUIRED and key not in options
    ]
    return errors


def config_errors(alias: str, config: Any, *, family: str | None = None) -> list[str]:
    """What is wrong with one alias of REDAKSI_BACKENDS, each message naming the alias (and option)."""
    where = f"{SETTING}[{alias!r}]"
    if not isinstance(config, Mapping):
        return [f"{where} must be a dict with BACKEND and OPTIONS."]
    unknown = sorted(set(config) - {"BACKEND", "OPTIONS"})
    if unknown:
        return [f"{where} has unknown keys {', '.join(unknown)}; only BACKEND and OPTIONS are read."]
    path = config.get("BACKEND")
    if not path or not isinstance(path, str):
        return [f"{where} needs BACKEND, the dotted path of a backend class."]
    try:
        backend_class = import_string(path)
    except ImportError as exc:
        return [f"{where}: cannot import BACKEND {path!r} ({exc})."]
    if not (isinstance(backend_class, type) and issubclass(backend_class, Backend)):
        return [f"{where}: BACKEND {path!r} is not a subclass of redaksi.core.backends.Backend."]
    if family and backend_class.family not in ("", family):
        return [f"{where}: {backend_class.__name__} sends {backend_class.family}, not {family}."]
    return [f"{where}: {error}." for error in option_errors(backend_class, config.get("OPTIONS", {}))]


def configured() -> Mapping[str, Any]:
    return getattr(settings, SETTING, None) or {}


def get(alias: str, *, family: str | None = None) -> Backend:
    """The backend of an alias, built from the settings (cheap: backends hold no connection)."""
    backends = configured()
    if alias not in backends:
        raise ImproperlyConfigured(f"{SETTING} has no alias {alias!r} (aliases: {', '.join(sorted(backends))}).")
    errors = config_errors(alias, backends[alias], family=family)
    if errors:
        raise ImproperlyConfigured(errors[0])
    config = backends[alias]
    return import_string(config["BACKEND"])(alias, **config.get("OPTIONS", {}))


# The backends every install has. ---------------------------------------------------------------


class DjangoMailBackend(Backend):
    """Mail through Django's EMAIL_BACKEND (SMTP in production, console locally, locmem in tests).

    SMTP knows no idempotency key: a retry after a crash between the server's "250 OK" and the
    outbox's "sent" sends the mail again. The outbox gives each mail one Message-ID for all its
    tries, so a reader's mail program shows the two as one message.
    """

    family = "mail"
    options = {"email_backend": None, "timeout": None}  # None: EMAIL_BACKEND; EMAIL_TIMEOUT, else 30 s

    def post(self, payload):
        payload.connection = get_connection(
            self.settings["email_backend"],
            fail_silently=False,
            timeout=self.settings["timeout"] or getattr(settings, "EMAIL_TIMEOUT", None) or 30,
        )
        return payload.send()

    def parse_answer(self, answer, *, payload):
        if answer != 1:
            raise RetryLater(f"the mail backend accepted {answer} messages, not 1")
        return Result(Outcome.SENT, remote_id=str(payload.extra_headers.get("Message-ID", "")))


def describe(payload: Any) -> str:
    """A readable text of any payload: a mail as its MIME source, anything else as JSON."""
    if hasattr(payload, "message") and callable(payload.message):
        return payload.message().as_string()
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str, sort_keys=True)


class ConsoleBackend(Backend):
    """Development: writes each payload to standard output and calls it sent."""

    options = {"stream": "stdout"}  # "stdout" or "stderr"

    def post(self, payload):
        stream = sys.stderr if self.settings["stream"] == "stderr" else sys.stdout
        stream.write(f"--- {self.alias} ---\n{describe(payload)}\n")
        stream.flush()
        return f"console-{next(_console_ids)}"


_console_ids = itertools.count(1)


@dataclass
class Delivery:
    alias: str
    key: str
    payload: Any
    remote_id: str


@dataclass
class _Locmem:
    sent: list[Delivery] = field(default_factory=list)
    answers: deque = field(default_factory=deque)
    lock: threading.Lock = field(default_factory=threading.Lock)


class LocmemBackend(Backend):
    """Tests: keeps what it sent in `LocmemBackend.outbox()`, like django.core.mail.outbox.

    With the option `idempotent` (the default) it behaves as a provider that honours idempotency
    keys: a second send with a key it has seen sends nothing and answers the first id. A test
    scripts the provider's next answers with `LocmemBackend.answer(RetryLater(...), ...)`.
    """

    options = {"idempotent": True}
    _state = _Locmem()

    @property
    def supports_idempotency(self) -> bool:  # type: ignore[override]
        return bool(self.settings["idempotent"])

    @classmethod
    def outbox(cls) -> list[Delivery]:
        return list(cls._state.sent)

    @classmethod
    def answer(cls, *answers: BackendError | Exception) -> None:
        cls._state.answers.extend(answers)

    @classmethod
    def reset(cls) -> None:
        cls._state = _Locmem()

    def build_payload(self, message, *, key):
        return {"key": key, "message": message}

    def post(self, payload):
        state = self._state
        with state.lock:
            if state.answers:
                raise state.answers.popleft()
            if self.supports_idempotency:
                for delivery in state.sent:
                    if delivery.alias == self.alias and delivery.key == payload["key"]:
                        return delivery.remote_id
            remote_id = f"locmem-{len(state.sent) + 1}"
            state.sent.append(Delivery(self.alias, payload["key"], payload["message"], remote_id))
            return remote_id
