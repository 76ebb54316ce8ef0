"""The job worker: `qafila worker` run for real, as processes on a database of their own (core.tests.served).

The tasks are core/tests/worker_tasks.py's; each leaves audit entries, read back to count what ran.
"""

import contextlib
import datetime
import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter

import pytest
import time_machine
from django.db import connection

from core.jobs import LOST_AT_MOST, ensure_periodic, recover
from core.models import AuditEntry, JobWorker
from core.tests.jobs import run_due_jobs
from core.tests.served import REPO, SECONDS, app_env, own_database
from core.tests.worker_tasks import hourly

GRACE = 2  # QAFILA_WORKER_GRACE of the workers started here: a worker unseen this long is gone
JOBS = "django_tasks_database_dbtaskresult"


def in_django(env, code):
    """Run `code` in a Django process on the workers' database, with the test tasks and their jobs at hand."""
    prelude = (
        "import django; django.setup()\n"
        "from datetime import timedelta\n"
        "from django.utils import timezone\n"
        "from django_tasks_db.models import DBTaskResult\n"
        "from core.tests.worker_tasks import held, note\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", prelude + code],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=SECONDS,
    )
    assert done.returncode == 0, done.stderr


def sql(env, query, *params):
    """The rows of `query` (%s placeholders) on the workers' database, read directly: no Django process to start."""
    url = env["DATABASE_URL"]
    if url.startswith("sqlite:"):
        with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"), timeout=SECONDS)) as db, db:
            return db.execute(query.replace("%s", "?"), params).fetchall()
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        cursor = db.execute(query, params)
        return cursor.fetchall() if cursor.description else []


def entries(env, action):
    """{label: how many times} of the audit entries `action` the tasks left."""
    return Counter(
        label for (label,) in sql(env, "SELECT object_id FROM core_auditentry WHERE action = %s", action)
    )


def jobs(env, task):
    """[(status, the workers that claimed it)] of the jobs of one test task, oldest first."""
    found = sql(
        env,
        f"SELECT status, worker_ids FROM {JOBS} WHERE task_path = %s ORDER BY enqueued_at",
        f"core.tests.worker_tasks.{task}",
    )
    return [(status, ids if isinstance(ids, list) else json.loads(ids)) for status, ids in found]


def burst(env):
    """`qafila worker --burst` to its end, which must be a success."""
    done = subprocess.run(
        [sys.executable, "-m", "qafila.cli", "worker", "--burst"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=SECONDS,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def wait_for(path):
    deadline = time.monotonic() + SECONDS
    while not path.exists():
        assert time.monotonic() < deadline, f"waited {SECONDS} s for {path.name}"
        time.sleep(0.05)


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """A migrated database of the workers' own (SQLite file, or a new PostgreSQL database beside DATABASE_URL's)."""
    with own_database(tmp_path_factory.mktemp("worker")) as url:
        env = app_env(url, 1, QAFILA_WORKER_GRACE=str(GRACE))
        yield env


@pytest.fixture
def env(database):
    """The workers' database without jobs, entries or workers."""
    for table in (JOBS, "core_auditentry", "core_jobworker"):
        sql(database, f"DELETE FROM {table}")
    return database


@pytest.fixture
def worker(env):
    """Start `qafila worker ARGS…` on the workers' database; the processes are killed after the test."""
    started = []

    def start(*args):
        process = subprocess.Popen(
            [sys.executable, "-m", "qafila.cli", "worker", *args],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=SECONDS)


def test_a_burst_runs_the_jobs_due_and_exits_leaving_the_later_ones_for_their_time(env):
    in_django(
        env,
        "for label in 'abc': note.enqueue(label)\nnote.using(run_after=timezone.now() + timedelta(hours=1)).enqueue('later')",
    )
    burst(env)
    assert entries(env, "test.ran") == {"a": 1, "b": 1, "c": 1}
    assert [status for status, _ids in jobs(env, "note")] == ["SUCCESSFUL"] * 3 + ["READY"]
    in_django(
        env, "DBTaskResult.objects.filter(status='READY').update(run_after=timezone.now())"
    )  # an hour on
    burst(env)
    assert entries(env, "test.ran") == {"a": 1, "b": 1, "c": 1, "later": 1}


def test_sigterm_ends_the_worker_after_the_job_in_hand_and_the_next_job_waits_for_a_restart(
    env, worker, tmp_path
):
    in_django(env, f"held.enqueue('in hand', {str(tmp_path)!r})")
    running = worker()
    wait_for(tmp_path / "in hand.started")
    in_django(env, "note.enqueue('next')")
    running.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    assert running.poll() is None  # the job in hand is not cut
    (tmp_path / "in hand.release").touch()
    assert running.wait(timeout=SECONDS) == 0
    assert entries(env, "test.finished") == {"in hand": 1}
    assert entries(env, "test.ran") == {}  # the next job waits in the database
    burst(env)
    assert entries(env, "test.ran") == {"next": 1}


def test_a_job_whose_worker_was_killed_is_run_again_once_the_worker_is_unseen_for_the_grace_period(
    env, worker, tmp_path
):
    in_django(env, f"held.enqueue('killed', {str(tmp_path)!r})")
    first = worker()
    wait_for(tmp_path / "killed.started")
    time.sleep(GRACE + 0.5)
    burst(env)  # the job has run longer than the grace period, but its worker is alive: it is left to it
    assert [status for status, _ids in jobs(env, "held")] == ["RUNNING"]
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=SECONDS)
    (tmp_path / "killed.release").touch()
    time.sleep(GRACE + 0.5)
    burst(env)
    assert (entries(env, "test.started"), entries(env, "test.finished")) == ({"killed": 2}, {"killed": 1})
    ((status, ids),) = jobs(env, "held")
    assert status == "SUCCESSFUL" and len(ids) == 2
    assert sql(env, "SELECT id FROM core_jobworker") == []  # the dead worker is forgotten


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="several workers at once need PostgreSQL (CI runs it)"
)
def test_several_workers_on_one_postgresql_database_run_each_job_exactly_once(env, worker):
    in_django(env, "for label in range(200): note.enqueue(label, 0.01)")
    workers = [worker("--burst") for _ in range(3)]
    assert [process.wait(timeout=SECONDS) for process in workers] == [0, 0, 0]
    assert entries(env, "test.ran") == {str(label): 1 for label in range(200)}
    claims = [ids for _status, ids in jobs(env, "note")]
    assert len(claims) == 200 and all(len(ids) == 1 for ids in claims)
    assert len({ids[0] for ids in claims}) > 1  # they did run side by side


# --- In the test's own process ----------------------------------------------------------------------------------

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_a_periodic_task_runs_at_once_then_its_next_run_waits_its_period():
    from django_tasks_db.models import DBTaskResult

    runs = DBTaskResult.objects.filter(task_path=hourly.module_path)
    with time_machine.travel(NOW, tick=False):
        ensure_periodic()
        ensure_periodic()  # a second worker starting finds the run pending
        assert runs.count() == 1
        run_due_jobs()
        assert AuditEntry.objects.filter(action="test.hourly").count() == 1
        assert runs.get(status="READY").run_after == NOW + datetime.timedelta(hours=1)
        run_due_jobs()
        assert AuditEntry.objects.filter(action="test.hourly").count() == 1
    with time_machine.travel(NOW + datetime.timedelta(hours=1), tick=False):
        run_due_jobs()
        assert AuditEntry.objects.filter(action="test.hourly").count() == 2
        assert runs.get(status="READY").run_after == NOW + datetime.timedelta(hours=2)


@pytest.mark.django_db
def test_a_job_that_lost_its_worker_too_often_fails_instead_of_killing_another(settings):
    from django_tasks_db.models import DBTaskResult

    from core.tests.worker_tasks import note

    settings.QAFILA_WORKER_GRACE = GRACE
    long_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=GRACE + 1)
    JobWorker.objects.create(id="alive", seen=datetime.datetime.now(datetime.UTC))
    ids = {}
    for label, worker_ids in [
        ("lost", ["w1"]),
        ("lost often", [f"w{n}" for n in range(LOST_AT_MOST)]),
        ("alive", ["alive"]),
    ]:
        ids[label] = note.enqueue(label).id
        DBTaskResult.objects.filter(id=ids[label]).update(
            status="RUNNING", started_at=long_ago, worker_ids=worker_ids
        )
    assert recover() == 1
    status = {label: DBTaskResult.objects.get(id=id).status for label, id in ids.items()}
    assert status == {"lost": "READY", "lost often": "FAILED", "alive": "RUNNING"}
    assert DBTaskResult.objects.get(id=ids["lost often"]).exception_class_path == "core.jobs.WorkerLost"
