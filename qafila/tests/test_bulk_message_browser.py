"""An organiser writes to the caravan's accepted people on a 360 px phone in Arabic: the preview (htmx, as they
type) counts the people and the SMS, the confirmation queues the messages and shows them in the outbox."""

import pytest

from core.tests.browser import horizontal_overflow, log_in, save_screenshot
from core.tests.i18n import ar

pytestmark = pytest.mark.browser


@pytest.fixture
def site(demo_site):
    """Three accepted people who agreed to messages, and one who was never asked."""
    from caravans.demo import load_demo_users
    from registration.services import register
    from registration.tests.factories import person

    load_demo_users(demo_site.caravan, password="pw")
    for consent in [True, True, True, None]:
        register(
            demo_site.caravan,
            person(messages_consent=consent),
            profile="project_holder",
            channel="staff",
            project_idea="عسل",
        )
    return demo_site


def test_an_organiser_writes_to_the_accepted_people_on_a_phone(site, new_page):
    page = new_page()
    log_in(page, site.url, "organiser")
    page.goto(f"{site.url}/staff/caravans/{site.caravan.slug}/messages/send/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.fill(
        "#id_text_ar", "نذكركم بإحضار البطاقة الوطنية يوم الافتتاح على الساعة التاسعة صباحا بمقر العمالة."
    )
    send = page.locator("#preview form button[type=submit]")
    send.wait_for()  # the preview came by htmx while typing, without the button «Preview»
    preview = page.inner_text("#preview")
    assert "UCS-2" in preview
    assert ar("Never asked whether they agree to messages (e.g. entered from a list)") + ": 1" in preview
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "bulk-message-preview-ar-360.png")
    with page.expect_navigation():
        send.click()
    assert page.url.endswith("/messages/?kind=bulk")
    assert page.locator(".outbox > li").count() == 3
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "outbox-ar-360.png")


def test_the_coordinators_texts_pages_fit_a_phone(site, new_page):
    page = new_page()
    log_in(page, site.url, "coordinator")
    for path in ["/staff/message-texts/", "/staff/message-texts/follow_up/"]:
        page.goto(site.url + path)
        assert horizontal_overflow(page) <= 0, path
    save_screenshot(page, "message-text-edit-ar-360.png")
