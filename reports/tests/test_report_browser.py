"""The caravan report in a real chromium, in Arabic on a 360 px phone and in French on a desktop screen, on the
demo's 232 registrations with some check-ins: screenshots in test-artifacts/ for a person to look at."""

import datetime

import pytest
from django.utils import timezone

from core.tests.browser import DESKTOP, horizontal_overflow, log_in, save_screenshot

pytestmark = pytest.mark.browser

REPORT = "/staff/caravans/tanger-2025/report/"


@pytest.fixture
def site(demo_site):
    from caravans.demo import load_demo_users
    from onsite.models import CheckIn
    from registration.demo import load_demo_registrations
    from registration.models import Registration

    load_demo_users(demo_site.caravan, password="pw")
    load_demo_registrations(demo_site.caravan)
    accepted = list(Registration.objects.accepted().filter(caravan=demo_site.caravan).order_by("id"))
    now = timezone.now()
    for index, registration in enumerate(accepted):
        days = 3 if index % 4 == 0 else (2 if index % 3 == 0 else 1)
        for offset in range(days if index % 7 else 0):
            day = demo_site.caravan.start_date + datetime.timedelta(days=offset)
            CheckIn.objects.create(registration=registration, day=day, at=now)
    return demo_site


def test_an_organiser_reads_the_report_in_arabic_on_a_phone_and_in_french(site, new_page):
    page = new_page()
    log_in(page, site.url, "organiser")
    page.goto(site.url + REPORT)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("table.chart").count() >= 5 and page.locator("svg.donut").count() >= 3
    assert horizontal_overflow(page) <= 0
    # A bar starts where an Arabic line starts: its right edge is the bar cell's right edge.
    bar = page.locator("table.chart svg.bar").first.bounding_box()
    fill = page.locator("table.chart svg.bar rect:nth-child(2)").first.bounding_box()
    assert abs((fill["x"] + fill["width"]) - (bar["x"] + bar["width"])) < 2
    save_screenshot(page, "report-ar-phone.png")

    page.locator("table.chart a").first.click()
    page.wait_for_load_state()
    assert "/registrations/" in page.url or "/report/people/" in page.url

    desktop = new_page(viewport=DESKTOP, locale="fr-FR")
    log_in(desktop, site.url, "organiser")
    desktop.goto(site.url + "/language/fr/?next=" + REPORT)
    desktop.goto(site.url + REPORT)
    assert desktop.locator("html").get_attribute("dir") == "ltr"
    assert desktop.get_by_text("Participants par sexe").count() or desktop.locator("h2").count() >= 9
    bar = desktop.locator("table.chart svg.bar").first.bounding_box()
    fill = desktop.locator("table.chart svg.bar rect:nth-child(2)").first.bounding_box()
    assert abs(fill["x"] - bar["x"]) < 2
    save_screenshot(desktop, "report-fr-desktop.png")
