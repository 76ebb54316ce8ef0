"""The real parts the messaging tests talk to: a local SMS gateway and an SMTP server (aiosmtpd)."""

import socket

import pytest
from aiosmtpd.controller import Controller

from core.tests.jobs import run_due_jobs

from .gateway import TOKEN, Gateway


@pytest.fixture
def gateway(settings):
    """A running SMS gateway, configured as Qafila's; quiet hours off unless a test turns them on."""
    with Gateway() as running:
        settings.QAFILA_SMS_GATEWAY_URL = running.url
        settings.QAFILA_SMS_GATEWAY_TOKEN = TOKEN
        settings.QAFILA_MESSAGES_QUIET_HOURS = "none"
        settings.QAFILA_SMS_PER_SECOND = 1000
        yield running


class Mailbox:
    """What the SMTP server received."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mailbox(settings):
    """A running SMTP server, configured as Django's."""
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield box
    controller.stop()


@pytest.fixture
def run_jobs():
    """Run the jobs that are due, one at a time, as `qafila worker --burst` does, in this test's transaction."""
    return run_due_jobs
