"""A participant answers the demo's satisfaction survey of a session on a 360 px phone, in Arabic, without
JavaScript: badge code, five faces, a comment, sent; a second try is turned away kindly. The organiser reads
the results on the same phone."""

import pytest

from core.tests.browser import horizontal_overflow, log_in, save_screenshot
from core.tests.i18n import ar

pytestmark = pytest.mark.browser


@pytest.fixture
def site(demo_site):
    from caravans.demo import load_demo_users
    from registration.demo import load_demo_registrations
    from registration.models import Registration
    from surveys.demo import load_demo_surveys

    load_demo_users(demo_site.caravan, password="pw")
    load_demo_registrations(demo_site.caravan)
    surveys = load_demo_surveys(demo_site.caravan)
    rated = next(s for s in surveys if s.kind == "satisfaction" and s.questions.count() == 3)
    person = (
        Registration.objects.accepted()
        .filter(caravan=demo_site.caravan)
        .exclude(survey_responses__survey=rated)
    )
    demo_site.survey = (rated.token, rated.title_ar)
    demo_site.code = person.first().badge_code
    return demo_site


def test_a_participant_answers_on_a_phone_in_arabic_without_javascript(site, new_page):
    page = new_page(javascript=False)
    token, title = site.survey
    page.goto(f"{site.url}/s/{token}/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert title in page.locator("h1").inner_text()
    assert horizontal_overflow(page) <= 0
    faces = page.locator(".likert-row").first.locator("label")
    assert faces.count() == 5 and faces.first.bounding_box()["height"] >= 44  # a thumb's target
    save_screenshot(page, "survey-answer-ar-360.png")

    with page.expect_navigation():
        page.get_by_role("button", name=ar("Send my answers")).click()  # everything empty
    assert page.locator(".errors").is_visible()
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "survey-errors-ar-360.png")

    page.fill("[name=code]", site.code.lower())
    for row in page.locator(".likert-row").all():
        row.locator("label").nth(4).click()
    page.locator("textarea").fill("شكرا على هذه الحصة المفيدة")
    with page.expect_navigation():
        page.get_by_role("button", name=ar("Send my answers")).click()
    assert ar("Your answers have been received.") in page.inner_text("main")
    save_screenshot(page, "survey-thanks-ar-360.png")

    page.goto(f"{site.url}/s/{token}/")
    page.fill("[name=code]", site.code)
    for row in page.locator(".likert-row").all():
        row.locator("label").nth(0).click()
    with page.expect_navigation():
        page.get_by_role("button", name=ar("Send my answers")).click()
    assert ar(
        "You have already answered this survey: thank you. Your first answers are kept."
    ) in page.inner_text("main")


def test_the_organiser_reads_the_results_on_a_phone(site, new_page):
    page = new_page()
    log_in(page, site.url, "organiser")
    page.goto(f"{site.url}/staff/caravans/tanger-2025/surveys/results/")
    assert page.locator(".meters").first.is_visible()
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "survey-results-ar-360.png")
    page.goto(f"{site.url}/staff/caravans/tanger-2025/surveys/")
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "survey-list-ar-360.png")
