"""Background jobs: Django's tasks API (the django-tasks backport), kept as rows of our own database.

`qafila worker` runs them (core/management/commands/worker.py: django-tasks-db's worker, seen alive in
JobWorker). A job is enqueued only once the transaction that asked for it has committed, so a worker never
picks up a job about a row it cannot see yet, and a rolled-back request leaves no job behind.

django-tasks-db leaves a job RUNNING forever when its worker dies (SIGKILL, power cut): `recover` makes it
ready again once that worker has not been seen for QAFILA_WORKER_GRACE seconds, so tasks are written to be run
twice without harm (the outbox's `deliver` checks its message's status first).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django_tasks_db.compat import TaskResultStatus, task_finished

# Waits between attempts of a job that failed for a reason that may pass (a gateway's 5xx or 429, a timeout).
BACKOFF_FIRST = timedelta(seconds=30)
BACKOFF_LONGEST = timedelta(hours=1)
# A job whose workers died under it this many times fails instead of killing one more (memory, a crash).
LOST_AT_MOST = 3
# The periodic tasks by task path: (task, period). Filled by @periodic when the apps' tasks modules load.
PERIODIC: dict = {}


def enqueue_on_commit(task, *args, run_after: datetime | None = None, **kwargs) -> None:
    """Enqueue `task(*args, **kwargs)` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: task.using(run_after=run_after).enqueue(*args, **kwargs))


def enqueue_many_on_commit(task, calls, *, run_after: datetime | None = None) -> None:
    """Enqueue `task(*args)` for each `args` of `calls` once the current transaction commits, in one INSERT
    (a bulk send's batches: one INSERT per job would cost more than the jobs' rows themselves)."""
    calls = [list(args) for args in calls]
    if calls:
        transaction.on_commit(lambda: _insert_jobs(task.using(run_after=run_after), calls))


def _insert_jobs(task, calls):
    """What django-tasks-db's `enqueue` writes, for many calls at once (its task_enqueued signal, a log line,
    is not sent)."""
    from django_tasks_db.compat import normalize_json
    from django_tasks_db.models import DBTaskResult, get_date_max

    backend = task.get_backend()
    backend.validate_task(task)
    DBTaskResult.objects.bulk_create(
        DBTaskResult(
            args_kwargs=normalize_json({"args": args, "kwargs": {}}),
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            run_after=task.run_after or get_date_max(),
            backend_name=backend.alias,
        )
        for args in calls
    )


def backoff(attempt: int) -> datetime:
    """When attempt number `attempt` (1 for the first retry) may run: doubling waits, at most an hour."""
    wait = min(BACKOFF_FIRST * 2 ** (attempt - 1), BACKOFF_LONGEST)
    return timezone.now() + wait


# --- Periodic tasks -------------------------------------------------------------------------------------------


def periodic(every: timedelta):
    """Decorate a task (above @task, in an app's tasks.py) to run it every `every`: the worker keeps one run due."""

    def register(task):
        PERIODIC[task.module_path] = (task, every)
        return task

    return register


def _pending(task_path):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=task_path, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    )


def ensure_periodic() -> None:
    """One pending run of each periodic task: a task with none gets one due now (the worker calls it)."""
    autodiscover_modules("tasks")
    for task_path, (task, _every) in PERIODIC.items():
        if not _pending(task_path).exists():
            task.enqueue()


@receiver(task_finished)
def _enqueue_next_run(sender, task_result, **kwargs):
    """After a periodic task's run, succeeded or failed, its next run `every` later (unless one is pending)."""
    task_path = task_result.task.module_path
    if task_path in PERIODIC and not _pending(task_path).exists():
        task, every = PERIODIC[task_path]
        task.using(run_after=timezone.now() + every).enqueue()


# --- Workers alive and jobs lost ------------------------------------------------------------------------------


class WorkerLost(Exception):
    """The job's worker stopped in the middle of it (killed, out of memory, machine down) too many times."""


def grace() -> timedelta:
    return timedelta(seconds=settings.QAFILA_WORKER_GRACE)


def beat(worker_id: str) -> None:
    """Worker `worker_id` is alive now."""
    from .models import JobWorker

    now = timezone.now()
    if not JobWorker.objects.filter(id=worker_id).update(seen=now):
        JobWorker.objects.create(id=worker_id, seen=now)


def gone(worker_id: str) -> None:
    """Worker `worker_id` stopped cleanly."""
    from .models import JobWorker

    JobWorker.objects.filter(id=worker_id).delete()


def recover() -> int:
    """Make ready again the jobs left running by workers not seen for the grace period; how many."""
    from django_tasks_db.models import DBTaskResult

    from .models import JobWorker

    cutoff = timezone.now() - grace()
    JobWorker.objects.filter(seen__lt=cutoff).delete()
    alive = set(JobWorker.objects.values_list("id", flat=True))
    recovered = 0
    for job in DBTaskResult.objects.running().filter(started_at__lt=cutoff):
        if job.worker_ids and job.worker_ids[-1] in alive:
            continue  # a long job of a live worker
        if len(job.worker_ids) >= LOST_AT_MOST:
            job.set_failed(WorkerLost(f"its worker stopped during each of {len(job.worker_ids)} runs"))
            continue
        # Only if nobody claimed it meanwhile: a claim changes started_at.
        recovered += DBTaskResult.objects.filter(
            id=job.id, status=TaskResultStatus.RUNNING, started_at=job.started_at
        ).update(status=TaskResultStatus.READY)
    return recovered
