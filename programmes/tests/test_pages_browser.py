"""The catalogue in a real chromium on a 360 px phone: it fits, in Arabic, and a coordinator can edit it."""

import pytest

from core.tests.browser import horizontal_overflow, log_in, save_screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def catalogue_site(demo_site):
    from caravans.demo import load_demo_users
    from programmes.models import SupportProgramme
    from programmes.services import load_catalogue

    load_demo_users(demo_site.caravan, password="pw")
    load_catalogue()
    # Read now: the ORM is off limits once the browser runs.
    demo_site.programme = {p.key: f"/staff/programmes/{p.pk}/" for p in SupportProgramme.objects.all()}
    return demo_site


def test_it_fits_the_catalogue_pages_on_a_phone_in_arabic(catalogue_site, new_page):
    page = new_page(javascript=False)
    log_in(page, catalogue_site.url, "trainer")
    for name, path in [
        ("list", "/staff/programmes/"),
        ("detail", catalogue_site.programme["indh_ariej"]),
        ("ended", catalogue_site.programme["caravan_dar_odco_2025"]),
    ]:
        page.goto(catalogue_site.url + path)
        assert page.locator("h1").is_visible(), name
        assert page.evaluate("document.documentElement.dir") == "rtl", name
        assert horizontal_overflow(page) <= 0, name
        save_screenshot(page, f"programmes-{name}-ar-360.png")
    page.goto(catalogue_site.url + catalogue_site.programme["indh_ariej"])
    assert page.get_by_text("300\u202f000").first.is_visible()  # the maximum grant, in figures


def test_it_lets_the_coordinator_edit_a_condition_on_a_phone(catalogue_site, new_page):
    page = new_page(javascript=False)
    log_in(page, catalogue_site.url, "coordinator")
    page.goto(catalogue_site.url + catalogue_site.programme["forsa"] + "edit/")
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "programmes-edit-ar-360.png")
    page.fill("#id_age_max", "40")
    with page.expect_navigation():
        page.locator("button[type=submit]").click()
    assert page.url.endswith(catalogue_site.programme["forsa"])
    assert page.get_by_text("بين 18 و40 سنة").first.is_visible()
