"""Every document carries the caravan's letterhead: the kingdom in Arabic, Tamazight and French, the authorities
from the ministry down, and the partners in their order; certificates add who signs and «حرر ب… في …»."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from caravans.letterhead import set_logo
from certificates import services
from certificates.tests.factories import participant
from documents.certificates import render_certificates
from documents.dossiers import render_dossier
from documents.testing import PROJECT_FONT_NAMES, embedded_fonts, pages_text, rasterise
from documents.tests.test_dossier import a_project
from registration.models import Decision
from registration.services import register
from registration.tests.factories import person

KINGDOM = ["المملكة المغربية", "ⵜⴰⴳⵍⴷⵉⵜ ⵏ ⵍⵎⵖⵔⵉⴱ", "Royaume du Maroc"]
# pypdf reads «عمالة طنجة-أصيلة» as «أصيلة-عمالة طنجة» (documents/testing.py): its two halves, then.
AUTHORITIES_AR = ["وزارة الداخلية", "مديرية الشؤون القروية", "عمالة طنجة", "أصيلة"]
AUTHORITIES_FR = [
    "Ministère de l'Intérieur",
    "Direction des Affaires Rurales",
    "Préfecture de Tanger-Assilah",
]
PARTNERS_FR = [
    "Office du Développement de la Coopération",
    "Secrétariat d'État chargé de l'Artisanat et de l'Économie Sociale et Solidaire",
    "Tamwilcom",
]
PARTNERS_AR = [
    "مكتب تنمية التعاون",
    "كتابة الدولة المكلفة بالصناعة التقليدية والاقتصاد الاجتماعي والتضامني",
    "تمويلكم",
]


def text_of(pdf):
    return " ".join(pages_text(pdf))


def assert_letterhead(pdf, language="fr", *, compact=False):
    """The kingdom's three lines, the authorities (in both languages unless compact) and the partners' names."""
    text = text_of(pdf)
    authorities = AUTHORITIES_AR if language == "ar" else AUTHORITIES_FR
    for line in KINGDOM + (authorities if compact else AUTHORITIES_AR + AUTHORITIES_FR):
        assert line in text, text[:600]
    partners = PARTNERS_AR if language == "ar" else PARTNERS_FR
    for name in partners[:1] if compact else partners:  # compact: the badge's or sheet's own partner line
        assert name in text
    fonts = embedded_fonts(pdf)
    assert "Noto-Sans-Tifinagh" in fonts
    assert set(fonts) <= PROJECT_FONT_NAMES
    assert set(fonts.values()) == {"/Identity-H"}  # no Tifinagh letter without its glyph
    return text


def pdf_of(response):
    assert response.status_code == 200, response.content[:300]
    return response.content


@pytest.fixture
def accepted(demo):
    registration = register(
        demo, person(), profile="project_holder", channel="staff", project_idea="تربية النحل"
    )
    assert registration.decision == Decision.ACCEPTED
    return registration


@pytest.fixture
def issued(demo):
    participant(demo, days=3, full_name_ar="فاطمة الزهراء العلمي", full_name_latin="Fatima Zahra El Alami")
    return services.issue_all(demo, None)


def test_the_programme_carries_the_letterhead_and_every_partner_in_order(client, demo):
    pdf = pdf_of(client.get(reverse("documents:programme_pdf", args=[demo.slug]), {"lang": "fr"}))
    text = assert_letterhead(pdf)
    positions = [text.index(name) for name in PARTNERS_FR]
    assert positions == sorted(positions)
    assert not re.search(r"\b(PTA|ESS)\b", text)  # the demo's invented acronyms


def test_the_certificate_names_its_signatories_and_where_and_when_it_was_made(issued):
    text = assert_letterhead(render_certificates(issued, "fr"))
    assert "Le Directeur des Affaires Rurales" in text
    assert "Gouverneur de la Préfecture de Tanger-Assilah" in text
    assert "Fait à Tanger le" in text
    arabic = assert_letterhead(render_certificates(issued, "ar"), "ar")
    assert "مدير الشؤون القروية" in arabic and "حرر بطنجة في" in arabic


def test_the_badge_sheet_and_the_sign_in_sheet_carry_it_in_small(personas, demo, accepted):
    organiser = personas["organiser"]
    badges = pdf_of(organiser.get(reverse("documents:badges_pdf", args=[demo.slug]), {"lang": "fr"}))
    assert_letterhead(badges, compact=True)
    day = reverse("documents:sign_in_sheet_day", args=[demo.slug, demo.start_date])
    assert_letterhead(pdf_of(organiser.get(day, {"lang": "fr"})), compact=True)


def test_the_dossier_carries_it(demo):
    assert_letterhead(render_dossier(a_project(demo), "fr"))  # reports/tests checks the report


def test_a_partner_logo_is_printed_from_the_stored_png(client, demo):
    partnership = demo.partnerships.get(organisation__acronym="ODCO")
    image = io.BytesIO()
    Image.new("RGB", (400, 200), "#1d6f42").save(image, format="JPEG")
    set_logo(None, partnership, SimpleUploadedFile("odco.jpg", image.getvalue()))
    pdf = pdf_of(client.get(reverse("documents:programme_pdf", args=[demo.slug]), {"lang": "ar"}))
    (page, *_rest) = rasterise(pdf, "letterhead-logo", resolution=60)
    colours = Image.open(page).convert("RGB").getcolors(1_000_000)
    assert any(abs(r - 0x1D) < 12 and abs(g - 0x6F) < 12 and abs(b - 0x42) < 12 for _n, (r, g, b) in colours)
