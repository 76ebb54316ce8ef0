"""`qafila import-registrations …` typed as an operator types it: the console command in front of the import."""

import json

import pytest

from qafila import cli
from registration.tests.fixtures_files import (
    EXPECTED,
    HEADERS_FR,
    LIST,
    TITLE,
    csv_bytes,
    decisions,
    write,
    xlsx_bytes,
)

ROWS = [cells for *_, cells in LIST]


@pytest.fixture
def console(demo, tmp_path, capsys, monkeypatch):
    """`qafila import-registrations …` as an operator types it; (exit status, report, stderr)."""
    # A command run from the command line closes the database connections as it ends; the test's
    # transaction (PostgreSQL) must outlive the first of two runs.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)

    def qafila(path, *args):
        out = tmp_path / "report.json"
        out.unlink(missing_ok=True)
        try:
            status = cli.main(["import-registrations", "--caravan", "tanger-2025", str(path), "--report", str(out),
                               *args])  # fmt: skip
        except SystemExit as exit:
            status = exit.code
        report = json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
        return status, report, capsys.readouterr().err

    return qafila


@pytest.mark.parametrize(
    "name, data",
    [
        ("list.xlsx", xlsx_bytes(ROWS, titles=[TITLE])),
        ("list.csv", csv_bytes(ROWS, encoding="utf-8", separator=",")),
        ("list-windows.csv", csv_bytes(ROWS, encoding="cp1256", separator=";")),
    ],
)
def test_it_works_from_the_qafila_command(console, tmp_path, name, data):
    status, report, stderr = console(write(tmp_path, data, name))
    assert (status, stderr) == (0, "")
    assert decisions(report) == EXPECTED
    status, again, _ = console(write(tmp_path, data, name))
    assert again["summary"]["created"] == 0 and again["summary"]["unchanged"] == 6


def test_the_qafila_command_exits_2_with_one_line_on_stderr(console, tmp_path):
    status, report, stderr = console(write(tmp_path, b"%PDF-1.4 not a list", "list.xlsx"))
    assert status == 2 and report is None
    assert len(stderr.strip().splitlines()) == 1 and "list.xlsx" in stderr


def test_french_headers_with_odd_case_and_spaces_are_read(console, tmp_path):
    headers = [f"  {h.upper()} " for h in HEADERS_FR]
    status, report, _ = console(
        write(tmp_path, csv_bytes(ROWS[:2], headers=headers, separator=";"), "fr.csv")
    )
    assert status == 0 and decisions(report) == EXPECTED[:2]
