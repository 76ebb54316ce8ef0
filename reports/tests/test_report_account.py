"""The caravan's account (caravans.account) in its report: the budget per category with its totals, the
observations and recommendations, a few photos, on the page and in the PDF."""

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image
from pypdf import PdfReader

from caravans.account import add_photo
from caravans.models import BudgetLine
from documents.testing import embedded_fonts, pages_text, rasterise
from reports.pdf import render_report


def an_account(demo):
    for category, label, planned, spent in [
        ("venue", "Salle de conférences", "30000", "30000"),
        ("catering", "Déjeuners", "60000", "64500"),
        ("catering", "Pauses café", "12000", "9000"),
        ("printing", "", "5000", None),
    ]:
        BudgetLine.objects.create(
            caravan=demo,
            category=category,
            label=label,
            planned_mad=Decimal(planned),
            spent_mad=spent and Decimal(spent),
        )
    demo.observations = "Forte présence des femmes.\nLes ateliers ont manqué de temps."
    demo.recommendations = "Prévoir une demi-journée de plus pour les ateliers."
    demo.save()


def a_photo(demo, caption="Atelier du mardi"):
    data = io.BytesIO()
    Image.new("RGB", (1200, 800), "#2e7d4f").save(data, format="JPEG")
    return add_photo(None, demo, SimpleUploadedFile("p.jpg", data.getvalue()), caption, demo.start_date)


def test_the_report_page_shows_the_budget_notes_and_photos(personas, demo):
    an_account(demo)
    photo = a_photo(demo)
    personas["organiser"].cookies.load({"django_language": "fr"})
    response = personas["organiser"].get(reverse("reports:caravan_report", args=[demo.slug]))
    html = response.content.decode()
    assert "Le compte de la caravane" in html
    for text in ["Salle de conférences", "Total : Restauration", "Impression", "Forte présence des femmes."]:
        assert text in html, text
    assert "\u2066107\u202f000\u2069 MAD" in html and "\u2066103\u202f500\u2069 MAD" in html
    assert "Prévoir une demi-journée de plus" in html
    assert reverse("caravans:account_photo", args=[demo.slug, photo.pk]) in html
    assert "Atelier du mardi" in html


def test_a_report_without_any_account_says_so(personas, demo):
    personas["organiser"].cookies.load({"django_language": "fr"})
    html = personas["organiser"].get(reverse("reports:caravan_report", args=[demo.slug])).content.decode()
    assert "Aucune ligne budgétaire, observation ou photo enregistrée pour l'instant." in html


def test_the_report_pdf_prints_the_budget_notes_and_a_photo_in_french(demo):
    an_account(demo)
    a_photo(demo)
    pdf = render_report(demo, "fr")
    text = " ".join(pages_text(pdf))
    for phrase in [
        "Le compte de la caravane",
        "Salle de conférences",
        "Total : Restauration",
        "72 000 MAD",  # the catering's planned total
        "+1 500 MAD",  # the catering went over its budget
        "-3 500 MAD",  # the whole caravan did not (the printing is not paid yet)
        "107 000 MAD",
        "103 500 MAD",
        "Forte présence des femmes.",
        "Prévoir une demi-journée de plus pour les ateliers.",
        "Atelier du mardi",
    ]:
        assert phrase in text, phrase
    # WeasyPrint shares one resource dictionary between pages: the same image is listed on each of them.
    images = {
        image.name: image.image.size for page in PdfReader(io.BytesIO(pdf)).pages for image in page.images
    }
    assert list(images.values()) == [(800, 533)]  # embedded from its file, made smaller
    rasterise(pdf, "report-account-fr")
    assert all(encoding == "/Identity-H" for encoding in embedded_fonts(pdf).values())  # no missing glyph


def test_the_report_pdf_prints_the_budget_in_arabic(demo):
    an_account(demo)
    demo.observations = "حضور قوي للنساء"
    demo.save()
    pdf = render_report(demo, "ar")
    text = " ".join(pages_text(pdf))
    with translation.override("ar"):
        for phrase in [translation.gettext("The caravan's account"), "الإطعام", "حضور قوي للنساء"]:
            assert phrase in text, phrase
    assert "107 000" in text and "103 500" in text
    assert all(encoding == "/Identity-H" for encoding in embedded_fonts(pdf).values())
    rasterise(pdf, "report-account-ar")
