"""The project dossier PDF: Arabic or French, summary, canvas, financial tables and chart, programmes, checklist."""

import pytest
from django.urls import reverse

from documents.dossiers import render_dossier
from documents.testing import PROJECT_FONT_NAMES, embedded_fonts, pages_text, rasterise
from projects.models import FoundingStep, Project
from registration.tests.factories import person

TITLE_AR = "وحدة لتثمين الكسكس البلدي"


def a_project(caravan):
    """A couscous project with its canvas, a plan that runs short of cash, and one founding step under way."""
    project = Project.objects.create(
        title=TITLE_AR,
        holder=person(),
        sector="agrifood",
        canvas={
            "need": "الفنادق والمتاجر تطلب كسكسا بلديا معبأ",
            "offer": "Couscous roulé à la main, sachets de 1 kg",
        },
        financial_plan={
            "cooperative": True,
            "start_month": 9,
            "investments": [
                {"item": "آلة الفتل", "quantity": "2", "unit_price": "15000", "depreciation_years": 5},
                {"item": "Séchoir", "quantity": "1", "unit_price": "8000", "depreciation_years": 4},
            ],
            "own_contribution": "2000",
            "number_of_shares": "10",
            "share_value": "100",
            "grants": [{"source": "INDH", "amount": "20000"}],
            "loans": [{"lender": "Crédit Agricole", "amount": "15000", "annual_rate": "6", "years": 3}],
            "products": [
                {
                    "name": "كسكس",
                    "unit": "kg",
                    "monthly_volume": "150",
                    "unit_price": "35",
                    "variable_cost_per_unit": "21",
                    "growth": "10",
                    "seasonality": [
                        "80",
                        "80",
                        "150",
                        "150",
                        "100",
                        "60",
                        "60",
                        "60",
                        "100",
                        "100",
                        "100",
                        "150",
                    ],
                }
            ],
            "fixed_costs": [{"label": "كراء المحل", "monthly_amount": "1200"}],
        },
    )
    project.caravans.add(caravan)
    FoundingStep.objects.create(project=project, step="prepare_project", status="done")
    return project


@pytest.fixture
def project(demo):
    return a_project(demo)


def test_it_holds_the_arabic_title_in_reading_order_and_every_part(project):
    pdf = render_dossier(project, "ar")
    text = " ".join(pages_text(pdf))
    assert TITLE_AR in text
    assert (
        "ملف المشروع" in text or "Project dossier" in text
    )  # the kicker, translated once .po files are compiled
    assert "الفنادق والمتاجر تطلب كسكسا بلديا معبأ" in text  # the canvas
    assert "INDH" in text  # financing: 2,000 + 10 × 100 + 20,000 + 15,000 = 38,000
    assert "38 000" in text  # investments: 2 × 15,000 + 8,000
    assert set(embedded_fonts(pdf)) <= PROJECT_FONT_NAMES
    assert all(encoding == "/Identity-H" for encoding in embedded_fonts(pdf).values())  # no missing glyph
    assert rasterise(pdf, "dossier-ar")


def test_it_is_written_in_french_when_asked(project):
    from programmes.services import load_catalogue

    load_catalogue()
    pdf = render_dossier(project, "fr")
    text = " ".join(pages_text(pdf))
    assert "Couscous roulé à la main, sachets de 1 kg" in text
    assert "Préparer le projet et réunir les membres fondateurs" in text  # the founding checklist, in French
    assert "Crédit Agricole" in text
    assert "Intelaka" in text  # the matched programmes, with what is missing
    assert set(embedded_fonts(pdf)) <= PROJECT_FONT_NAMES
    assert rasterise(pdf, "dossier-fr")


def test_it_prints_a_project_without_a_plan(demo):
    project = Project.objects.create(title="Projet sans plan", holder=person())
    text = " ".join(pages_text(render_dossier(project, "fr")))
    assert "Projet sans plan" in text


def test_it_shows_no_personal_data(project):
    text = " ".join(pages_text(render_dossier(project, "fr")))
    assert project.holder.cin not in text and project.holder.phone[-8:] not in text


@pytest.mark.parametrize(
    ("persona", "expected"), [("coordinator", 200), ("organiser", 200), ("agent", 403), ("anonymous", 302)]
)
def test_it_serves_the_dossier_to_those_who_may_see_the_project(personas, project, persona, expected):
    response = personas[persona].get(reverse("documents:project_dossier", args=[project.pk]), {"lang": "fr"})
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/pdf"
        assert "Couscous roulé" in " ".join(pages_text(response.content))
