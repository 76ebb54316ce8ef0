"""A worker killed in the middle of a batch of SMS loses none and sends none twice: a real worker process,
killed with SIGKILL while the real local gateway is answering, on a database of its own (core.tests.served).
The SMS are single events' (a `deliver` job each) or a bulk send's (one `deliver_batch` job for all)."""

import contextlib
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter

import pytest

from core.tests.served import REPO, SECONDS, app_env, own_database, qafila

from .gateway import TOKEN, Gateway

MESSAGES = 12
GRACE = 1  # QAFILA_WORKER_GRACE: a worker unseen this long is gone, its job run again
JOBS = "django_tasks_database_dbtaskresult"

ONE_BY_ONE = f"""
import django; django.setup()
from messaging import outbox
for n in range({MESSAGES}):
    outbox.queue("bulk", to=f"+2126120000{{n:02d}}", language="ar", key=str(n), context={{"text": "Réunion"}})
"""
AT_ONCE = f"""
import django; django.setup()
from messaging import outbox
phones = [outbox.Address(f"+2126120000{{n:02d}}", "ar") for n in range({MESSAGES})]
outbox.queue_bulk("bulk", phones, caravan=None, key="1", context_for=lambda phone: {{"text": "Réunion"}})
"""


def sql(env, query):
    url = env["DATABASE_URL"]
    if url.startswith("sqlite:"):
        with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"), timeout=SECONDS)) as db, db:
            return db.execute(query).fetchall()
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        cursor = db.execute(query)
        return cursor.fetchall() if cursor.description else []


def wait_until(condition):
    deadline = time.monotonic() + SECONDS
    while not condition():
        assert time.monotonic() < deadline, "waited too long"
        time.sleep(0.01)


@pytest.mark.parametrize(
    "queue, jobs_made",
    [(ONE_BY_ONE, {"messaging.tasks.deliver": MESSAGES}), (AT_ONCE, {"messaging.tasks.deliver_batch": 1})],
    ids=["deliver", "deliver_batch"],
)
def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_only_the_sms_in_hand_with_its_reference(
    tmp_path, queue, jobs_made
):
    with Gateway(delay=0.2) as gateway, own_database(tmp_path) as url:
        env = app_env(
            url,
            1,
            QAFILA_WORKER_GRACE=str(GRACE),
            QAFILA_SMS_GATEWAY_URL=gateway.url,
            QAFILA_SMS_GATEWAY_TOKEN=TOKEN,
            QAFILA_MESSAGES_QUIET_HOURS="none",
            QAFILA_SMS_PER_SECOND="1000",
        )
        subprocess.run([sys.executable, "-c", queue], env=env, cwd=REPO, check=True, timeout=SECONDS)
        made = Counter(path for (path,) in sql(env, f"SELECT task_path FROM {JOBS}") if "messaging" in path)
        assert made == jobs_made
        worker = subprocess.Popen(
            [sys.executable, "-m", "qafila.cli", "worker"],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until(lambda: len(gateway.received) >= MESSAGES // 2)
            worker.send_signal(signal.SIGKILL)  # the gateway holds the last request for 0.2 s: it is in hand
        finally:
            worker.kill()
            worker.wait()
        gateway.delay = 0  # the rest of the batch need not be held
        in_hand = gateway.references()[-1]
        before = Counter(gateway.references())
        # The claim of the messages the killed worker held (the one in hand; in a batch, the rest of it too)
        # runs out (CLAIM_FOR) without a long wait in the test.
        sql(env, "UPDATE messaging_message SET send_after = NULL WHERE status = 'queued'")
        time.sleep(GRACE + 0.5)  # the killed worker is now unseen for longer than the grace period
        qafila(env, "worker", "--burst")
        statuses = Counter(status for (status,) in sql(env, "SELECT status FROM messaging_message"))
        jobs = Counter(
            (path, status)
            for (path, status) in sql(env, f"SELECT task_path, status FROM {JOBS}")
            if "messaging" in path
        )
    assert statuses == {"sent": MESSAGES}
    assert {status for _path, status in jobs} == {"SUCCESSFUL"}
    sent = Counter(gateway.references())
    assert len(sent) == MESSAGES  # every message reached the gateway
    assert before[in_hand] == 1 and sent[in_hand] == 2  # the one in hand at the kill, again, same reference
    assert all(count == 1 for reference, count in sent.items() if reference != in_hand)
