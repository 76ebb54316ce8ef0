"""The organisers' pages in a real chromium on a 360 px phone, JavaScript off: they fit and they work."""

import pytest

from core.tests.browser import horizontal_overflow, log_in, save_screenshot

pytestmark = pytest.mark.browser

BASE = "/staff/caravans/tanger-2025/"


@pytest.fixture
def staff_site(demo_site):
    from caravans.demo import load_demo_users

    load_demo_users(demo_site.caravan, password="pw")
    demo_site.first_day = demo_site.caravan.days.first().pk  # read now: no ORM once the browser runs
    return demo_site


def test_it_fits_the_organisers_pages_on_a_phone(staff_site, new_page):
    page = new_page(javascript=False)
    log_in(page, staff_site.url, "organiser")
    for name, path in [
        ("home", "/staff/"),
        ("caravan", BASE),
        ("programme", BASE + "programme/"),
        ("session", BASE + f"sessions/new/?day={staff_site.first_day}"),
        ("partner", BASE + "partners/new/"),
    ]:
        page.goto(staff_site.url + path)
        assert page.locator("h1").is_visible(), name
        assert horizontal_overflow(page) <= 0, name
        save_screenshot(page, f"staff-{name}-ar-360.png")


def test_it_adds_a_session_from_the_keyboard_without_javascript(staff_site, new_page):
    page = new_page(javascript=False)
    log_in(page, staff_site.url, "organiser")
    page.goto(staff_site.url + BASE + f"sessions/new/?day={staff_site.first_day}")
    assert page.evaluate("document.activeElement.name") == "day"  # the first field has the focus
    page.fill("#id_title_ar", "التواصل مع الزبناء")
    page.fill("#id_title_fr", "Communication avec les clients")
    with page.expect_navigation():
        page.press("#id_title_fr", "Enter")  # every other field keeps its suggested value
    assert page.url.endswith("/programme/#programme")
    assert page.get_by_text("التواصل مع الزبناء").first.is_visible()
