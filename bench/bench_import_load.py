"""Check-ins while a 50,000-row list is imported: the check-in endpoint's p99 under 20 agents during the import,
against the same endpoint's p99 without it, served by the same gunicorn on the same database in the same run.

The import is `qafila import-registrations` (the code the worker runs for the import page) in a process of its
own beside the server, as `qafila worker` would be. On SQLite the import holds the database's write lock for
its whole transaction: a check-in waits, up to the busy timeout, then fails (counted as bad answers).
Knobs (environment): BENCH_SECONDS per load run (default 10), BENCH_IMPORT_ROWS (default 50000),
WEB_CONCURRENCY, DATABASE_URL (default: a fresh temporary SQLite file).
"""

import json
import os
import subprocess
import sys
import time

from bench import load
from bench.bench_checkin import AGENTS, CHECKINS, SEED, SLUG
from bench.web import REPO, demo_server, django_shell

P99_TARGET = 3.0  # at most three times the p99 without an import
TIMEOUT_MS = 5000  # the load generator's wait for an answer

WRITE_LIST = """
from registration.tests.fixtures_files import fake_rows, xlsx_bytes
open({path!r}, "wb").write(xlsx_bytes(fake_rows({rows}, seed=16)))
"""


def run(report):
    seconds = int(os.environ.get("BENCH_SECONDS", "10"))
    rows = int(os.environ.get("BENCH_IMPORT_ROWS", "50000"))
    if load.fallback_reason():
        report.note(load.fallback_reason())
    with demo_server(workers=os.environ.get("WEB_CONCURRENCY")) as (base, env):
        per_run = 1000 * seconds  # distinct badges a load run may use: above the rates measured here
        count = per_run * 16  # one run without the import, then runs all along it
        seeded = json.loads(
            django_shell(env, SEED.format(slug=SLUG, count=count), timeout=600).splitlines()[-1]
        )
        headers = {"Authorization": f"Bearer {seeded['token']}", "Content-Type": "application/json"}
        bodies = [json.dumps({"code": code, "day": seeded["days"][0]}) for code in seeded["codes"]]
        path = os.path.join(os.path.dirname(env["STATIC_ROOT"]), "list.xlsx")
        django_shell(env, WRITE_LIST.format(path=path, rows=rows), timeout=600)
        report.note(
            f"{env['DATABASE_URL'].split(':', 1)[0]}; {AGENTS} agents, {seconds} s runs; "
            f"{rows:,}-row xlsx ({os.path.getsize(path) / 1024:,.0f} KB)"
        )
        load.run(base + "/bench/bare", seconds=2, connections=AGENTS)  # warm the workers
        alone = load.run(
            base + CHECKINS, seconds=seconds, connections=AGENTS, headers=headers, bodies=bodies[:per_run]
        )
        command = [
            sys.executable,
            "-m",
            "qafila.cli",
            "import-registrations",
            "--caravan",
            SLUG,
            path,
            "--no-messages",
        ]
        started = time.monotonic()
        importing = subprocess.Popen(
            command, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        runs, used = [], per_run
        try:
            # Load runs one after the other until the import ends: its reading, then its transaction.
            while importing.poll() is None and used + per_run <= len(bodies):
                share = bodies[used : used + per_run]
                used += len(share)
                runs.append(
                    load.run(
                        base + CHECKINS, seconds=seconds, connections=AGENTS, headers=headers, bodies=share
                    )
                )
            out, err = importing.communicate(timeout=900)
        finally:
            if importing.poll() is None:
                importing.kill()
        took = time.monotonic() - started
        if importing.returncode:
            raise RuntimeError(f"the import failed:\n{out.decode()}\n{err.decode()}")
        report.note(f"import: {took:.1f} s; {out.decode().strip().splitlines()[-1][:160]}")
        if not runs:
            raise RuntimeError("the import ended before a load run could start beside it")
        for result in runs:  # a check-in unanswered within the generator's 5 s is a latency of 5 s at least
            if result.errors > 0.01 * (result.requests + result.errors):
                result.p99_ms = max(result.p99_ms, TIMEOUT_MS)
        during = max(runs, key=lambda result: result.p99_ms)  # the worst moment of the import
        report.note(
            f"{len(runs)} load runs during the import, p99 (ms): "
            + ", ".join(f"{result.p99_ms:.0f}" for result in runs)
            + "; the worst counts"
        )
        during.bad_status = sum(result.bad_status for result in runs)
        during.errors = sum(result.errors for result in runs)
        for name, result in (("without import", alone), ("during import", during)):
            if result.errors or result.bad_status:
                report.note(
                    f"check-ins {name}: {result.errors} connection errors, {result.bad_status} bad answers"
                )
        report("check-in p99 without an import", alone.p99_ms, alone.p99_ms, "ms", higher_is_better=False)
        report(
            f"check-in p99 during a {rows:,}-row import",
            during.p99_ms,
            alone.p99_ms,
            "ms",
            higher_is_better=False,
            target=P99_TARGET,
        )
        report("check-ins during the import (req/s)", during.rate, alone.rate, "req/s")
