"""The backend family: the pipeline, its outcomes, the console and locmem backends, and the start-up checks."""

import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from redaksi.core import backends
from redaksi.core.backends import (
    REQUIRED,
    Backend,
    ConsoleBackend,
    LocmemBackend,
    NeedsPerson,
    Outcome,
    Refused,
    Result,
    RetryLater,
)
from redaksi.core.checks import backends_check, options_check
from redaksi.core.conf import Options


@pytest.fixture(autouse=True)
def fresh_locmem():
    LocmemBackend.reset()
    yield
    LocmemBackend.reset()


class Wall(Backend):
    """A provider in the shape issue 11's networks take: a token, a JSON answer, status codes."""

    family = "social"
    options = {"token": REQUIRED, "page": "news"}
    supports_idempotency = True
    answers: list = []

    def build_payload(self, message, *, key):
        return {"page": self.settings["page"], "text": message["text"], "idempotency_key": key, "token": "***"}

    def post(self, payload):
        self.posted = payload
        return self.answers.pop(0)

    def parse_answer(self, answer, *, payload):
        status, body = answer
        if status == 429:
            raise RetryLater("rate limited", retry_after=timedelta(seconds=body["retry_after"]))
        if status == 401:
            raise NeedsPerson("the page's token expired: connect the page again")
        if status == 400:
            raise Refused(body["error"])
        return Result(Outcome.SENT, remote_id=body["id"])


def wall(**options):
    return Wall("wall", **{"token": "t", **options})


@pytest.mark.parametrize(
    ("answer", "outcome", "detail"),
    [
        ((200, {"id": "p-1"}), Outcome.SENT, ""),
        ((429, {"retry_after": 90}), Outcome.RETRY, "RetryLater: rate limited"),
        ((401, {}), Outcome.NEEDS_PERSON, "NeedsPerson: the page's token expired: connect the page again"),
        ((400, {"error": "text too long"}), Outcome.REFUSED, "Refused: text too long"),
    ],
)
def test_the_pipeline_turns_every_answer_into_one_of_four_outcomes(answer, outcome, detail):
    backend = wall(page="berita")
    backend.answers = [answer]
    result = backend.send({"text": "Jembatan baru"}, key="k-1")
    assert result.outcome == outcome and result.detail == detail
    assert backend.posted == {"page": "berita", "text": "Jembatan baru", "idempotency_key": "k-1", "token": "***"}
    if outcome == Outcome.SENT:
        assert result.remote_id == "p-1"
    if outcome == Outcome.RETRY:
        assert result.retry_after == timedelta(seconds=90)


def test_a_failure_no_hook_expected_means_try_again_later_and_never_escapes():
    backend = wall()
    backend.answers = []  # post() raises IndexError: a bug or a broken network, the outbox must live on
    result = backend.send({"text": "x"}, key="k")
    assert result.outcome == Outcome.RETRY and result.detail.startswith("IndexError")


def test_a_backend_refuses_unknown_and_missing_options_when_built():
    with pytest.raises(ImproperlyConfigured, match=r"REDAKSI_BACKENDS\['wall'\]: unknown option 'colour' for Wall"):
        Wall("wall", token="t", colour="red")
    with pytest.raises(ImproperlyConfigured, match=r"REDAKSI_BACKENDS\['wall'\]: missing required option 'token'"):
        Wall("wall")


def test_the_console_backend_prints_the_payload_and_calls_it_sent(capsys):
    result = ConsoleBackend("dev").send({"text": "Halo", "n": 1}, key="k")
    assert result.outcome == Outcome.SENT and result.remote_id.startswith("console-")
    out = capsys.readouterr().out
    assert out.startswith("--- dev ---\n")
    assert json.loads(out.split("\n", 1)[1]) == {"text": "Halo", "n": 1}


def test_the_console_backend_prints_a_mail_as_its_source(capsys):
    message = EmailMessage("Uji", "Isi surat", "redaksi@example.go.id", ["kabag@example.go.id"])
    ConsoleBackend("dev", stream="stderr").send(message, key="k")
    err = capsys.readouterr().err
    assert "Subject: Uji" in err and "To: kabag@example.go.id" in err and "Isi surat" in err


def test_the_locmem_backend_keeps_what_it_sent_and_honours_keys():
    backend = LocmemBackend("social")
    first = backend.send({"text": "a"}, key="k-1")
    again = backend.send({"text": "a"}, key="k-1")
    other = backend.send({"text": "b"}, key="k-2")
    assert first.outcome == again.outcome == other.outcome == Outcome.SENT
    assert first.remote_id == again.remote_id != other.remote_id
    assert [(d.alias, d.key, d.payload) for d in LocmemBackend.outbox()] == [
        ("social", "k-1", {"text": "a"}),
        ("social", "k-2", {"text": "b"}),
    ]


def test_the_locmem_backend_without_idempotency_sends_a_key_twice():
    backend = LocmemBackend("plain", idempotent=False)
    assert not backend.supports_idempotency
    backend.send("a", key="k")
    backend.send("a", key="k")
    assert len(LocmemBackend.outbox()) == 2


def test_the_locmem_backend_plays_scripted_answers():
    LocmemBackend.answer(RetryLater("busy", retry_after=timedelta(minutes=5)), Refused("spam"), ConnectionError("down"))
    backend = LocmemBackend("social")
    assert backend.send("x", key="1") == Result(
        Outcome.RETRY, detail="RetryLater: busy", retry_after=timedelta(minutes=5)
    )
    assert backend.send("x", key="1").outcome == Outcome.REFUSED
    assert backend.send("x", key="1") == Result(Outcome.RETRY, detail="ConnectionError: down")
    assert backend.send("x", key="1").outcome == Outcome.SENT
    assert len(LocmemBackend.outbox()) == 1


def test_the_django_mail_backend_sends_through_email_backend(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message = EmailMessage("Uji", "Isi", "redaksi@example.go.id", ["a@example.go.id"], headers={"Message-ID": "<m@x>"})
    result = backends.DjangoMailBackend("mail").send(message, key="k")
    assert result == Result(Outcome.SENT, remote_id="<m@x>")
    assert [m.subject for m in mail.outbox] == ["Uji"]


def test_the_django_mail_backend_may_name_its_own_email_backend(settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    backend = backends.DjangoMailBackend("mail", email_backend="django.core.mail.backends.console.EmailBackend")
    backend.send(EmailMessage("Lewat konsol", "Isi", "r@example.go.id", ["a@example.go.id"]), key="k")
    assert mail.outbox == [] and "Lewat konsol" in capsys.readouterr().out


def test_a_backend_is_found_by_its_alias(settings):
    settings.REDAKSI_BACKENDS = {
        "dev": {"BACKEND": "redaksi.core.backends.ConsoleBackend", "OPTIONS": {"stream": "stderr"}}
    }
    backend = backends.get("dev")
    assert isinstance(backend, ConsoleBackend) and backend.alias == "dev" and backend.settings == {"stream": "stderr"}
    with pytest.raises(ImproperlyConfigured, match="REDAKSI_BACKENDS has no alias 'mail' \\(aliases: dev\\)"):
        backends.get("mail")
    assert isinstance(backends.get("dev", family="mail"), ConsoleBackend)  # the console serves every family
    settings.REDAKSI_BACKENDS = {"wall": {"BACKEND": f"{__name__}.Wall", "OPTIONS": {"token": "t"}}}
    with pytest.raises(ImproperlyConfigured, match=r"REDAKSI_BACKENDS\['wall'\]: Wall sends social, not mail"):
        backends.get("wall", family="mail")


# The start-up checks. -----------------------------------------------------------------------------


def messages(check) -> list[str]:
    return [error.msg for error in check()]


def test_the_project_settings_pass_the_checks():
    assert messages(backends_check) == []
    assert messages(options_check) == []


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            {"BACKEND": "redaksi.core.backends.ConsoleBackend", "OPTIONS": {"colour": "red"}},
            "REDAKSI_BACKENDS['dev']: unknown option 'colour' for ConsoleBackend.",
        ),
        (
            {"BACKEND": f"{__name__}.Wall"},
            "REDAKSI_BACKENDS['dev']: missing required option 'token' for Wall.",
        ),
        (
            {"BACKEND": "redaksi.core.backends.NoSuchBackend"},
            "REDAKSI_BACKENDS['dev']: cannot import BACKEND 'redaksi.core.backends.NoSuchBackend'",
        ),
        (
            {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"},
            "REDAKSI_BACKENDS['dev']: BACKEND 'django.core.mail.backends.smtp.EmailBackend' is not a subclass",
        ),
        ({"OPTIONS": {}}, "REDAKSI_BACKENDS['dev'] needs BACKEND"),
        (
            {"BACKEND": "redaksi.core.backends.ConsoleBackend", "OPTION": {}},
            "REDAKSI_BACKENDS['dev'] has unknown keys OPTION",
        ),
        ("redaksi.core.backends.ConsoleBackend", "REDAKSI_BACKENDS['dev'] must be a dict"),
    ],
)
def test_a_bad_backend_stops_start_up_naming_the_alias_and_the_option(settings, config, message):
    settings.REDAKSI_BACKENDS = {**settings.REDAKSI_BACKENDS, "dev": config}
    [error] = backends_check()
    assert error.id == "redaksi.E001" and error.msg.startswith(message)
    with pytest.raises(SystemCheckError, match=re.escape(message)):
        call_command("check")


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("REDAKSI_NOTIFY", {"MAIL_MAX_ATEMPTS": 3}, "REDAKSI_NOTIFY has unknown options: MAIL_MAX_ATEMPTS (known: "),
        (
            "REDAKSI_NOTIFY",
            {"MAIL_BACKEND": "sms"},
            "REDAKSI_NOTIFY['MAIL_BACKEND']: names 'sms', which REDAKSI_BACKENDS lacks",
        ),
        (
            "REDAKSI_NOTIFY",
            {"APPROVAL_LINK_DAYS": 0},
            "REDAKSI_NOTIFY['APPROVAL_LINK_DAYS']: must be a positive number",
        ),
        ("REDAKSI_NOTIFY", {"REMINDER_LADDER": [{"percent": 80}]}, "REDAKSI_NOTIFY['REMINDER_LADDER']: REDAKSI_NOTIFY"),
        ("REDAKSI_PUBLIC", {"PAGE_SIZE": "12"}, "REDAKSI_PUBLIC['PAGE_SIZE']: must be a positive whole number"),
        (
            "REDAKSI_PUBLIC",
            {"BASE_URL": "berita.example.go.id"},
            "REDAKSI_PUBLIC['BASE_URL']: must be empty or an http",
        ),
        ("REDAKSI_PUBLIC", ["PAGE_SIZE", 12], "REDAKSI_PUBLIC must be a dict of options, not list."),
    ],
)
def test_a_bad_option_of_an_app_stops_start_up_naming_the_setting_and_the_option(settings, setting, value, message):
    setattr(settings, setting, value)
    [error] = options_check()
    assert error.id == "redaksi.E002" and error.msg.startswith(message)


def test_a_mail_backend_of_another_family_is_refused(settings):
    settings.REDAKSI_BACKENDS = {
        **settings.REDAKSI_BACKENDS,
        "wall": {"BACKEND": f"{__name__}.Wall", "OPTIONS": {"token": "t"}},
    }
    settings.REDAKSI_NOTIFY = {"MAIL_BACKEND": "wall"}
    assert messages(options_check) == [
        "REDAKSI_NOTIFY['MAIL_BACKEND']: REDAKSI_BACKENDS['wall']: Wall sends social, not mail."
    ]


GADGET = Options(
    "REDAKSI_GADGET", {"SIZE": 3, "COLOUR": "red"}, {"SIZE": lambda options, v: "" if v > 0 else "too small"}
)


def test_a_bad_option_is_refused_on_use_too(settings):
    assert GADGET["SIZE"] == 3  # unset: the defaults
    settings.REDAKSI_GADGET = {"SIZ": 5}
    with pytest.raises(ImproperlyConfigured, match=r"REDAKSI_GADGET has unknown options: SIZ \(known: COLOUR, SIZE\)"):
        GADGET.values()
    settings.REDAKSI_GADGET = {"SIZE": 0}
    with pytest.raises(ImproperlyConfigured, match=r"REDAKSI_GADGET\['SIZE'\]: too small"):
        GADGET["SIZE"]
    settings.REDAKSI_GADGET = {"SIZE": 5}
    assert GADGET.values() == {"SIZE": 5, "COLOUR": "red"}  # a changed setting is read again, not served from the cache
