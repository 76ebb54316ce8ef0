"""The public finder's result on one printed page, in Arabic or French, and the finder's QR code on the
caravan's printed programme."""

import pytest
from pypdf import PdfReader

from documents.testing import pages_text, rasterise
from programmes.services import load_catalogue

WOMAN = "p.26.f.HOC.goat_cheese.i.80000.20000"
COOPERATIVE = "c...LAR.olive_oil.r.200000.80000.20230301"


@pytest.fixture
def catalogue(places):
    load_catalogue()


def result_pdf(client, code, language):
    response = client.get(f"/programmes/r/{code}/result.pdf?lang={language}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


@pytest.mark.parametrize("code", [WOMAN, COOPERATIVE, "-"])
def test_it_prints_the_result_on_one_page_in_french(client, catalogue, code):
    pdf = result_pdf(client, code, "fr")
    [text] = pages_text(pdf)
    assert "Les programmes d'appui pour vous" in text
    assert "programmes à vérifier" in text
    assert f"/programmes/r/{code}/" in text.replace(" ", "")  # the short link that reopens the answers


def test_it_prints_the_woman_s_result_in_arabic(client, catalogue):
    pdf = result_pdf(client, WOMAN, "ar")
    [text] = pages_text(pdf)
    assert "برامج الدعم المناسبة لكم" in text
    assert "يناسبكم" in text and "القروض الصغرى" in text or "microcrédit" in text.lower()
    rasterise(pdf, "finder-result-ar")
    assert len(PdfReader(__import__("io").BytesIO(pdf)).pages) == 1


def test_the_caravan_programme_carries_the_finder_s_qr_code(client, demo):
    response = client.get("/caravans/tanger-2025/programme.pdf?lang=fr")
    text = " ".join(pages_text(response.content))
    assert "Quels programmes d'appui sont pour moi ?" in text
    assert "Scannez ce code" in text
