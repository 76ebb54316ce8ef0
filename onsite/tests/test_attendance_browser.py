"""In a real chromium on a 360 px phone, in Arabic: a participant opens the page of a session's QR code, types
the code of their badge and reads "present" in big words; a trainer ticks their room on their phone."""

import datetime

import pytest
from django.utils import timezone

from core.tests.browser import horizontal_overflow, log_in, save_screenshot
from core.tests.i18n import ar

pytestmark = pytest.mark.browser


@pytest.fixture
def site(demo_site):
    """The demo caravan moved to start today, with an all-day training of the demo trainer and two accepted
    participants; everything the browser needs is read before it starts."""
    from django.contrib.auth import get_user_model

    from caravans.demo import load_demo_users
    from caravans.models import Day, Session, Speaker
    from onsite.attendance.services import session_token
    from onsite.services import check_in
    from registration.services import register
    from registration.tests.factories import person

    caravan = demo_site.caravan
    load_demo_users(caravan, password="pw")
    shift = timezone.localdate() - caravan.start_date
    for day in Day.objects.filter(caravan=caravan).order_by("-date" if shift.days > 0 else "date"):
        day.date += shift
        day.save()
    caravan.start_date += shift
    caravan.end_date += shift
    caravan.save()
    training = Session.objects.create(
        day=Day.objects.get(caravan=caravan, date=caravan.start_date),
        kind=Session.Kind.TRAINING,
        title_ar="التدبير المالي للتعاونية",
        title_fr="Gestion financière de la coopérative",
        starts_at=datetime.time(0, 0),
        ends_at=datetime.time(23, 59),
    )
    training.speakers.add(Speaker.objects.filter(caravan=caravan, user__username="trainer").first())
    names = ["حفيظة الزياني", "رشيدة البقالي"]
    people = [
        register(
            caravan, person(full_name_ar=n), profile="project_holder", channel="staff", project_idea="العسل"
        )
        for n in names
    ]
    check_in(
        caravan, people[0].badge_code, caravan.start_date, get_user_model().objects.get(username="agent")
    )
    demo_site.board = f"/staff/caravans/{caravan.slug}/board/"
    demo_site.scan = f"/present/{session_token(training)}/"
    demo_site.mark = f"/staff/caravans/{caravan.slug}/attendance/{training.pk}/"
    demo_site.qr = demo_site.mark + "qr/"
    demo_site.codes = [p.badge_code for p in people]
    demo_site.names = names
    return demo_site


def test_a_participant_says_present_from_their_phone(site, new_page):
    page = new_page(javascript=False)  # cheap phones: the page needs none
    page.goto(site.url + site.scan)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "التدبير المالي للتعاونية" in page.locator("h1").inner_text()
    assert horizontal_overflow(page) <= 0
    code = site.codes[0]
    page.get_by_label(ar("The code printed on your badge")).fill(f"{code[:5].lower()} {code[5:]}")
    page.get_by_role("button", name=ar("I am present")).click()
    verdict = page.locator(".answer .verdict")
    assert ar("Present") in verdict.inner_text()
    assert float(verdict.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 32
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "attendance-scan-present-ar.png")
    page.goto(site.url + site.scan)
    page.get_by_role("button", name=ar("I am present")).click()  # the code is remembered
    assert ar("Already present") in page.locator(".answer .verdict").inner_text()


def test_a_wrong_code_is_said_plainly(site, new_page):
    page = new_page()
    page.goto(site.url + site.scan)
    page.get_by_label(ar("The code printed on your badge")).fill("ABCDEFGH23")
    page.get_by_role("button", name=ar("I am present")).click()
    assert ar("Not recorded") in page.locator(".answer .verdict").inner_text()
    save_screenshot(page, "attendance-scan-unknown-ar.png")


def test_a_trainer_ticks_their_room_on_a_phone(site, new_page):
    page = new_page()
    log_in(page, site.url, "trainer")
    page.goto(site.url + site.mark)
    assert horizontal_overflow(page) <= 0
    page.get_by_label(site.names[1]).check()
    page.get_by_role("button", name=ar("Save attendance")).click()
    assert page.get_by_label(site.names[1]).is_checked()
    assert not page.get_by_label(site.names[0]).is_checked()
    save_screenshot(page, "attendance-trainer-ar.png")


def test_the_board_fits_an_organisers_phone_and_offers_a_call(site, new_page):
    page = new_page()
    log_in(page, site.url, "organiser")
    page.goto(site.url + site.board)
    assert horizontal_overflow(page) <= 0
    missing = page.locator(".missing li")
    assert missing.count() == 1 and site.names[1] in missing.inner_text()
    assert missing.locator("a[href^='tel:']").count() == 1
    save_screenshot(page, "attendance-board-ar.png")


def test_the_qr_code_fills_a_screen(site, new_page):
    from core.tests.browser import DESKTOP

    page = new_page(viewport=DESKTOP)
    log_in(page, site.url, "trainer")
    page.goto(site.url + site.qr)
    box = page.locator("svg.qr").bounding_box()
    assert box["width"] >= 400 and abs(box["width"] - box["height"]) < 2
    save_screenshot(page, "attendance-qr-ar.png")
