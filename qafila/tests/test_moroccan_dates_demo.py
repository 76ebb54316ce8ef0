"""Issue #13's done-means: no Mashreqi month name on the demo's key Arabic pages and PDFs."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from certificates import services
from certificates.models import Certificate
from certificates.tests.factories import participant
from documents.testing import pages_text
from qafila.tests.test_moroccan_dates import MASHREQI

# 1 December 2026 at 20:48, the moment the review saw written «1 ديسمبر 2026» and «12/01/2026 8:48 م».
EVENING = timezone.make_aware(datetime.datetime(2026, 12, 1, 20, 48))


@pytest.fixture
def issued(demo):
    participant(demo, days=3, full_name_ar="فاطمة الزهراء العلمي", full_name_latin="Fatima Zahra El Alami")
    (certificate,) = services.issue_all(demo, None)
    Certificate.objects.filter(pk=certificate.pk).update(issued_at=EVENING)
    certificate.refresh_from_db()
    return certificate


def arabic_text(client, url):
    """The Arabic text of a page, or of each page of a PDF."""
    response = client.get(url, {"lang": "ar"}, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200, url
    if response["Content-Type"] == "application/pdf":
        content = b"".join(response.streaming_content) if response.streaming else response.content
        return " ".join(pages_text(content))
    return response.content.decode()


def test_the_public_pages_write_no_mashreqi_month(demo, issued):
    client = Client()
    for url in [f"/caravans/{demo.slug}/", f"/caravans/{demo.slug}/programme.pdf"]:
        assert MASHREQI.findall(arabic_text(client, url)) == [], url
    verification = arabic_text(client, reverse("certificates:verify", args=[issued.number]))
    assert "1 دجنبر 2026" in verification and MASHREQI.findall(verification) == []


def test_the_staff_pages_and_documents_write_no_mashreqi_month(demo, issued, personas):
    client = personas["organiser"]
    urls = [
        reverse("reports:caravan_report", args=[demo.slug]),
        reverse("documents:certificate_pdf", args=[demo.slug, issued.pk]),
        reverse("reports:report_pdf", args=[demo.slug]),
        reverse("registration:staff_registration", args=[demo.slug, issued.registration.pk]),
    ]
    texts = {url: arabic_text(client, url) for url in urls}
    assert {url: MASHREQI.findall(text) for url, text in texts.items()} == {url: [] for url in urls}
    assert "دجنبر" in texts[urls[1]]  # issued on 1 December
