"""The national dashboard on a national-size data set: `qafila seed-scale` (500 caravans, 100,000 registrations,
their people and check-ins) into a fresh temporary SQLite database, then PostgreSQL too when DATABASE_URL is
set (the seeded rows are removed from it afterwards).

- the time to compute every figure of the dashboard (`reports.national.dashboard`), unfiltered and under each
  filter, best of a few runs, against a limit of 1 s;
- next to it, a plain `COUNT(*)` over the same tables (registrations joined to their people and caravans, and
  the check-ins): the floor of any figure that reads every row, measured in the same run.
The measurement runs in a child process so that Django is set up on that database whatever else the bench run
has set up. Knobs (environment): BENCH_DASHBOARD_CARAVANS (500), BENCH_DASHBOARD_REGISTRATIONS (100000),
BENCH_DASHBOARD_RUNS (3), DATABASE_URL (a PostgreSQL to measure as well).
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TIME_LIMIT = 1.0  # seconds, for every figure of the dashboard


def run(report):
    caravans = int(os.environ.get("BENCH_DASHBOARD_CARAVANS", "500"))
    registrations = int(os.environ.get("BENCH_DASHBOARD_REGISTRATIONS", "100000"))
    runs = int(os.environ.get("BENCH_DASHBOARD_RUNS", "3"))
    report.note(f"{caravans:,} caravans, {registrations:,} registrations; best of {runs} runs")
    report.note("load average before the runs: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    with tempfile.TemporaryDirectory(prefix="qafila-bench-dashboard-") as directory:
        databases = [("sqlite", f"sqlite:///{Path(directory) / 'bench.sqlite3'}")]
        if os.environ.get("DATABASE_URL", "").startswith("postgres"):
            databases.append(("postgresql", os.environ["DATABASE_URL"]))
        for name, url in databases:
            figures = _child(url, caravans, registrations, runs)
            report.note(f"{name}: seeded in {figures['seed_seconds']:.0f} s ({figures['seeded']})")
            count, _cpu = figures["count_seconds"]
            report.measure(f"{name}: plain COUNT(*) over the same tables", count * 1000, "ms")
            for label, (seconds, cpu) in figures["dashboard"].items():
                report.measure(f"{name}: dashboard, {label}", seconds, "s", limit=TIME_LIMIT)
                if name == "sqlite":  # SQLite works inside this process: its CPU time is the work itself
                    report.measure("  of which CPU time of the computing process", cpu, "s")
            worst = max(seconds for seconds, _cpu in figures["dashboard"].values())
            report(
                f"{name}: slowest dashboard vs plain COUNT(*)",
                worst * 1000,
                count * 1000,
                "ms",
                higher_is_better=False,
            )
        report.note("load average after the runs: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))


def _child(url, caravans, registrations, runs):
    env = {
        **os.environ,
        "QAFILA_INSECURE_DEV": "1",
        "QAFILA_HTTPS": "0",
        "DJANGO_SETTINGS_MODULE": "qafila.settings",
        "DATABASE_URL": url,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    code = f"import bench.bench_dashboard as b; b.child({caravans}, {registrations}, {runs})"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True, text=True, timeout=3600
    )
    if done.returncode:
        raise RuntimeError(f"the dashboard benchmark failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def child(caravans, registrations, runs):
    """In the child process: migrate, seed, then time the dashboard and the plain count."""
    import io

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from reports.national import Filters, dashboard

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    out = io.StringIO()
    call_command(
        "seed_scale",
        "--caravans",
        str(caravans),
        "--registrations",
        str(registrations),
        "--replace",
        stdout=out,
    )
    seed_seconds = time.perf_counter() - started
    try:
        plain = (
            "SELECT (SELECT COUNT(*) FROM registration_registration r"
            " JOIN people_person p ON p.id = r.person_id JOIN caravans_caravan c ON c.id = r.caravan_id),"
            " (SELECT COUNT(*) FROM onsite_checkin)"
        )

        def count():
            with connection.cursor() as cursor:
                cursor.execute(plain)
                cursor.fetchall()

        filters = {
            "no filter": Filters(),
            "one region": Filters(region="MA-01"),
            "one year": Filters(year=2024),
            "one province": Filters(province="MA-TNG"),
        }
        timings = {label: _best(lambda f=f: dashboard(f), runs) for label, f in filters.items()}
        figures = {
            "seed_seconds": seed_seconds,
            "seeded": out.getvalue().strip(),
            "count_seconds": _best(count, runs),
            "dashboard": timings,
        }
    finally:
        if connection.vendor != "sqlite":  # leave a shared PostgreSQL as it was
            call_command("seed_scale", "--remove", stdout=io.StringIO())
    print(json.dumps(figures))


def _best(function, runs):
    """(the best wall time, the CPU time of this process in that run) of `runs` runs."""
    best = (float("inf"), 0.0)
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        function()
        best = min(best, (time.perf_counter() - started, time.process_time() - cpu))
    return best


if __name__ == "__main__":
    from bench.__main__ import Report

    run(Report())
