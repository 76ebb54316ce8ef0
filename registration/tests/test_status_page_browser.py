"""The status page in a real chromium on a 360 px phone, in Arabic, without JavaScript: a participant finds their
registration and shows a badge code that a scanner reads from the screen."""

import pytest

from core.tests.browser import horizontal_overflow, save_screenshot
from core.tests.i18n import ar

pytestmark = pytest.mark.browser


@pytest.fixture
def accepted(demo_site, time_machine):
    from caravans.tests.factories import DURING_DEMO_REGISTRATION
    from registration.services import register
    from registration.tests.factories import person

    time_machine.move_to(DURING_DEMO_REGISTRATION)  # the live server runs in this process: its clock too
    registration = register(
        demo_site.caravan, person(), profile="project_holder", channel="staff", project_idea="عسل"
    )
    # Read now: the ORM is off limits once the browser runs.
    return registration.reference_display, registration.badge_code


def test_a_participant_finds_their_badge_code_on_a_phone(demo_site, accepted, new_page, tmp_path):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    reference, badge_code = accepted
    page = new_page(javascript=False)
    page.goto(demo_site.url + "/caravans/tanger-2025/status/")
    page.fill("#id_code", reference)
    page.fill("#id_birth_date", "01/05/1990")
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.get_by_text(ar("You are accepted.")).is_visible()
    assert page.get_by_text(badge_code).is_visible()
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "status-accepted-ar-360.png")
    page.locator("svg.qr").screenshot(path=tmp_path / "qr.png")
    assert {result.text for result in zxingcpp.read_barcodes(Image.open(tmp_path / "qr.png"))} == {badge_code}
