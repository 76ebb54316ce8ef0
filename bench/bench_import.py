"""Importing a registration list: 10,000 rows of `people.fakes` (with their duplicates, namesakes and relatives)
from an xlsx file into the demo caravan, on a fresh temporary SQLite database (never the dev database).

- the import's time, against a limit of 5 s, and the CPU time of the importing process (with SQLite, the
  database works in that process too): on a shared machine, the wall time also counts the others' work;
- its rate (rows/s) as a ratio of the rate at which python-calamine alone reads the same file (the floor
  no import can go under: reading the cells), against a target of 5 %.
The measurement runs in a child process so that Django is set up on the temporary database whatever else
the bench run has set up. Knobs (environment): BENCH_IMPORT_ROWS (default 10000), DATABASE_URL (a
PostgreSQL to measure there instead; it is migrated and the demo loaded into it).
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TIME_LIMIT = 5.0  # seconds for 10,000 rows
RATE_TARGET = 0.05  # of python-calamine's reading rate, measured in the same run (issue #17)


def run(report):
    rows = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
    with tempfile.TemporaryDirectory(prefix="qafila-bench-import-") as directory:
        env = {
            **os.environ,
            "QAFILA_INSECURE_DEV": "1",
            "QAFILA_HTTPS": "0",
            "DJANGO_SETTINGS_MODULE": "qafila.settings",
            "DATABASE_URL": os.environ.get("DATABASE_URL")
            or f"sqlite:///{Path(directory) / 'bench.sqlite3'}",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        }
        code = f"import bench.bench_import as b; b.child({rows}, {directory!r})"
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True, text=True, timeout=900
        )
        if done.returncode:
            raise RuntimeError(f"the import benchmark failed:\n{done.stdout}\n{done.stderr}")
        figures = json.loads(done.stdout.strip().splitlines()[-1])
    report.note(
        f"{rows:,} rows, {figures['bytes'] / 1024:,.0f} KB xlsx; "
        + ", ".join(f"{figures['summary'][k]} {k}" for k in ("created", "duplicate", "invalid"))
        + "; "
        + ", ".join(
            f"{figures['summary'][k]} {k}" for k in ("accepted", "waitlisted", "ineligible", "needs_review")
        )
        + f"; {figures['queries_per_row']:.1f} queries per row"
    )
    report.measure(f"import time, {rows:,} rows (xlsx)", figures["seconds"], "s", limit=TIME_LIMIT)
    report.measure("  of which CPU time of the importing process", figures["cpu_seconds"], "s")
    report(
        "import rate vs python-calamine reading alone",
        rows / figures["seconds"],
        figures["calamine_rows_per_second"],
        "rows/s",
        target=RATE_TARGET,
    )
    report.measure(f"re-import time (all unchanged), {rows:,} rows", figures["again_seconds"], "s")


def child(rows, directory):
    """In the child process: migrate, load the demo, build the list, time calamine then the import."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.urls import get_resolver
    from python_calamine import CalamineWorkbook

    from caravans.demo import load_demo_caravan
    from places.services import load_places
    from registration.importing import import_registrations
    from registration.tests.fixtures_files import fake_rows, xlsx_bytes

    call_command("migrate", verbosity=0)
    # As in a worker that has run a job before: the URLconf (every view), imported by the first message's
    # link, is loaded once per process (1–2 s), not by each import.
    get_resolver().url_patterns  # noqa: B018
    load_places()
    caravan = load_demo_caravan()
    path = Path(directory) / "list.xlsx"
    path.write_bytes(xlsx_bytes(fake_rows(rows)))

    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        best = min(best, time.perf_counter() - started)

    queries = []

    def counted(execute, sql, params, many, context):
        queries.append(1)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        started, cpu = time.perf_counter(), time.process_time()
        report = import_registrations(caravan, path)
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    started = time.perf_counter()
    again = import_registrations(caravan, path)
    again_seconds = time.perf_counter() - started
    assert again["summary"]["created"] == 0, again["summary"]
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "again_seconds": again_seconds,
                "calamine_rows_per_second": rows / best,
                "bytes": path.stat().st_size,
                "summary": report["summary"],
                "queries_per_row": len(queries) / rows,
            }
        )
    )


if __name__ == "__main__":
    from bench.__main__ import Report

    run(Report())
