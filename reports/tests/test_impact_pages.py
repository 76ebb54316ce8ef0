"""The outcomes after the caravan in the report page, the projects behind each figure, the PDF and the workbook."""

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from documents.testing import pages_text
from reports.pdf import render_report

from .followed import followed_caravan

REPORT = "/staff/caravans/tanger-2025/report/"
PEOPLE = "/staff/caravans/tanger-2025/report/people/"
XLSX = "/staff/caravans/tanger-2025/report.xlsx"
NNBSP = "\u202f"


def name_of(project):
    return project.holder.full_name_ar


def test_the_report_page_shows_the_funnel_each_figure_linked_to_its_projects(personas, demo):
    made = followed_caravan(demo)
    page = personas["organiser"].get(REPORT).content.decode()
    assert "من الفكرة إلى التعاونية" in page and "تأسست التعاونية" in page
    assert f"{PEOPLE}?by=outcome&amp;key=cooperatives_founded" in page
    assert f"{PEOPLE}?by=outcome&amp;key=financing_applied%3Asex%3Amale" in page  # a cell of a breakdown
    assert f">45{NNBSP}000{NNBSP}درهم</a>" in page  # the financing obtained, linked to the projects financed
    assert f"6{NNBSP}750{NNBSP}درهم" in page  # the cost per participant
    assert made["founded"].holder.cin not in page and made["founded"].holder.phone not in page


def test_a_funnel_figure_lists_the_projects_behind_it_with_their_holders(personas, demo):
    made = followed_caravan(demo)
    response = personas["organiser"].get(PEOPLE, {"by": "outcome", "key": "financing_applied"})
    page = response.content.decode()
    assert name_of(made["founded"]) in page and name_of(made["refused"]) in page
    assert name_of(made["stalled"]) not in page and name_of(made["silent"]) not in page
    registration = made["refused"].holder.registrations.get()
    assert f"/staff/caravans/tanger-2025/registrations/{registration.pk}/" in page
    assert f"/projects/{made['refused'].pk}/" in page
    assert made["refused"].holder.cin not in page and made["refused"].holder.phone not in page
    one = personas["organiser"].get(PEOPLE, {"by": "outcome", "key": "followed_up:age_band:18_24"})
    assert name_of(made["stalled"]) in one.content.decode()
    assert name_of(made["founded"]) not in one.content.decode()


def test_the_projects_behind_a_figure_are_for_those_who_may_see_the_report(personas, demo):
    followed_caravan(demo)
    query = {"by": "outcome", "key": "cooperatives_founded"}
    assert personas["coordinator"].get(PEOPLE, query).status_code == 200
    assert personas["trainer"].get(PEOPLE, query).status_code == 403
    assert personas["agent"].get(PEOPLE, query).status_code == 403
    assert personas["organiser"].get(PEOPLE, {"by": "outcome", "key": "wishes"}).status_code == 404
    assert (
        personas["organiser"].get(PEOPLE, {"by": "outcome", "key": "projects:shoe_size:42"}).status_code
        == 404
    )


def test_a_caravan_without_projects_says_so(personas, demo):
    page = personas["organiser"].get(REPORT).content.decode()
    assert "لم يُشتغل على أي مشروع في هذه القافلة." in page


def test_the_pdf_prints_the_funnel_and_the_costs_in_french_and_arabic(demo):
    followed_caravan(demo)
    french = " ".join(pages_text(render_report(demo, "fr")))
    for phrase in ["De l'idée à la coopérative", "Coopérative constituée", "Coût par coopérative constituée"]:
        assert phrase in french, phrase
    assert "27 000 MAD" in french.replace(NNBSP, " ")
    arabic = " ".join(pages_text(render_report(demo, "ar")))
    for phrase in ["التعاونية", "تكلفة"]:
        assert phrase in arabic, phrase


def test_the_workbook_has_a_sheet_of_outcomes(personas, demo):
    followed_caravan(demo)
    response = personas["organiser"].get(XLSX, {"lang": "fr"})
    book = load_workbook(io.BytesIO(response.content))
    with translation.override("fr"):
        sheet = book[translation.gettext("Outcomes")]
    rows = [row[:3] for row in sheet.iter_rows(values_only=True)]
    assert ("Coopérative constituée", "cooperatives_founded", 1) in rows
    assert ("Homme", "male", 1) in rows
    values = {row[1]: row[2] for row in rows}
    assert float(values["cost_per_cooperative_founded_mad"]) == 27000
    assert values["cost_basis"] == "spent"


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_every_string_of_the_section_is_translated(personas, demo, language):
    followed_caravan(demo)
    personas["organiser"].get(f"/language/{language}/?next={REPORT}")
    page = personas["organiser"].get(REPORT).content.decode()
    for english in ["From the idea to the cooperative", "Cost per project financed", "Outcomes by sex"]:
        assert english not in page
