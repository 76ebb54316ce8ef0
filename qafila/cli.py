"""The `qafila` console command: Qafila's own commands, and any Django management command besides."""

import contextlib
import os
import signal
import subprocess
import sys

COMMANDS = {
    "demo": "migrate, load the demo caravan and users, then serve (--no-serve to stop there)",
    "serve": "serve with gunicorn (production); BIND, PORT and WEB_CONCURRENCY set where and how many workers",
    "worker": "[--burst]: run background jobs (messages, certificate batches) until stopped; --burst: those due",
    "copy-caravan": "SOURCE_SLUG NEW_SLUG [--start YYYY-MM-DD] [--capacity N]: the next stop of a caravan",
    "create-api-token": "USERNAME: print a new API token for that user",
    "import-registrations": "--caravan SLUG FILE [--dry-run] [--report PATH]: import a registration list",
    "import-right-holders": "--community ID FILE: load a soulaliyate community's members' list",
    "load-programmes": "[--force]: load or refresh the support-programme catalogue",
    "report": "--caravan SLUG --format pdf|xlsx|json --out PATH [--lang ar|fr]: a caravan's report",
    "seed-scale": "[--caravans 500] [--registrations 100000]: an invented national data set, for benchmarks",
    "certificates": "--caravan SLUG --out PATH.pdf [--lang ar|fr]: every certificate earned, one per page",
    "export-person": "--cin CIN --out PATH.json: everything held about one person (Law 09-08)",
    "erase-person": "--cin CIN --reason TEXT: anonymise one person, keeping the statistics (Law 09-08)",
    "apply-retention": "[--dry-run]: anonymise everyone whose retention period has ended; prints how many",
}


def _serve(argv):
    from gunicorn.app.wsgiapp import run

    bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
    workers = os.environ.get("WEB_CONCURRENCY") or str(2 * (os.cpu_count() or 1) + 1)
    sys.argv = [
        "gunicorn",
        "qafila.wsgi:application",
        "--bind",
        bind,
        "--workers",
        workers,
        # The app (every view: qafila/wsgi.py) is loaded once, before the workers are forked, which share it.
        "--preload",
        "--access-logfile",
        os.environ.get("ACCESS_LOG", "-"),
        *argv,
    ]
    run()


@contextlib.contextmanager
def _worker_beside():
    """A `qafila worker` process for as long as the block runs (the demo serves with one)."""
    worker = subprocess.Popen([sys.executable, "-m", "qafila.cli", "worker"])
    try:
        yield
    finally:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)  # it ends after the job in hand
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()  # a job stuck longer is recovered by the next worker
            worker.wait()


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qafila.settings")
    command = argv[0] if argv else "help"
    if command in ("help", "--help", "-h"):
        print("qafila COMMAND [ARGS]\n")
        for name, text in COMMANDS.items():
            print(f"  {name:<20} {text}")
        print("\nAny Django management command works too (qafila migrate, qafila createsuperuser…).")
        return 0
    if command == "demo":
        # The demo is local: plain HTTP on loopback and a development secret unless told otherwise.
        os.environ.setdefault("QAFILA_INSECURE_DEV", "1")
        os.environ.setdefault("QAFILA_HTTPS", "0")
        os.environ.setdefault("QAFILA_REQUIRE_2FA", "0")  # the demo users have no authenticator app
    from django.core.management import execute_from_command_line

    if command == "serve":
        import django

        django.setup()
        execute_from_command_line(["qafila", "collectstatic", "--noinput", "-v0"])
        return _serve(argv[1:])
    execute_from_command_line(["qafila", command.replace("-", "_"), *argv[1:]])
    if command == "demo" and "--no-serve" not in argv:
        with _worker_beside():
            return _serve([])
    return 0


if __name__ == "__main__":
    sys.exit(main())
