"""What a normal day's log looks like: refusals are one warning line each."""

import logging
import sys

import pytest
from django.test import Client
from django.urls import reverse

from redaksi.conftest import PASSWORD
from redaksi.core.logging import ClientErrorFilter, EscapingFormatter

pytestmark = pytest.mark.django_db


def test_a_permission_refusal_is_one_warning_line_without_a_traceback(staff, caplog):
    reporter = Client()
    assert reporter.login(username=staff["reporter"].username, password=PASSWORD)

    with caplog.at_level(logging.INFO, logger="django.request"):
        response = reporter.get(reverse("accounts:user_list"))

    assert response.status_code == 403
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelno == logging.WARNING and record.exc_info is None
    line = EscapingFormatter("%(levelname)s %(name)s %(message)s").format(record)
    assert "\n" not in line and "Traceback" not in line
    assert line.startswith("WARNING django.request Forbidden (Permission denied): /akun/pengguna/ (")
    assert "system administrator" in line


def test_a_server_error_keeps_its_traceback():
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/x",), None)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record.exc_info = sys.exc_info()
    record.status_code = 500

    assert ClientErrorFilter().filter(record) and record.exc_info is not None
    assert "Traceback" in EscapingFormatter("%(message)s").format(record)
