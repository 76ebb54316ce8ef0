"""The report's sections read from the surveys and projects apps: survey figures without free texts, projects
by stage and the programmes they match."""

import io

from django.utils import translation
from openpyxl import load_workbook

from documents.testing import pages_text
from reports.indicators import caravan_report
from reports.pdf import render_report
from reports.presentation import sections
from reports.xlsx import workbook_bytes


def test_it_summarises_the_surveys_without_their_free_texts(demo, demo_surveys):
    from surveys.results import caravan_results

    report = caravan_report(demo)
    full = caravan_results(demo)
    assert report["surveys"]["respondents"] == full["respondents"]
    assert report["surveys"]["knowledge"] == full["knowledge"]
    assert "surveys" not in report["surveys"]  # question by question, with free texts: the results page
    with translation.override("fr"):
        heading = translation.gettext("Knowledge before and after the training")
        titles = [str(section["title"]) for section in sections(report, language="fr")]
        assert heading in titles and translation.gettext("Satisfaction") in titles
    assert heading in " ".join(pages_text(render_report(demo, "fr", report=report)))
    book = load_workbook(io.BytesIO(workbook_bytes(report, "fr")))
    rows = list(book.worksheets[-1].iter_rows(values_only=True))
    overall = full["knowledge"]["overall"]
    assert any(row[1:4] == (overall["mean_pre"], overall["mean_post"], overall["mean_gain"]) for row in rows)


def test_it_leaves_the_surveys_out_while_nobody_answered(demo):
    assert caravan_report(demo)["surveys"] is None


def test_it_counts_projects_by_stage_and_the_programmes_they_match(demo):
    from programmes.services import load_catalogue
    from projects.models import Project
    from registration.tests.factories import person

    load_catalogue()
    for stage, sector in [("idea", "honey"), ("idea", "olive_oil"), ("operating", "honey")]:
        Project.objects.create(title="مشروع", holder=person(), stage=stage, sector=sector).caravans.add(demo)
    Project.objects.create(title="مشروع آخر", holder=person(), stage="idea")  # another caravan's: not counted
    projects = caravan_report(demo)["projects"]
    assert projects["total"] == 3
    assert {e["key"]: e["count"] for e in projects["by_stage"] if e["count"]} == {"idea": 2, "operating": 1}
    assert {e["key"]: e["count"] for e in projects["by_sector"]} == {"honey": 2, "olive_oil": 1}
    assert projects["by_programme"], "each programme with eligible or nearly eligible projects"
    assert all(0 <= e["count"] <= 3 and 0 <= e["missing"] <= 3 for e in projects["by_programme"])
