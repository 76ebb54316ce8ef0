import pytest
from django.urls import reverse
from PIL import Image

from certificates import services
from certificates.tests.factories import participant
from documents.certificates import render_certificates, split, verify_url
from documents.testing import PROJECT_FONT_NAMES, embedded_fonts, pages_text, rasterise


@pytest.fixture
def issued(demo):
    participant(demo, days=3, full_name_ar="فاطمة الزهراء العلمي", full_name_latin="Fatima Zahra El Alami")
    participant(demo, days=2, full_name_ar="خديجة السوسي", full_name_latin="Khadija Soussi")
    participant(demo, days=1, full_name_ar="مريم الريفي", full_name_latin="Meryem Rifi")
    return services.issue_all(demo, None)


def test_it_prints_one_page_per_certificate_with_names_in_reading_order_and_the_number(issued):
    pages = pages_text(render_certificates(issued, "ar"))
    assert len(pages) == 2  # Meryem came one day of three
    names = {c.holder_name_ar: c for c in issued}
    first = names["فاطمة الزهراء العلمي"]
    text = next(page for page in pages if first.number in page)
    assert "فاطمة الزهراء العلمي" in text and "Fatima Zahra El Alami" in text
    assert "شهادة المشاركة" in text or "Certificate of participation" in text
    assert "Meryem" not in " ".join(pages)


def test_it_prints_in_french_with_the_caravan_and_its_dates(issued):
    (text, *_rest) = pages_text(render_certificates(issued[:1], "fr"))
    assert issued[0].holder_name_latin in text and issued[0].number in text
    assert "Caravane d'étude et de sensibilisation" in text
    assert "2025" in text


def test_it_sets_text_only_with_the_project_fonts(issued):
    fonts = embedded_fonts(render_certificates(issued, "ar"))
    assert set(fonts) <= PROJECT_FONT_NAMES
    assert all(encoding == "/Identity-H" for encoding in fonts.values())  # no missing glyph


def test_its_qr_code_reads_as_the_public_verification_address(issued, settings):
    zxingcpp = pytest.importorskip("zxingcpp")
    settings.SITE_URL = "https://qafila.example.ma"
    (image,) = rasterise(render_certificates(issued[:1], "ar"), "certificate-qr", resolution=150)
    found = {result.text for result in zxingcpp.read_barcodes(Image.open(image))}
    assert found == {"https://qafila.example.ma" + reverse("certificates:verify", args=[issued[0].number])}
    assert verify_url(issued[0].number) in found


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_it_draws_pages_people_can_look_at(issued, language):
    images = rasterise(render_certificates(issued, language), f"certificate-{language}", resolution=60)
    assert len(images) == 2
    width, height = Image.open(images[0]).size
    assert width > height  # landscape


def test_it_splits_one_document_into_one_file_per_certificate(issued):
    files = split(render_certificates(issued, "fr"))
    assert [pages_text(f)[0].count(c.number) >= 1 for f, c in zip(files, issued, strict=True)] == [True, True]


def test_it_says_so_when_no_certificate_was_issued(demo):
    (text,) = pages_text(render_certificates([], "fr"))
    assert "No certificate" in text or "Aucune attestation" in text
