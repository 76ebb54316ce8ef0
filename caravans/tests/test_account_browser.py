"""The caravan's account in a real chromium on a 360 px phone in Arabic: an organiser adds a budget line typed
the Moroccan way and a photo of the day, and the page fits the screen."""

from types import SimpleNamespace

import pytest
from PIL import Image

from core.tests.browser import horizontal_overflow, log_in, save_screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def account_site(demo_site, tmp_path):
    from caravans.account_demo import load_demo_account
    from caravans.demo import load_demo_users

    load_demo_users(demo_site.caravan, password="pw")
    load_demo_account(demo_site.caravan)
    photo = tmp_path / "IMG_2025.jpg"
    Image.new("RGB", (3000, 2000), "#8a4b14").save(photo, format="JPEG")
    return SimpleNamespace(url=demo_site.url, slug=demo_site.caravan.slug, photo=photo)


def test_an_organiser_adds_a_budget_line_and_a_photo_on_a_phone(account_site, new_page):
    page = new_page()
    log_in(page, account_site.url, "organiser")
    page.goto(f"{account_site.url}/staff/caravans/{account_site.slug}/hub/")
    with page.expect_navigation():
        page.click(f'a[href="/staff/caravans/{account_site.slug}/account/"]')
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert "409\u202f300" in page.locator("table.account tfoot").inner_text()  # the demo's planned total

    page.select_option("#id_category", "printing")
    page.fill("#id_label", "طبع دليل المشاركين")
    page.fill("#id_planned_mad", "12 500,50")
    with page.expect_navigation():
        page.click("#add-line + form button[type=submit]")
    assert "421\u202f800,50" in page.locator("table.account tfoot").inner_text()  # 409 300 + 12 500,50
    assert horizontal_overflow(page) <= 0

    page.set_input_files("#id_image", str(account_site.photo))
    page.fill("#id_caption", "ورشة آليات التمويل")
    with page.expect_navigation():
        page.click("#add-photo + form button[type=submit]")
    image = page.locator(".account-photos img")
    assert image.get_attribute("alt") == "ورشة آليات التمويل"
    assert image.evaluate("img => img.naturalWidth") == 1600  # served through its checked view, resized
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "account-ar-360.png")
