"""Exactly once, for real: twenty agents' phones send the same badge at the same moment to a served Qafila.

The app runs as `qafila serve` runs it in production (gunicorn, several sync worker processes, each with its own
database connection; only collectstatic is skipped: a minute of compression the API does not need) on a
loopback port, against a database of its own: a temporary SQLite file or, when DATABASE_URL points at
PostgreSQL, a fresh database created there and dropped afterwards (pytest-django's test database is invisible
to another process). It takes about ten seconds: run it alone with
`pytest onsite/tests/test_checkin_concurrency.py`, leave it out with `-k "not exactly_once"`."""

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
AGENTS = 20
WORKERS = 4
SECONDS = 60  # bound on every step: a hung server or database fails the test instead of blocking the suite

PREPARE = """
import json
from caravans.demo import load_demo_caravan, load_demo_users
from core.models import ApiToken
from places.services import load_places
from registration.services import register
from registration.tests.factories import person

load_places()
caravan = load_demo_caravan()
agent = load_demo_users(caravan)["agent"]
registration = register(caravan, person(), profile="project_holder", channel="staff", project_idea="عسل")
assert registration.decision == "accepted", registration.reasons
print(json.dumps({"code": registration.badge_code, "day": caravan.start_date.isoformat(),
                  "token": ApiToken.issue(agent)}))
"""

COUNT = """
import json
from core.models import AuditEntry
from onsite.models import CheckIn
print(json.dumps({"checkins": CheckIn.objects.count(),
                  "audited": AuditEntry.objects.filter(action="checkin.recorded").count()}))
"""


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


@contextlib.contextmanager
def own_database(workdir):
    """A database for the served app alone: a SQLite file, or a new PostgreSQL database beside DATABASE_URL's."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres:", "postgresql:")):
        yield f"sqlite:///{workdir / 'checkin.sqlite3'}"
        return
    import psycopg

    name = f"qafila_checkin_{secrets.token_hex(4)}"
    # Created from the maintenance database, as Django creates its test database: DATABASE_URL's own
    # database need not exist.
    maintenance = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(maintenance, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def served(env, log_path):
    """The app served on env's BIND until the block ends; the whole process group is stopped even on failure."""
    with open(log_path, "w") as log:
        # The command line of qafila.cli's `serve`: gunicorn's default sync workers, WEB_CONCURRENCY of them.
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
            wait_until_up(server, f"http://{env['BIND']}/api/v1/caravans", log_path)
            yield f"http://{env['BIND']}"
        finally:
            if server.poll() is None:
                server.send_signal(signal.SIGTERM)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    server.wait(timeout=15)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)  # the group started above, by its own id
            server.wait(timeout=10)


def wait_until_up(server, url, log_path):
    deadline = time.monotonic() + SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, f"the server stopped:\n{log_path.read_text()[-3000:]}"
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        time.sleep(0.2)
    pytest.fail(f"the server did not answer within {SECONDS} s:\n{log_path.read_text()[-3000:]}")


def post(url, body, token):
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=SECONDS) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


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


def test_twenty_agents_scanning_the_same_badge_at_once_check_it_in_exactly_once():
    with tempfile.TemporaryDirectory(prefix="qafila-checkin-") as directory:
        workdir = Path(directory)
        with own_database(workdir) as database_url:
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "qafila.settings",
                "DATABASE_URL": database_url,
                "QAFILA_INSECURE_DEV": "1",
                "QAFILA_HTTPS": "0",
                "QAFILA_DEMO_PASSWORD": "",  # no passwords to hash: the agent calls with a token
                "BIND": f"127.0.0.1:{free_port()}",
                "WEB_CONCURRENCY": str(WORKERS),
                "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
            }
            qafila(env, "migrate", "--noinput", "-v0")
            setup = json.loads(qafila(env, "shell", "-c", PREPARE))
            with served(env, workdir / "server.log") as base:
                url = f"{base}/api/v1/caravans/tanger-2025/checkins"
                # Every worker up and connected first, so that the twenty requests race on the database.
                all_at_once(
                    WORKERS * 2, lambda: urllib.request.urlopen(f"{base}/api/v1/caravans", timeout=SECONDS)
                )
                scan = {"code": setup["code"], "day": setup["day"]}
                answers = all_at_once(AGENTS, lambda: post(url, scan, setup["token"]))
            counted = json.loads(qafila(env, "shell", "-c", COUNT))

    statuses = Counter(status for (status, _body), _start, _end in answers)
    assert statuses == {201: 1, 409: AGENTS - 1}, statuses
    assert counted == {"checkins": 1, "audited": 1}
    (first,) = [body for (status, body), _start, _end in answers if status == 201]
    assert {body["checkin"]["id"] for (_status, body), _start, _end in answers} == {first["checkin"]["id"]}
    assert {body["code"] for (status, body), _start, _end in answers if status == 409} == {"already"}
    seconds = max(end for *_, end in answers) - min(start for _, start, _end in answers)
    print(f"\n{AGENTS} simultaneous check-ins of one badge, {WORKERS} workers: {seconds * 1000:.0f} ms")
