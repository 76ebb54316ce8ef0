"""The public caravan page in a real chromium on a 360 px phone: Arabic first, French on request, no JavaScript needed."""

import pytest

from core.tests.browser import horizontal_overflow, save_screenshot

pytestmark = pytest.mark.browser

PAGE = "/caravans/tanger-2025/"


def failed_responses(page):
    """Collects every response of the page with an error status (a missing stylesheet shows up here)."""
    failures = []
    page.on("response", lambda response: failures.append(response.url) if response.status >= 400 else None)
    return failures


def switch_language(page, name):
    switcher = page.get_by_role("link", name=name)
    assert switcher.is_visible()
    with page.expect_navigation():
        switcher.click()


def unreadable_sessions(page):
    """Sessions of the programme that leave the screen, overflow their box or use a type below 14 px."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.session')].filter(session => {
            const box = session.getBoundingClientRect();
            const title = session.querySelector('strong');
            return box.left < 0 || box.right > window.innerWidth
                || session.scrollWidth > session.clientWidth
                || !title || parseFloat(getComputedStyle(title).fontSize) < 14;
        }).map(session => session.innerText)"""
    )


def test_it_shows_the_caravan_in_arabic_right_to_left_on_a_phone(demo_site, phone_page):
    failures = failed_responses(phone_page)
    phone_page.goto(demo_site.url + PAGE)

    assert phone_page.locator("html").get_attribute("dir") == "rtl"
    assert phone_page.locator("html").get_attribute("lang") == "ar"
    assert phone_page.get_by_role("heading", level=1, name=demo_site.title_ar).is_visible()
    assert horizontal_overflow(phone_page) <= 0
    assert failures == []
    save_screenshot(phone_page, "caravan-ar-360.png")


def test_it_styles_the_page_with_the_served_stylesheet(demo_site, phone_page):
    phone_page.goto(demo_site.url + PAGE)

    header = phone_page.locator(".site-header")
    assert header.evaluate("element => getComputedStyle(element).display") == "flex"
    assert header.evaluate("element => getComputedStyle(element).backgroundColor") != "rgba(0, 0, 0, 0)"


def test_it_shows_a_readable_programme_on_a_phone(demo_site, phone_page):
    phone_page.goto(demo_site.url + PAGE)

    programme = phone_page.locator(".session")
    assert programme.count() >= 10
    assert programme.first.locator(".time").is_visible()
    assert unreadable_sessions(phone_page) == []


def test_it_switches_to_french_with_the_visible_switcher_and_remembers_it(demo_site, phone_page):
    phone_page.goto(demo_site.url + PAGE)

    switch_language(phone_page, "Français")
    assert phone_page.url == demo_site.url + PAGE
    assert phone_page.locator("html").get_attribute("dir") == "ltr"
    assert phone_page.get_by_role("heading", level=1, name=demo_site.title_fr).is_visible()
    assert horizontal_overflow(phone_page) <= 0
    assert unreadable_sessions(phone_page) == []
    save_screenshot(phone_page, "caravan-fr-360.png")

    phone_page.reload()
    assert phone_page.locator("html").get_attribute("lang") == "fr"
    assert phone_page.get_by_role("heading", level=1, name=demo_site.title_fr).is_visible()

    switch_language(phone_page, "العربية")
    assert phone_page.locator("html").get_attribute("dir") == "rtl"


def test_it_works_without_javascript(demo_site, new_page):
    page = new_page(javascript=False)
    page.goto(demo_site.url + PAGE)

    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("heading", level=1, name=demo_site.title_ar).is_visible()
    assert page.locator(".session").count() >= 10

    switch_language(page, "Français")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.get_by_role("heading", level=1, name=demo_site.title_fr).is_visible()
    save_screenshot(page, "caravan-fr-360-nojs.png")
