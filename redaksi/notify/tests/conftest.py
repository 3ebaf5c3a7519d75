"""A real SMTP server on 127.0.0.1 for the outgoing side, and our inbound endpoint for replies."""

import re
import socket
import threading
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from redaksi.newsroom.tests.factories import advance, new_item

TOKEN_IN_LINK = re.compile(r"/notifikasi/persetujuan/([a-z2-7]{32})/")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Collector:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        with self.lock:
            self.messages.append(
                {
                    "from": envelope.mail_from,
                    "to": list(envelope.rcpt_tos),
                    "message": message_from_bytes(envelope.original_content, policy=policy.default),
                }
            )
        return "250 OK"


class SmtpServer:
    """aiosmtpd on a fixed free port, which can be stopped and started again (an outage)."""

    def __init__(self):
        self.port = free_port()
        self.collector = Collector()
        self.controller = None

    def start(self):
        self.controller = Controller(self.collector, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self):
        return self.collector.messages


@pytest.fixture
def smtp(settings):
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


@pytest.fixture
def notify_settings(settings, tmp_path):
    settings.REDAKSI_BASE_URL = "https://redaksi.example.go.id"
    settings.DEFAULT_FROM_EMAIL = "redaksi@example.go.id"
    settings.REDAKSI_NOTIFY = {**settings.REDAKSI_NOTIFY, "REPLY_ADDRESS": "persetujuan@example.go.id"}
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings


def tokens_in(text: str) -> list[str]:
    return TOKEN_IN_LINK.findall(text)


@pytest.fixture
def at_approval(staff, office, notify_settings, django_capture_on_commit_callbacks):
    """An item waiting at step 3, its approval mail sent (after commit, as in production)."""

    def make(title="Bupati Resmikan Jembatan Desa", **kw):
        with django_capture_on_commit_callbacks(execute=True):
            item = new_item(staff, office, title=title, **kw)
            item = advance(item, staff, 3)
        return item

    return make
