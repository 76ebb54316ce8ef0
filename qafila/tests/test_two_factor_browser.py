"""A national coordinator sets up two-step login on a 360 px phone in Arabic: the QR code and key, a code typed
from the authenticator (computed here from the key the page shows, as the app does), then the recovery codes."""

from base64 import b32decode

import pytest
from django_otp.oath import totp

from core.tests.browser import horizontal_overflow, log_in, save_screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def site(demo_site, settings):
    from caravans.demo import load_demo_users

    settings.QAFILA_REQUIRE_2FA = True
    load_demo_users(demo_site.caravan, password="pw")
    return demo_site


def test_a_coordinator_sets_up_two_step_login_on_a_phone(site, new_page):
    page = new_page()
    log_in(page, site.url, "coordinator")
    assert "/accounts/two-factor/" in page.url
    assert page.locator(".authenticator svg").is_visible()
    assert horizontal_overflow(page) == 0
    save_screenshot(page, "two-factor-enrol-360.png")

    key = b32decode(page.inner_text("#secret").replace(" ", ""))
    page.fill("#id_code", f"{totp(key):06d}")
    with page.expect_navigation():
        page.press("#id_code", "Enter")
    assert page.locator(".recovery-codes li").count() == 10
    assert horizontal_overflow(page) == 0

    with page.expect_navigation():
        page.click(".button")  # «I have kept them: continue»
    assert page.url.endswith("/staff/")
