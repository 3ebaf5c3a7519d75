"""JSON log lines with a request id and UTC times; the start-up refusal of demo passwords."""

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from redaksi.core.requestlog import JsonFormatter, RequestContextMiddleware
from redaksi.demo.staff import DEMO_PASSWORD
from redaksi.demo.startup import demo_password_accounts, refuse_demo_passwords

ROOT = Path(__file__).resolve().parents[3]


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines: list[str] = []
        self.setFormatter(JsonFormatter())

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def collected():
    handler = Collect()
    logger = logging.getLogger("redaksi.test.requestlog")
    logger.addHandler(handler)
    yield logger, handler.lines
    logger.removeHandler(handler)


def test_a_line_outside_a_request_is_json_in_utc(collected):
    logger, lines = collected
    logger.warning("halo\nbaris kedua %s", "x")
    (line,) = lines
    entry = json.loads(line)
    assert entry["message"] == "halo\nbaris kedua x" and "\n" not in line
    assert entry["time"].endswith("+00:00") and entry["level"] == "WARNING"
    assert "request_id" not in entry


def test_lines_during_a_request_carry_its_id_and_user(collected, rf, staff):
    logger, lines = collected
    seen = {}

    def view(request):
        request._cached_user = staff["editor"]
        logger.info("inside")
        seen["id"] = request.request_id
        from django.http import HttpResponse

        return HttpResponse("ok")

    given = rf.get("/redaksi/", HTTP_X_REQUEST_ID="abcdef0123456789")
    response = RequestContextMiddleware(view)(given)
    assert response["X-Request-ID"] == "abcdef0123456789"
    entry = json.loads(lines[-1])
    assert entry["request_id"] == "abcdef0123456789" and entry["user_id"] == staff["editor"].pk
    assert entry["path"] == "/redaksi/" and entry["method"] == "GET"

    forged = rf.get("/", HTTP_X_REQUEST_ID="bad id\nwith newline")
    response = RequestContextMiddleware(view)(forged)
    assert response["X-Request-ID"] == seen["id"] and len(seen["id"]) == 32


@pytest.mark.django_db
def test_production_refuses_to_start_with_a_demo_password(make_user, bengkalis):
    make_user(username="pengolah1")
    assert demo_password_accounts() == []
    refuse_demo_passwords()
    risky = make_user(username="kabag")
    risky.set_password(DEMO_PASSWORD)
    risky.save()
    with pytest.raises(SystemExit, match="kabag"):
        refuse_demo_passwords()
    risky.is_active = False
    risky.save()
    assert demo_password_accounts() == []


def test_the_error_reporter_starts_only_with_a_dsn():
    code = (
        "from redaksi.core.requestlog import sentry_init; import sentry_sdk;"
        "print(sentry_init(None), sentry_init('http://public@127.0.0.1:9/1'), sentry_sdk.get_client().is_active())"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["False", "True", "True"], result.stderr
