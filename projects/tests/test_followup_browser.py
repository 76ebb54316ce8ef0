"""The follow-up in a real chromium on a 360 px phone in Arabic: an agent works through the worklist and records
a contact's outcome."""

from types import SimpleNamespace

import pytest

from core.tests.browser import horizontal_overflow, log_in, save_screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def contact_site(demo_site):
    from django.contrib.auth import get_user_model

    from caravans.demo import load_demo_users
    from projects.followup.services import assign, plan_follow_ups

    from .factories import project

    load_demo_users(demo_site.caravan, password="pw")
    followed = project(demo_site.caravan, title="تربية النحل بجبل الحبيب")
    plan_follow_ups(demo_site.caravan)
    contact = followed.follow_ups.get(months=3)
    assign(None, list(followed.follow_ups.all()), get_user_model().objects.get(username="agent"))
    # Read now: no ORM once the browser runs.
    return SimpleNamespace(
        url=demo_site.url,
        slug=demo_site.caravan.slug,
        pk=contact.pk,
        project=followed.pk,
        title=followed.title,
    )


def test_an_agent_records_a_court_registration_and_jobs_from_the_worklist_on_a_phone(contact_site, new_page):
    page = new_page()
    log_in(page, contact_site.url, "agent")
    page.goto(f"{contact_site.url}/staff/caravans/{contact_site.slug}/hub/")
    with page.expect_navigation():
        page.click(f'a[href="/staff/caravans/{contact_site.slug}/follow-up/"]')
    assert page.evaluate("document.documentElement.dir") == "rtl"
    row = page.locator(f"#contact-{contact_site.pk}")
    # The agent in charge of the call gets its number in one tap.
    assert contact_site.title in row.inner_text() and row.locator('a[href^="tel:"]').count() == 1
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "followup-worklist-ar-360.png")

    with page.expect_navigation():
        row.locator(f'a[href$="/follow-up/{contact_site.pk}/"]').click()
    page.click("#section-founding summary")
    page.select_option("#id_step", "local_register")
    assert page.locator('input[name="step_status"][value="done"]').is_checked()
    page.fill("#id_reference", "147/2025")
    page.click("#section-jobs summary")
    page.fill("#id_jobs_women", "2")
    page.fill("#id_evidence", "نسخة من استمارة التسجيل")
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "followup-contact-ar-360.png")
    with page.expect_navigation():
        page.click(".submit button")

    assert page.locator(".messages li").count() == 1
    assert page.locator(f"#contact-{contact_site.pk}").count() == 0  # no longer to make
    with page.expect_navigation():
        page.click('a[href="?tab=done"]')
    done = page.locator(f"#contact-{contact_site.pk}")
    assert contact_site.title in done.inner_text() and page.locator('[aria-current="page"]').count() == 1
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "followup-done-ar-360.png")
