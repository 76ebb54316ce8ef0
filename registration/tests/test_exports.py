import csv
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from core.models import AuditEntry
from core.permissions import PERMISSIONS, Role
from registration import exports
from registration.reasons import message
from registration.services import register

from .factories import person


def export(client, caravan, kind, **params):
    response = client.get(reverse(f"registration:staff_registrations_{kind}", args=[caravan.slug]), params)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def csv_rows(content):
    assert content.startswith("\ufeff".encode())  # the BOM: Excel then reads UTF-8 (Arabic) correctly
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_rows(content):
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [["" if value is None else value for value in row] for row in sheet.iter_rows(values_only=True)]


def by_column(rows):
    """The rows as {column key: value}, once the header row is checked against the active language."""
    header, *body = rows
    assert header == exports.headers()
    keys = [column.key for column in exports.COLUMNS]
    return [dict(zip(keys, row, strict=True)) for row in body]


@pytest.fixture
def two(demo):
    accepted = register(
        demo,
        person(
            full_name_ar="سعاد العلمي",
            full_name_latin="Souad El Alami",
            cin="KB123456",
            phone="+212612345678",
        ),
        profile="project_holder",
        channel="staff",
        project_idea="تربية النحل",
    )
    refused = register(
        demo, person(full_name_ar="كريمة السوسي"), profile="project_holder", channel="staff", project_idea=""
    )
    return accepted, refused


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("persona", ["trainer", "agent"])
def test_it_refuses_roles_that_may_not_export(personas, demo, kind, persona):
    url = reverse(f"registration:staff_registrations_{kind}", args=[demo.slug])
    assert personas[persona].get(url).status_code == 403
    anonymous = personas["anonymous"].get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


@pytest.mark.parametrize(("kind", "read"), [("csv", csv_rows), ("xlsx", xlsx_rows)])
def test_it_exports_headers_a_row_and_the_reasons_in_both_languages(personas, demo, two, kind, read):
    accepted, refused = two
    rows = by_column(read(export(personas["organiser"], demo, kind)))
    assert len(rows) == 2
    found = {str(row["number"]): row for row in rows}
    values = found[str(refused.pk)]
    assert values["full_name_ar"] == "كريمة السوسي"
    assert values["decision"] == "ineligible"
    assert (values["decision_ar"], values["decision_fr"]) == ("غير مؤهل", "Non éligible")
    assert values["reasons"] == "no_project_idea"
    assert values["reasons_ar"] == message("no_project_idea", "ar")
    assert values["reasons_fr"] == message("no_project_idea", "fr")
    first = found[str(accepted.pk)]
    assert first["badge_code"] == accepted.badge_code and first["decision"] == "accepted"


@pytest.mark.parametrize(("kind", "read"), [("csv", csv_rows), ("xlsx", xlsx_rows)])
def test_it_exports_cin_and_phone_unmasked_for_personal_data_and_audits_it(personas, demo, two, kind, read):
    content = export(personas["organiser"], demo, kind, decision="accepted")
    (row,) = by_column(read(content))
    assert row["cin"] == "KB123456" and row["phone"] == "06 12 34 56 78"
    entry = AuditEntry.objects.get(action="personal_data.exported")
    assert entry.details == {"format": kind, "filters": {"decision": "accepted"}}


@pytest.mark.parametrize(("kind", "read"), [("csv", csv_rows), ("xlsx", xlsx_rows)])
def test_it_masks_cin_phone_and_birth_date_without_personal_data(
    personas, demo, two, monkeypatch, kind, read
):
    monkeypatch.setitem(PERMISSIONS, "personal_data.view", {Role.COORDINATOR})
    (row,) = by_column(read(export(personas["organiser"], demo, kind, decision="accepted")))
    assert row["cin"] == "KB****56" and row["phone"] == "06 •• •• •• 78"
    assert str(row["birth"]) == "1990"
    assert not AuditEntry.objects.filter(action="personal_data.exported").exists()


def test_it_exports_the_filtered_and_searched_list_only(personas, demo, two):
    typed = personas["organiser"].post(
        reverse("registration:staff_registrations", args=[demo.slug]), {"q": "Soussi"}
    )
    token = parse_qs(urlsplit(typed["Location"]).query)["s"][0]
    rows = by_column(csv_rows(export(personas["organiser"], demo, "csv", s=token)))
    assert [row["full_name_ar"] for row in rows] == ["كريمة السوسي"]


def test_its_headers_follow_the_active_language(personas, demo, two):
    client = personas["organiser"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    header = csv_rows(export(client, demo, "csv"))[0]
    with translation.override("fr"):
        assert header == exports.headers()
    with translation.override("ar"):
        assert header != exports.headers()  # "CIN", "Phone"… have their Arabic translation already


def test_a_name_that_looks_like_a_formula_is_written_as_text(personas, demo):
    register(
        demo,
        person(full_name_latin="=HYPERLINK(1)"),
        profile="project_holder",
        channel="staff",
        project_idea="x",
    )
    (row,) = by_column(csv_rows(export(personas["organiser"], demo, "csv")))
    assert row["full_name_latin"] == "'=HYPERLINK(1)"
    (row,) = by_column(xlsx_rows(export(personas["organiser"], demo, "xlsx")))
    assert row["full_name_latin"] == "=HYPERLINK(1)"
