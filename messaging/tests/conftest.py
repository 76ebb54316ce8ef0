"""The real parts the messaging tests talk to: a local SMS gateway and an SMTP server (aiosmtpd)."""

import socket

import pytest
from aiosmtpd.controller import Controller

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
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    # Not the worker's loop: it closes the connection between jobs, which would end the test's transaction.
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )

    def run():
        while job := DBTaskResult.objects.ready().first():
            job.claim(worker.worker_id)
            worker.run_task(job)

    return run
