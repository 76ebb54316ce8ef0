"""10,000 SMS of a caravan handed by one `qafila worker` to a local gateway that answers at once.

On a fresh temporary SQLite database (never the dev database): the demo caravan, and an organiser's message to
10,000 phones queued with `messaging.outbox.queue_bulk` (a `deliver_batch` job per 200 messages). The gateway is
the tests' own (messaging/tests/gateway.py: the contract's HTTP API, HTTP/1.1 keep-alive, 200 at once) in a
process of its own. Baseline, in the same run: the gateway's own rate alone, sent the fair way: one client
(`messaging.channels.ContractGateway`), one kept-alive connection per 200 requests as the worker's batches, the
very request bodies the worker sends (the queued messages' texts with their opt-out links, built beforehand),
with nothing else to do. Figure: messages handed over per second by one `qafila worker --burst`, from its start
(Django's setup included) to its exit, each batch's job claimed, its messages checked and claimed, each sent and
its outcome recorded before the next. Throttle and quiet hours are off: the worker's own speed is measured.
Knobs (environment): BENCH_MESSAGES (default 10000), BENCH_GATEWAY_ALONE (requests for the baseline, 2000).
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET = 0.5  # of the gateway's own rate
TIME_LIMIT = 60.0  # seconds for the worker to hand 10,000 SMS over
TOKEN = "bench-gateway-token"

GATEWAY = """
import sys
from messaging.tests.gateway import Gateway
with Gateway() as gateway:
    print(gateway.url, flush=True)
    sys.stdin.read()  # until the benchmark closes it
    print(len(gateway.received), flush=True)
"""


def run(report):
    count = int(os.environ.get("BENCH_MESSAGES", "10000"))
    alone = int(os.environ.get("BENCH_GATEWAY_ALONE", "2000"))
    with tempfile.TemporaryDirectory(prefix="qafila-bench-messages-") as directory:
        env = {
            **os.environ,
            "QAFILA_INSECURE_DEV": "1",
            "QAFILA_HTTPS": "0",
            "DJANGO_SETTINGS_MODULE": "qafila.settings",
            "DATABASE_URL": f"sqlite:///{Path(directory) / 'bench.sqlite3'}",
            "QAFILA_SMS_GATEWAY_TOKEN": TOKEN,
            "QAFILA_SMS_PER_SECOND": "0",
            "QAFILA_MESSAGES_QUIET_HOURS": "none",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        }
        gateway = subprocess.Popen(
            [sys.executable, "-c", GATEWAY],
            env=env,
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            env["QAFILA_SMS_GATEWAY_URL"] = gateway.stdout.readline().strip()
            code = f"import bench.bench_messages as b; b.child({count}, {alone})"
            done = subprocess.run(
                [sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True, text=True, timeout=900
            )
        finally:
            received, _ = gateway.communicate("", timeout=60)
        if done.returncode:
            raise RuntimeError(f"the messages benchmark failed:\n{done.stdout}\n{done.stderr}")
        figures = json.loads(done.stdout.strip().splitlines()[-1])
    gateway_rate = alone / figures["alone_seconds"]
    worker_seconds = figures["worker_seconds"]
    report.note(
        f"{count:,} SMS queued in {figures['queue_seconds']:.2f} s (jobs: {figures['jobs']}); the gateway "
        f"received {int(received):,} requests; sent {figures['sent']:,}, other statuses {figures['other']}"
    )
    report.note(
        f"worker {worker_seconds:.1f} s from start to exit; between the first and the last message sent "
        f"{figures['sending_rate']:,.0f} messages/s"
    )
    report.note(
        f"the same worker on {alone:,} jobs that each write one row: "
        f"{alone / figures['one_row_jobs_seconds']:,.0f} jobs/s (its start included)"
    )
    report.measure(
        f"messages: {count:,} SMS handed over by one worker", worker_seconds, "s", limit=TIME_LIMIT
    )
    report(
        "  messages/s vs the gateway alone",
        figures["sent"] / worker_seconds,
        gateway_rate,
        "msg/s",
        target=TARGET,
    )


def child(count, alone):
    """In the child process: migrate, load the demo caravan, queue, time the gateway alone, run one worker."""
    import time

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from caravans.demo import load_demo_caravan
    from messaging import channels, links, outbox, tasks
    from messaging.models import Message, Status
    from places.services import load_places

    call_command("migrate", verbosity=0, skip_checks=True)
    load_places()
    caravan = load_demo_caravan()

    text = "قافلة: تبدأ القافلة يوم الاثنين على الساعة التاسعة صباحا. المرجو الحضور في الموعد."
    phones = [outbox.Address(to=f"+2127{n:08d}", language="ar") for n in range(count)]
    started = time.perf_counter()
    with (
        transaction.atomic()
    ):  # as a staff page queues them: the jobs are enqueued once the rows are committed
        created = outbox.queue_bulk(
            "bulk", phones, caravan=caravan, key="bench", context_for=lambda phone: {"text": text}
        )
    figures = {"queue_seconds": time.perf_counter() - started}
    assert created == count, created
    figures["jobs"] = {
        path.rsplit(".", 1)[-1]: n
        for path, n in DBTaskResult.objects.values_list("task_path").annotate(n=Count("id")).order_by()
    }

    # The gateway alone: the worker's own requests (bodies built beforehand), a kept-alive connection per batch.
    requests = [(m.to, links.body(m), str(m.pk)) for m in Message.objects.order_by("pk")[:alone]]
    batches = [requests[start : start + tasks.BATCH] for start in range(0, len(requests), tasks.BATCH)]
    url, token = settings.QAFILA_SMS_GATEWAY_URL, settings.QAFILA_SMS_GATEWAY_TOKEN
    warm_up = channels.ContractGateway(url, token)
    warm_up.send("+212600000000", text, "warm-up")
    warm_up.close()
    started = time.perf_counter()
    for batch in batches:
        gateway = channels.ContractGateway(url, token)
        for to, body, reference in batch:
            gateway.send(to, body, reference)
        gateway.close()
    figures["alone_seconds"] = time.perf_counter() - started

    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "qafila.cli", "worker", "--burst", "-v0"], check=True, cwd=REPO, timeout=900
    )
    figures["worker_seconds"] = time.perf_counter() - started

    # Where the time goes: the same worker on jobs that each write one row and send nothing.
    from core.tests.worker_tasks import note

    for n in range(alone):
        note.enqueue(n)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "qafila.cli", "worker", "--burst", "-v0"], check=True, cwd=REPO, timeout=900
    )
    figures["one_row_jobs_seconds"] = time.perf_counter() - started

    messages = Message.objects.filter(caravan=caravan, key="bench")
    figures["sent"] = messages.filter(status=Status.SENT).count()
    figures["other"] = dict(
        messages.exclude(status=Status.SENT).values_list("status").annotate(n=Count("id"))
    )
    times = sorted(messages.filter(status=Status.SENT).values_list("sent", flat=True))
    span = (times[-1] - times[0]).total_seconds() if len(times) > 1 else 0
    figures["sending_rate"] = (len(times) - 1) / span if span else 0
    print(json.dumps(figures))
