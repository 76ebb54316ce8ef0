"""The workshop-group page in a real chromium on a 360 px phone, in Arabic, with the demo's groups: a trainer
reads the result, moves someone to another workshop (htmx, and a plain form without JavaScript), and the
page never scrolls sideways."""

import pytest

from core.tests.browser import horizontal_overflow, log_in, save_screenshot
from core.tests.i18n import ar

pytestmark = pytest.mark.browser


@pytest.fixture
def site(demo_site):
    from caravans.demo import load_demo_users
    from onsite.groups import services as groups
    from onsite.groups.demo import load_demo_groups
    from registration.demo import load_demo_registrations

    load_demo_users(demo_site.caravan, password="pw")
    load_demo_registrations(demo_site.caravan)
    load_demo_groups(demo_site.caravan)
    day = groups.days_with_workshops(demo_site.caravan)[-1]
    (slot,) = groups.slots(day)
    explained = groups.explanation(slot)
    row = next(r for r in explained.rows if r.session is not None)
    target = next(s for s, load in explained.workshops if s != row.session and load.free > 1)
    demo_site.page = f"/staff/caravans/{demo_site.caravan.slug}/groups/{day.pk}/"
    demo_site.person, demo_site.target = row.registration.pk, (target.pk, target.title_ar)
    demo_site.target_count = next(load.count for s, load in explained.workshops if s == target)
    return demo_site


def test_a_trainer_moves_someone_to_another_workshop_on_a_phone(site, new_page):
    page = new_page()
    log_in(page, site.url, "trainer")
    page.goto(site.url + site.page)
    assert ar("Workshop groups") in page.locator("h1").inner_text()
    assert page.locator(".group-tally dd").count() == 6
    assert horizontal_overflow(page) <= 0
    line = page.locator(f"#p{site.person}")
    line.locator("summary").click()
    line.locator("select").select_option(str(site.target[0]))
    line.locator("button").click()
    page.locator(f"#p{site.person} .now").wait_for()  # swapped in place
    moved = page.locator(f"#p{site.person}").inner_text()
    assert ar("changed by hand") in moved and site.target[1] in moved
    assert f"{site.target_count + 1} " in page.locator("#group-workshops").inner_text()
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "groups-phone-ar.png")


def test_it_moves_someone_without_javascript(site, new_page):
    page = new_page(javascript=False)
    log_in(page, site.url, "organiser")
    page.goto(site.url + site.page)
    line = page.locator(f"#p{site.person}")
    line.locator("summary").click()
    line.locator("select").select_option(str(site.target[0]))
    with page.expect_navigation():
        line.locator("button").click()
    assert ar("changed by hand") in page.locator(f"#p{site.person}").inner_text()
