"""Tasks for the worker's tests: each leaves audit entries, read back to see what ran and how often."""

import time
from datetime import timedelta
from pathlib import Path

from django_tasks import task

from core.jobs import periodic
from core.models import AuditEntry


@task()
def note(label, seconds=0):
    time.sleep(seconds)
    AuditEntry.objects.create(action="test.ran", object_id=str(label))


@task()
def held(label, folder):
    """Starts (FOLDER/LABEL.started), waits for FOLDER/LABEL.release, finishes: a job to stop in the middle."""
    AuditEntry.objects.create(action="test.started", object_id=label)
    Path(folder, f"{label}.started").touch()
    deadline = time.monotonic() + 120
    while not Path(folder, f"{label}.release").exists():
        assert time.monotonic() < deadline, "never released"
        time.sleep(0.05)
    AuditEntry.objects.create(action="test.finished", object_id=label)


@periodic(every=timedelta(hours=1))
@task()
def hourly():
    AuditEntry.objects.create(action="test.hourly")
