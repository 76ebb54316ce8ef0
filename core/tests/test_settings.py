import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("QAFILA_", "DEBUG", "SECRET_KEY"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_it_passes_the_deployment_checks_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x" * 20 + "-production-secret-" + "y" * 30,
        ALLOWED_HOSTS="qafila.example.ma",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_in_production():
    result = manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_it_says_which_setting_is_wrong():
    result = manage("check", QAFILA_INSECURE_DEV="1", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_it_uses_wal_a_busy_timeout_and_immediate_transactions_on_sqlite(tmp_path):
    probe = (
        "from django.db import connection as c; c.ensure_connection(); k = c.cursor(); "
        "print(k.execute('PRAGMA journal_mode').fetchone()[0], k.execute('PRAGMA busy_timeout').fetchone()[0], "
        "c.settings_dict['OPTIONS']['transaction_mode'])"
    )
    result = manage(
        "shell", "-c", probe, QAFILA_INSECURE_DEV="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"
    )
    journal, timeout, mode = result.stdout.split()[-3:]
    assert (journal, mode) == ("wal", "IMMEDIATE")
    assert int(timeout) >= 5000
