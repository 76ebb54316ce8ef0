"""The caravan report page, the people behind a figure and the XLSX export: who may see them, what they show."""

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from .fixed import fixed_caravan

REPORT = "/staff/caravans/tanger-2025/report/"
PEOPLE = "/staff/caravans/tanger-2025/report/people/"
XLSX = "/staff/caravans/tanger-2025/report.xlsx"


@pytest.mark.parametrize("url", [REPORT, f"{PEOPLE}?by=age_band&key=25_34", XLSX])
def test_it_shows_the_report_to_coordinators_and_organisers_only(personas, url):
    assert personas["coordinator"].get(url).status_code == 200
    assert personas["organiser"].get(url).status_code == 200
    assert personas["trainer"].get(url).status_code == 403
    assert personas["agent"].get(url).status_code == 403
    response = personas["anonymous"].get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_shows_the_figures_with_links_to_the_people_behind_them(personas, demo):
    made = fixed_caravan(demo)
    page = personas["organiser"].get(REPORT).content.decode()
    assert page.count("75&nbsp;%") == 2  # women and young people among participants, in whole percents
    assert "/staff/caravans/tanger-2025/registrations/?reason=missing_cin" in page
    assert "/staff/caravans/tanger-2025/registrations/?decision=accepted&amp;sex=female" in page
    assert f"{PEOPLE}?by=age_band&amp;key=18_24" in page
    assert f"{PEOPLE}?by=young&amp;key=" in page  # the headline figures too
    assert "<svg" in page and made["A"].person.cin not in page and made["A"].person.phone not in page


def test_it_lists_the_people_of_a_figure_the_registration_list_cannot_filter(personas, demo):
    made = fixed_caravan(demo)
    page = personas["organiser"].get(PEOPLE, {"by": "age_band", "key": "18_24"}).content.decode()
    assert made["C"].person.full_name_ar in page
    assert made["A"].person.full_name_ar not in page
    assert made["C"].person.cin not in page


@pytest.mark.parametrize(
    "query",
    [{"by": "nonsense", "key": "x"}, {"by": "session", "key": "abc"}, {"by": "day", "key": "2025-13-45"}],
)
def test_it_answers_404_to_a_figure_that_does_not_exist(personas, query):
    assert personas["organiser"].get(PEOPLE, query).status_code == 404


def test_it_exports_the_figures_as_a_workbook_in_the_language_asked(personas, demo):
    fixed_caravan(demo)
    response = personas["organiser"].get(XLSX, {"lang": "fr"})
    assert response["Content-Disposition"] == 'attachment; filename="report-tanger-2025-fr.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    rows = [row for sheet in book for row in sheet.iter_rows(values_only=True)]
    assert ("Accepté", "accepted", 4) in rows
    with translation.override("fr"):
        assert (translation.gettext("18–24"), "18_24", 1) in rows
    assert any(row[:3] == ("Femme", "female", 3) for row in rows)


def test_it_writes_a_legends_share_in_brackets_after_its_count():
    from reports.charts import donut

    legend = donut(
        [
            {"key": "accepted", "count": 3, "label_ar": "مقبول", "label_fr": "Accepté"},
            {"key": "refused", "count": 1, "label_ar": "مرفوض", "label_fr": "Refusé"},
        ],
        language="ar",
    )
    assert '<span class="n">3</span> <span class="pct">(75\u00a0%)</span>' in legend
