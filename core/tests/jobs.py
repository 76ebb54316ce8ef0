"""Jobs run in the test's own process and transaction, one at a time, as `qafila worker --burst` runs them."""

import os
import time
from unittest import mock

from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_due_jobs():
    """Run every job that is due (and those they make due); the jobs run. A job that raised fails the test."""
    # The worker's own loop closes "old" connections between jobs, which would end the test's transaction:
    # its claim and its run are taken without the loop.
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    ran = []
    while job := DBTaskResult.objects.ready().first():
        job.claim(worker.worker_id)
        worker.run_task(job)
        assert job.status != TaskResultStatus.FAILED, f"job {job.task_path} failed:\n{job.traceback}"
        ran.append(job)
    return ran


def run_jobs_once_queued(seconds=30):
    """For browser tests, whose clicks queue jobs in the live server's thread: wait until a job is due, then run
    the due jobs as a worker beside the server would."""
    # Playwright's synchronous API keeps an event loop in this thread, which Django takes for async code; the
    # loop runs nothing while we wait here, so the ORM is safe (Django's documented escape hatch).
    with mock.patch.dict(os.environ, {"DJANGO_ALLOW_ASYNC_UNSAFE": "true"}):
        deadline = time.monotonic() + seconds
        while not DBTaskResult.objects.ready().exists():
            assert time.monotonic() < deadline, f"no job was queued within {seconds} s"
            time.sleep(0.2)
        return run_due_jobs()
