"""Background jobs: Django's tasks API (the django-tasks backport), kept as rows of our own database.

`qafila worker` runs them. A job is enqueued only once the transaction that asked for it has committed, so a
worker never picks up a job about a row it cannot see yet, and a rolled-back request leaves no job behind.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

# Waits between attempts of a job that failed for a reason that may pass (a gateway's 5xx or 429, a timeout).
BACKOFF_FIRST = timedelta(seconds=30)
BACKOFF_LONGEST = timedelta(hours=1)


def enqueue_on_commit(task, *args, run_after: datetime | None = None, **kwargs) -> None:
    """Enqueue `task(*args, **kwargs)` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: task.using(run_after=run_after).enqueue(*args, **kwargs))


def backoff(attempt: int) -> datetime:
    """When attempt number `attempt` (1 for the first retry) may run: doubling waits, at most an hour."""
    wait = min(BACKOFF_FIRST * 2 ** (attempt - 1), BACKOFF_LONGEST)
    return timezone.now() + wait
