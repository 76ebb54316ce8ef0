"""The audit log page: the national coordinator reads every entry, filtered by who, what, when and on what, a
page at a time, and exports it as CSV or XLSX with no cell a spreadsheet would run as a formula."""

import csv
import datetime
import io

import openpyxl
import pytest
import time_machine
from django.contrib.auth import get_user_model

from core import audit
from core.models import AuditEntry

URL = "/staff/audit/"


@pytest.fixture
def entries(demo):
    """Three entries of two people on two days, one of them with a formula in its details."""
    users = get_user_model().objects
    organiser, agent = users.get(username="organiser"), users.get(username="agent")
    AuditEntry.objects.all().delete()
    with time_machine.travel(datetime.datetime(2025, 3, 1, 10, tzinfo=datetime.UTC)):
        audit.record(organiser, "registration.accepted", demo, note='=HYPERLINK("http://x","y")')
    with time_machine.travel(datetime.datetime(2025, 3, 5, 10, tzinfo=datetime.UTC)):
        audit.record(agent, "checkin.created", demo)
        audit.record(organiser, "caravan.edited", organiser)
    return demo


def actions_on(response):
    return [entry.action for entry, _details in response.context["rows"]]


def test_the_coordinator_reads_every_entry_newest_first(personas, entries):
    page = personas["coordinator"].get(URL)
    assert actions_on(page) == ["caravan.edited", "checkin.created", "registration.accepted"]
    assert "سجل التدقيق" in page.content.decode()
    assert 'href="/staff/audit/"' in personas["coordinator"].get("/staff/").content.decode()


def test_others_may_not_read_it(personas, entries):
    for persona in ("organiser", "trainer", "agent"):
        assert personas[persona].get(URL).status_code == 403, persona
        assert personas[persona].get(URL + "export.csv").status_code == 403, persona
    assert 'href="/staff/audit/"' not in personas["organiser"].get("/staff/").content.decode()


@pytest.mark.parametrize(
    "query,expected",
    [
        ("actor=ORGANISER", ["caravan.edited", "registration.accepted"]),
        ("action=checkin.created", ["checkin.created"]),
        ("since=2025-03-02", ["caravan.edited", "checkin.created"]),
        ("until=2025-03-01", ["registration.accepted"]),
        ("object_type=caravans.caravan", ["checkin.created", "registration.accepted"]),
        ("object_type=auth.user&actor=organiser", ["caravan.edited"]),
        ("since=not-a-date&action=caravan.edited", ["caravan.edited"]),  # a wrong date is shown, not applied
    ],
)
def test_the_filters_keep_what_they_say(personas, entries, query, expected):
    assert actions_on(personas["coordinator"].get(f"{URL}?{query}")) == expected


def test_it_pages_by_fifty_keeping_the_filters(personas, entries):
    for _ in range(51):
        audit.record(None, "account.reset_emailed")
    client = personas["coordinator"]
    first = client.get(URL + "?action=account.reset_emailed")
    assert len(first.context["rows"]) == 50
    assert "?action=account.reset_emailed&amp;page=2" in first.content.decode()
    assert len(client.get(URL + "?action=account.reset_emailed&page=2").context["rows"]) == 1


def test_the_csv_export_keeps_the_filters_and_no_formula(personas, entries):
    response = personas["coordinator"].get(URL + "export.csv?actor=organiser")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "التاريخ والساعة"
    assert [row[3] for row in rows[1:]] == ["caravan.edited", "registration.accepted"]
    assert rows[2][6].startswith("{") and "=HYPERLINK" in rows[2][6]
    assert AuditEntry.objects.filter(action="audit.exported", actor__username="coordinator").exists()


def test_the_xlsx_export_writes_a_formula_as_text(personas, entries):
    audit.record(None, "=cmd|' /C calc'!A0")
    response = personas["coordinator"].get(URL + "export.xlsx?action=" + "=cmd|' /C calc'!A0")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cell = sheet.cell(row=2, column=4)
    assert cell.value == "=cmd|' /C calc'!A0" and cell.data_type == "s"
    csv_rows = list(
        csv.reader(
            io.StringIO(b"".join(personas["coordinator"].get(URL + "export.csv").streaming_content).decode())
        )
    )
    assert "'=cmd|' /C calc'!A0" in [row[3] for row in csv_rows]
