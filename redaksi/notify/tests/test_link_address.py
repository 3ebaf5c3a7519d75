"""Links in mail lead back to the server that made them, unless the address is set (production)."""

import pytest
from django.test import Client
from django.urls import reverse

from redaksi.conftest import PASSWORD
from redaksi.newsroom.tests.factories import advance, new_item

from .conftest import tokens_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def step_two_done(staff, office, smtp, notify_settings, django_capture_on_commit_callbacks):
    """The editor finishes step 2 on the desk, on a server reached at `host`; the approval mail goes out."""

    def do(host: str) -> str:
        item = advance(new_item(staff, office), staff, 2)
        editor = Client()
        assert editor.login(username=staff["editor"].username, password=PASSWORD)
        with django_capture_on_commit_callbacks(execute=True):
            response = editor.post(
                reverse("newsroom:step", args=[item.pk, 2]),
                {"outcome": "done", "expected_revision": item.revision},
                HTTP_HOST=host,
            )
        assert response.status_code == 302
        (mail,) = [m for m in smtp.messages if m["to"] == [staff["head"].email]]
        return mail["message"].get_body(preferencelist=("plain",)).get_content()

    return do


def test_without_an_address_the_link_names_the_host_and_port_of_the_request(step_two_done, notify_settings):
    notify_settings.REDAKSI_BASE_URL_FROM_REQUEST = True  # REDAKSI_BASE_URL unset, as in development
    text = step_two_done("127.0.0.1:8123")
    (token,) = set(tokens_in(text))
    assert f"http://127.0.0.1:8123/notifikasi/persetujuan/{token}/" in text
    assert ":8000" not in text


def test_a_set_address_wins_over_the_host_header(step_two_done, notify_settings):
    notify_settings.REDAKSI_BASE_URL_FROM_REQUEST = False  # production: REDAKSI_BASE_URL is set
    text = step_two_done("127.0.0.1:8123")
    (token,) = set(tokens_in(text))
    assert f"https://redaksi.example.go.id/notifikasi/persetujuan/{token}/" in text
    assert "8123" not in text


def test_outside_a_request_the_setting_is_used(at_approval, smtp, staff, notify_settings):
    notify_settings.REDAKSI_BASE_URL_FROM_REQUEST = True
    at_approval()
    (mail,) = [m for m in smtp.messages if m["to"] == [staff["head"].email]]
    assert "https://redaksi.example.go.id/notifikasi/persetujuan/" in mail["message"].get_body(("plain",)).get_content()
