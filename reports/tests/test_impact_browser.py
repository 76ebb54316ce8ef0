"""The report's outcomes in a real chromium, in Arabic on a 360 px phone: the funnel fits the screen, its bars
start on the right, and a figure opens the projects behind it. Screenshot in test-artifacts/."""

import pytest

from core.tests.browser import horizontal_overflow, log_in, save_screenshot

from .followed import followed_caravan

pytestmark = pytest.mark.browser

REPORT = "/staff/caravans/tanger-2025/report/"


@pytest.fixture
def site(demo_site):
    from caravans.demo import load_demo_users

    load_demo_users(demo_site.caravan, password="pw")
    demo_site.made = followed_caravan(demo_site.caravan)
    return demo_site


def test_an_organiser_reads_the_funnel_on_a_phone_and_opens_the_projects_behind_it(site, new_page):
    page = new_page()
    log_in(page, site.url, "organiser")
    page.goto(site.url + REPORT + "#impact")
    assert page.locator("html").get_attribute("dir") == "rtl"
    funnel = page.locator("#impact + .report-sections table.chart.bars")
    assert funnel.locator("tbody tr").count() == 6
    assert horizontal_overflow(page) <= 0
    bar = funnel.locator("svg.bar").first.bounding_box()
    fill = funnel.locator("svg.bar rect:nth-child(2)").first.bounding_box()
    assert abs((fill["x"] + fill["width"]) - (bar["x"] + bar["width"])) < 2
    save_screenshot(page, "report-impact-ar-phone.png")

    funnel.locator("tbody tr").nth(2).locator("a").click()  # cooperatives founded
    page.wait_for_load_state()
    assert "by=outcome" in page.url
    assert page.get_by_text(site.made["founded"].holder.full_name_ar).count() == 1
    assert page.get_by_text(site.made["stalled"].holder.full_name_ar).count() == 0
