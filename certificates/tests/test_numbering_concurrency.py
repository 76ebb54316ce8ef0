"""Numbers without gaps or duplicates when several processes issue certificates of one caravan at once.

Four processes (each its own database connection, as gunicorn workers have) register new participants and
issue certificates in turns, all released together, on a database of their own (core.tests.served: a SQLite
file, or PostgreSQL's when DATABASE_URL names it; pytest-django's test database is invisible to another
process). About ten seconds."""

import json
import select
import subprocess
import sys
import tempfile
from pathlib import Path

from core.tests.served import REPO, app_env, own_database

WORKERS = 4
ROUNDS = 5
SECONDS = 120

PREPARE = """
import django; django.setup()
from caravans.demo import load_demo_caravan
from places.services import load_places
load_places()
load_demo_caravan()
"""

WORKER = """
import django, json, sys; django.setup()
from caravans.models import Caravan
from certificates import services
from certificates.tests.factories import participant
caravan = Caravan.objects.get(slug="tanger-2025")
worker = int(sys.argv[1])
print("ready", flush=True)
sys.stdin.readline()  # the release, sent to every worker once all are ready
issued = []
for n in range({rounds}):
    unique = 10 * worker + n  # the factory's counter restarts in every process
    participant(caravan, days=2, cin=f"KB{{700000 + unique}}", phone=f"+21261{{7000000 + unique}}",
                full_name_ar=f"زينب {{unique}} التازي", full_name_latin=f"Zineb Tazi {{unique}}")
    issued += [c.number for c in services.issue_all(caravan, None)]
print(json.dumps(issued))
"""

CHECK = """
import django, json; django.setup()
from certificates.models import Certificate
from registration.models import Registration
print(json.dumps({"serials": list(Certificate.objects.order_by("serial").values_list("serial", flat=True)),
                  "numbers": Certificate.objects.values("number").distinct().count(),
                  "registrations": Registration.objects.count(),
                  "holders": Certificate.objects.values("registration").distinct().count()}))
"""


def python(env, code, *args, wait=True):
    command = [sys.executable, "-c", code, *args]
    if not wait:
        return subprocess.Popen(
            command,
            env=env,
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, timeout=SECONDS)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def test_it_numbers_without_gaps_or_duplicates_when_processes_issue_at_once():
    with (
        tempfile.TemporaryDirectory(prefix="qafila-certificates-") as directory,
        own_database(Path(directory)) as url,
    ):
        env = app_env(url, WORKERS)
        python(env, PREPARE)
        workers = [python(env, WORKER.format(rounds=ROUNDS), str(w), wait=False) for w in range(WORKERS)]
        for worker in workers:  # every worker set up and waiting before the release
            assert select.select([worker.stdout], [], [], SECONDS)[0], "a worker was not ready in time"
            assert worker.stdout.readline() == "ready\n", worker.communicate(timeout=SECONDS)[1][-3000:]
        for worker in workers:  # released together
            worker.stdin.write("go\n")
            worker.stdin.flush()
        issued = []
        for worker in workers:
            out, err = worker.communicate(timeout=SECONDS)
            assert worker.returncode == 0, err[-3000:]
            issued += json.loads(out.strip().splitlines()[-1])
        result = json.loads(python(env, CHECK))
    total = WORKERS * ROUNDS
    assert result["registrations"] == result["holders"] == total
    assert result["serials"] == list(range(1, total + 1))  # no gap, no duplicate
    assert result["numbers"] == total and len(set(issued)) == total  # each issued exactly once
