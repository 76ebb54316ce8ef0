"""`qafila worker [--burst]`: django-tasks-db's worker, seen alive while it runs, recovering the jobs of workers gone.

Several may run against one PostgreSQL database: a job is claimed in a transaction that skips the rows another
worker has locked (SELECT … FOR UPDATE SKIP LOCKED), so no job runs twice at once. On SQLite the claim takes
the database's write lock, which does the same on one machine.
"""

import logging
import os
import socket
import threading
import time

from django.db import DatabaseError, connection
from django.utils.crypto import get_random_string
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands import db_worker

from core import jobs

logger = logging.getLogger("django_tasks_db")


class Worker(db_worker.Worker):
    """A heartbeat thread keeps this worker's JobWorker row fresh and, every grace period, recovers lost jobs."""

    def run(self):
        jobs.beat(self.worker_id)
        self.housekeep()
        stop = threading.Event()
        heart = threading.Thread(target=self.beating, args=(stop,), name="heartbeat", daemon=True)
        heart.start()
        try:
            super().run()
        finally:
            stop.set()
            heart.join()
            jobs.gone(self.worker_id)

    def housekeep(self):
        recovered = jobs.recover()
        if recovered:
            logger.warning("%d job(s) of workers gone made ready again", recovered)
        jobs.ensure_periodic()

    def beating(self, stop):
        every = jobs.grace().total_seconds()
        last_housekeeping = time.monotonic()
        while not stop.wait(min(every / 4, 10)):
            try:
                jobs.beat(self.worker_id)
                if time.monotonic() - last_housekeeping >= every:
                    self.housekeep()
                    last_housekeeping = time.monotonic()
            except DatabaseError:  # the database away for a moment: the next beat tries again
                logger.exception("worker %s: heartbeat failed", self.worker_id)
        connection.close()  # this thread's own connection


class Command(db_worker.Command):
    help = (
        "Run background jobs until stopped (SIGTERM: after the job in hand); --burst: those due, then exit."
    )
    # Checks load every view (scipy and all) in a process that serves none: 1.5 s at each start.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="run every job that is due, then exit")
        parser.add_argument(
            "--interval",
            default=1,
            type=db_worker.valid_interval,
            help="seconds between two looks at an empty queue (default: %(default)s)",
        )
        parser.add_argument(
            "--queue-name", default="*", help="the queues to run, comma-separated (default: all)"
        )

    def handle(self, *, verbosity, burst, interval, queue_name, **options):
        self.configure_logging(verbosity)
        worker = Worker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=burst,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=not burst,  # workers started together do not all look at once
            max_tasks=None,
            # Who ran a job, in its worker_ids: the host and process an operator can find.
            worker_id=f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(8)}",
            excluded_queue_names=[],
        )
        worker.configure_signals()
        worker.run()
