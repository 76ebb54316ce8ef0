"""In a real chromium: anyone checks a certificate on a 360 px phone; an organiser prepares the caravan's PDF
and watches its progress (htmx polling) until the download link appears."""

import pytest

from core.tests.browser import DESKTOP, horizontal_overflow, log_in, save_screenshot
from core.tests.jobs import run_jobs_once_queued

pytestmark = pytest.mark.browser


@pytest.fixture
def site(demo_site, settings, tmp_path):
    """Three participants with certificates earned (one issued), read before the browser starts."""
    from caravans.demo import load_demo_users
    from certificates import services
    from certificates.tests.factories import participant

    settings.MEDIA_ROOT = tmp_path
    load_demo_users(demo_site.caravan, password="pw")
    participant(demo_site.caravan, days=3, full_name_ar="حفيظة الزياني", full_name_latin="Hafida Zayani")
    (certificate,) = services.issue_all(demo_site.caravan, None)
    participant(demo_site.caravan, days=2, full_name_ar="رشيدة البقالي", full_name_latin="Rachida Bakkali")
    demo_site.number = certificate.number
    return demo_site


def test_anyone_checks_a_certificate_on_a_phone(site, new_page):
    page = new_page()
    page.goto(f"{site.url}/verify/{site.number}")
    assert "حفيظة الزياني" in page.inner_text("main")
    assert page.locator(".verdict.valid").count() == 1
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "certificate-verify-phone.png")


def test_an_organiser_prepares_the_pdf_and_sees_it_progress_to_the_download(site, new_page):
    page = new_page(viewport=DESKTOP, locale="fr-FR")
    log_in(page, site.url, "organiser")
    page.goto(f"{site.url}/staff/caravans/{site.caravan.slug}/certificates/")
    page.select_option("#batch select[name=language]", "fr")
    page.click("#batch button[type=submit]")
    run_jobs_once_queued()  # the worker renders the batch; the page polls its progress every 2 s
    download = page.locator("#batch a[href$='.pdf']")
    download.wait_for(timeout=60_000)
    assert "2" in page.inner_text("#batch")
    save_screenshot(page, "certificate-staff-batch.png")
    response = page.request.get(site.url + download.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
