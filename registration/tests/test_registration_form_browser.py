"""The registration forms in a real chromium: the public one on a 360 px phone in Arabic without JavaScript,
the staff one from the keyboard alone."""

import pytest

from core.tests.browser import horizontal_overflow, save_screenshot
from core.tests.i18n import ar

pytestmark = pytest.mark.browser

REGISTER = "/caravans/tanger-2025/register/"
ENTRY = "/staff/caravans/tanger-2025/registrations/new/"


@pytest.fixture
def site(demo_site, time_machine):
    from caravans.demo import load_demo_users
    from caravans.tests.factories import DURING_DEMO_REGISTRATION
    from places.models import Province

    time_machine.move_to(DURING_DEMO_REGISTRATION)  # the live server runs in this process: its clock too
    load_demo_users(demo_site.caravan, password="pw")
    demo_site.tanger_assilah = str(Province.objects.get(code="MA-TNG").pk)  # no ORM once the browser runs
    return demo_site


def test_a_person_registers_on_a_phone_in_arabic_without_javascript(site, new_page):
    page = new_page(javascript=False)
    page.goto(site.url + REGISTER)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "self-registration-form-ar-360.png")

    page.fill("#id_full_name_ar", "فاطمة الزهراء العلمي")
    page.fill("#id_cin", "KB123456")
    page.check("#id_sex_0")
    page.fill("#id_birth_date", "12/03/1990")
    page.fill("#id_phone", "061234567")  # a slip: one digit short
    page.select_option("#id_province", site.tanger_assilah)
    page.fill("#id_community", "أولاد علي")
    page.check("#id_profile_1")
    page.fill("#id_project_idea", "تربية النحل وبيع العسل")
    page.check("#id_consent")
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.locator("#id_phone_error").is_visible()  # the error sits next to its field
    assert page.evaluate("document.activeElement.id") == "id_phone"
    assert page.input_value("#id_cin") == "KB123456"  # what was typed is kept
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "self-registration-error-ar-360.png")

    page.fill("#id_phone", "0612345678")
    page.check("#id_consent")
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.url == site.url + REGISTER + "done/"
    assert page.get_by_text(ar("You are accepted.")).is_visible()
    assert "KB123456" not in page.content()
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "self-registration-done-ar-360.png")


def log_in(page, url, username):
    page.goto(url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    with page.expect_navigation():
        page.press("#id_password", "Enter")


class Keyboard:
    """Types into the focused field and counts every key pressed (a character is one key)."""

    def __init__(self, page):
        self.page, self.keys = page, 0

    def type(self, text):
        self.page.keyboard.type(text)
        self.keys += len(text)

    def press(self, key, times=1):
        for _ in range(times):
            self.page.keyboard.press(key)
        self.keys += times


def test_an_agent_enters_a_list_from_the_keyboard_alone(site, new_page):
    page = new_page(javascript=False, viewport={"width": 1280, "height": 900})
    log_in(page, site.url, "agent")
    page.goto(site.url + ENTRY)
    assert page.evaluate("document.activeElement.name") == "province"  # a new list starts with its place
    keys = Keyboard(page)
    keys.type("طنجة أصيلة")
    keys.press("Tab")
    keys.type("أصيلة")
    keys.press("Tab")
    keys.type("أولاد علي")
    keys.press("Tab")
    keys.press("ArrowDown", 2)  # profile: project holder
    keys.press("Tab", 3)  # past the cooperative's name and date, to the person
    assert page.evaluate("document.activeElement.name") == "full_name_ar"

    people = [("خديجة البقالي", "LB234567", "03/04/1985", "0661234567"),
              ("رحمة العمراني", "LB345678", "1979", "0662345678")]  # fmt: skip
    per_person = []
    for name, cin, born, phone in people:
        assert page.evaluate("document.activeElement.name") == "full_name_ar"
        start = keys.keys
        keys.type(name)
        keys.press("Tab", 2)  # no Latin spelling on this list
        keys.type(cin)
        keys.press("Tab")
        keys.press("ArrowDown")  # sex: woman
        keys.press("Tab")
        keys.type(born)
        keys.press("Tab")
        keys.type(phone)
        keys.press("Tab")
        keys.type("تربية النحل")
        keys.press("Tab", 2)  # no sector
        keys.press("Space")  # the person agreed
        with page.expect_navigation():
            keys.press("Enter")
        per_person.append(keys.keys - start)
        banner = page.locator(".banner")
        assert banner.is_visible() and name in banner.inner_text()
    save_screenshot(page, "staff-quick-entry-after-save.png")
    assert page.input_value("#id_community") == "أولاد علي"  # the list's details are kept
    assert page.input_value("#id_full_name_ar") == ""
    print(f"keys per person: {per_person}")  # noqa: T201 — reported by the quick-entry measure
    # What is on the paper, typed, plus 11 keys to move, choose and save.
    assert per_person[1] == len("رحمة العمرانيLB34567819790662345678تربية النحل") + 11


def test_the_quick_entry_fits_an_agents_phone(site, new_page):
    page = new_page(javascript=False)
    log_in(page, site.url, "agent")
    page.goto(site.url + ENTRY)
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "staff-quick-entry-ar-360.png")
