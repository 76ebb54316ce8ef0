"""The caravan report as a PDF: the same figures and charts as the page, in Arabic and in French, for the
staff who may see the report."""

from django.utils import translation

from documents.testing import PROJECT_FONT_NAMES, embedded_fonts, pages_text, rasterise
from reports.pdf import render_report
from reports.tests.fixed import fixed_caravan

URL = "/staff/caravans/tanger-2025/report.pdf"


def text_of(pdf):
    return " ".join(pages_text(pdf))


def test_it_gives_the_pdf_to_coordinators_and_organisers_only(personas):
    response = personas["organiser"].get(URL, {"lang": "fr"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="report-tanger-2025-fr.pdf"'
    assert personas["coordinator"].get(URL).status_code == 200
    assert personas["trainer"].get(URL).status_code == 403
    assert personas["agent"].get(URL).status_code == 403
    assert personas["anonymous"].get(URL).status_code == 302


def test_it_prints_the_figures_in_french(demo):
    fixed_caravan(demo)
    pdf = render_report(demo, "fr")
    text = text_of(pdf)
    with translation.override("fr"):
        expected = [translation.gettext("Caravan report"), "Accepté", "Femme", "18–24", "75 %"]
    for phrase in expected:
        assert phrase in text, phrase
    assert demo.title_fr in text
    assert set(embedded_fonts(pdf)) <= PROJECT_FONT_NAMES
    assert all(encoding == "/Identity-H" for encoding in embedded_fonts(pdf).values())  # no missing glyph
    rasterise(pdf, "report-fr")


def test_it_prints_the_figures_in_arabic_right_to_left(demo):
    fixed_caravan(demo)
    pdf = render_report(demo, "ar")
    text = text_of(pdf)
    for phrase in ["مقبول", "امرأة", demo.title_ar.split()[0]]:
        assert phrase in text, phrase
    assert all(encoding == "/Identity-H" for encoding in embedded_fonts(pdf).values())
    rasterise(pdf, "report-ar")
