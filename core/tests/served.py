"""Qafila served for real to tests that need several processes at once (races that must end exactly once).

The app runs as `qafila serve` runs it in production (gunicorn, sync worker processes, each with its own
database connection; only collectstatic is skipped) on a loopback port, against a database of its own: a
temporary SQLite file or, when DATABASE_URL points at PostgreSQL, a fresh database created there and dropped
afterwards (pytest-django's test database is invisible to another process). Each is a copy of one database
migrated by `qafila migrate` once per test process."""

import contextlib
import os
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
SECONDS = 60  # bound on every step: a hung server or database fails the test instead of blocking the suite


def qafila(env, *args):
    """Run `qafila …` from this checkout; its standard output's last line."""
    done = subprocess.run(
        [sys.executable, "-m", "qafila.cli", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=SECONDS * 3,
    )
    assert done.returncode == 0, f"qafila {args[0]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# This test process's migrated database, made on its first use (one `qafila migrate`, seconds of CPU, instead
# of one per test): each own_database is a copy of it. Dropped at the session's end (pytest_sessionfinish).
_template = {}


def _postgresql(url):
    return url.startswith(("postgres:", "postgresql:"))


def _maintenance(url):
    """DATABASE_URL's server, on its maintenance database: DATABASE_URL's own database need not exist (as Django
    creates its test database)."""
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def _migrated(url):
    """The URL of this test process's migrated template, migrated now if not yet."""
    if "url" not in _template:
        # Named after the xdist worker and a random token: several workers, or several sessions, share one server.
        name = f"qafila_template_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{secrets.token_hex(4)}"
        if _postgresql(url):
            import psycopg

            with psycopg.connect(_maintenance(url), autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{name}"')
            _template["database"] = name
            template = urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
        else:
            _template["folder"] = tempfile.mkdtemp(prefix=f"{name}-")
            template = f"sqlite:///{Path(_template['folder']) / 'template.sqlite3'}"
        # Without the system checks (seconds of loading every view): other tests run them.
        qafila(app_env(template, 1), "migrate", "--noinput", "--skip-checks", "-v0")
        _template["url"] = template
    return _template["url"]


def pytest_sessionfinish(session):
    """Drop this test process's template (served.py is a plugin: see the root conftest's pytest_plugins)."""
    url = os.environ.get("DATABASE_URL", "")
    if "database" in _template:
        import psycopg

        with psycopg.connect(_maintenance(url), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{_template["database"]}" WITH (FORCE)')
    if "folder" in _template:
        shutil.rmtree(_template["folder"], ignore_errors=True)
    _template.clear()


@contextlib.contextmanager
def own_database(workdir):
    """A migrated database for the served app alone, a copy of the template: a SQLite file in `workdir`, or a
    new PostgreSQL database beside DATABASE_URL's."""
    url = os.environ.get("DATABASE_URL", "")
    template = _migrated(url)
    if not _postgresql(url):
        path = workdir / "served.sqlite3"
        # SQLite's own copy: whatever of the template is still in its write-ahead log comes along.
        source = sqlite3.connect(template.removeprefix("sqlite:///"))
        target = sqlite3.connect(path)
        with contextlib.closing(source), contextlib.closing(target):
            source.backup(target)
        yield f"sqlite:///{path}"
        return
    import psycopg

    name = f"qafila_served_{secrets.token_hex(4)}"
    with psycopg.connect(_maintenance(url), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{_template["database"]}"')
    try:
        yield urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(_maintenance(url), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def app_env(database_url, workers, **extra):
    """The environment of a served Qafila on a free loopback port (`BIND`)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "qafila.settings",
        "DATABASE_URL": database_url,
        "QAFILA_INSECURE_DEV": "1",
        "QAFILA_HTTPS": "0",
        "QAFILA_DEMO_PASSWORD": "",  # no passwords to hash
        "BIND": f"127.0.0.1:{free_port()}",
        "WEB_CONCURRENCY": str(workers),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        **extra,
    }


@contextlib.contextmanager
def served(env, log_path, ready_path="/api/v1/caravans"):
    """The app served on env's BIND until the block ends; the whole process group is stopped even on failure."""
    with open(log_path, "w") as log:
        # The command line of qafila.cli's `serve`: gunicorn's default sync workers, WEB_CONCURRENCY of them,
        # forked from a process that loaded the app.
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "qafila.wsgi:application",
                "--bind",
                env["BIND"],
                "--workers",
                env["WEB_CONCURRENCY"],
                "--preload",
                "--access-logfile",
                "-",
            ],
            env=env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_until_up(server, f"http://{env['BIND']}{ready_path}", log_path)
            yield f"http://{env['BIND']}"
        finally:
            # Killed, not stopped: every answer the test waited for is in, and a graceful stop takes seconds for
            # nothing a test reads. The group started above, by its own id.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


def _wait_until_up(server, url, log_path):
    deadline = time.monotonic() + SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, f"the server stopped:\n{log_path.read_text()[-3000:]}"
        with contextlib.suppress(OSError):
            # Patient: each worker loads every view as it starts (seconds on a busy machine); a probe given up
            # meanwhile is one more request waiting in the queue, not an answer sooner.
            with urllib.request.urlopen(url, timeout=SECONDS) as response:
                if response.status == 200:
                    return
        time.sleep(0.2)
    pytest.fail(f"the server did not answer within {SECONDS} s:\n{log_path.read_text()[-3000:]}")


def all_at_once(count, call):
    """Run `call()` in `count` threads released together; [(result, seconds from release to answer)]."""
    barrier = threading.Barrier(count, timeout=SECONDS)
    results = [None] * count

    def one(index):
        barrier.wait()
        start = time.perf_counter()
        results[index] = (call(), start, time.perf_counter())

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS)
    assert all(results), "some requests got no answer in time"
    return results
