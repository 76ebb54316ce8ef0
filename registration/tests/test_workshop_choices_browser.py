"""Workshop wishes on the public form in a real chromium: a 360 px phone, Arabic, no JavaScript."""

import pytest

from core.tests.browser import save_screenshot

from .test_registration_form_browser import REGISTER, ar, horizontal_overflow, site  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture
def choices(site):  # noqa: F811
    """The first day with workshops: its select names and its workshops' (pk, Arabic title), read before the
    browser starts."""
    from registration.workshop_forms import field_names
    from registration.workshops import slots_by_day

    _day, (slot,) = slots_by_day(site.caravan)[0]
    return field_names(slot), [(str(s.pk), s.title_ar) for s in slot.sessions]


def test_a_person_ranks_workshops_on_a_phone_without_javascript(site, choices, new_page):  # noqa: F811
    names, shops = choices
    page = new_page(javascript=False)
    page.goto(site.url + REGISTER)
    assert page.get_by_text(ar("Workshops you would like to attend")).first.is_visible()
    page.fill("#id_full_name_ar", "فاطمة الزهراء العلمي")
    page.fill("#id_cin", "KB123456")
    page.check("#id_sex_0")
    page.fill("#id_birth_date", "12/03/1990")
    page.fill("#id_phone", "0612345678")
    page.select_option("#id_province", site.tanger_assilah)
    page.fill("#id_community", "أولاد علي")
    page.check("#id_profile_1")
    page.fill("#id_project_idea", "تربية النحل وبيع العسل")
    page.select_option(f"#id_{names[0]}", shops[2][0])
    page.select_option(f"#id_{names[1]}", shops[2][0])  # the same workshop twice: refused
    page.check("#id_consent")
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.get_by_text(ar("The same workshop is named twice.")).is_visible()
    assert page.input_value(f"#id_{names[0]}") == shops[2][0]  # what was chosen is kept
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "self-registration-workshops-error-ar-360.png")

    page.select_option(f"#id_{names[1]}", shops[0][0])
    page.check("#id_consent")
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.url == site.url + REGISTER + "done/"
    wishes = page.locator(".wishes li").all_inner_texts()
    assert len(wishes) == 2 and shops[2][1] in wishes[0] and shops[0][1] in wishes[1]
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "self-registration-workshops-done-ar-360.png")
