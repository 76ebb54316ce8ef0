"""`qafila report`: the caravan's report written as JSON, XLSX or PDF from the command line."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from documents.testing import pages_text
from reports.indicators import caravan_report
from reports.tests.fixed import fixed_caravan


def test_it_writes_the_json_of_the_api(demo, tmp_path):
    fixed_caravan(demo)
    out = tmp_path / "report.json"
    call_command(
        "report", "--caravan", "tanger-2025", "--format", "json", "--out", str(out), stdout=io.StringIO()
    )
    assert json.loads(out.read_text(encoding="utf-8")) == caravan_report(demo)


def test_it_writes_a_workbook_and_a_pdf_in_the_language_asked(demo, tmp_path):
    fixed_caravan(demo)
    call_command(
        "report",
        "--caravan",
        "tanger-2025",
        "--format",
        "xlsx",
        "--out",
        str(tmp_path / "r.xlsx"),
        "--lang",
        "fr",
        stdout=io.StringIO(),
    )
    rows = [row for sheet in load_workbook(tmp_path / "r.xlsx") for row in sheet.iter_rows(values_only=True)]
    assert ("Accepté", "accepted", 4) in rows
    call_command(
        "report",
        "--caravan",
        "tanger-2025",
        "--format",
        "pdf",
        "--out",
        str(tmp_path / "r.pdf"),
        stdout=io.StringIO(),
    )
    assert "مقبول" in " ".join(pages_text((tmp_path / "r.pdf").read_bytes()))


def test_it_refuses_an_unknown_caravan_or_folder(demo, tmp_path):
    with pytest.raises(CommandError, match="unknown caravan"):
        call_command("report", "--caravan", "nowhere", "--format", "json", "--out", str(tmp_path / "r.json"))
    with pytest.raises(CommandError, match="no such folder"):
        call_command(
            "report", "--caravan", "tanger-2025", "--format", "json", "--out", str(tmp_path / "no" / "r.json")
        )
    assert not list(tmp_path.iterdir())
