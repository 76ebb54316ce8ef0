"""A holder opens the follow-up SMS's link on a 360 px phone, in Arabic, without JavaScript, answers the six
questions with a few taps (a mistake first), and the link then only says thank you."""

from types import SimpleNamespace

import pytest

from core.tests.browser import horizontal_overflow, save_screenshot
from core.tests.i18n import ar

pytestmark = pytest.mark.browser


@pytest.fixture
def holder_site(demo_site, settings):
    from programmes.tests.factories import saved_programme
    from projects.followup.models import FollowUp
    from projects.followup.questionnaire import send_questionnaire
    from projects.followup.services import plan_follow_ups
    from registration.tests.factories import person

    from .factories import project

    settings.QAFILA_SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"
    settings.SITE_URL = demo_site.url  # the link in the SMS leads to this test's server
    saved_programme(key="intelaka_test", name_ar="انطلاقة", name_fr="Intelaka", kinds=["loan"])
    made = project(demo_site.caravan, holder=person(messages_consent=True))
    plan_follow_ups(demo_site.caravan)
    message = send_questionnaire(FollowUp.objects.get(project=made, months=3))
    # Read now: no ORM once the browser runs.
    link = next(word for word in message.text.split() if word.startswith(demo_site.url))
    return SimpleNamespace(link=link, text=message.text)


def test_the_holder_answers_from_the_sms_link_on_a_phone_in_arabic(holder_site, new_page):
    page = new_page(javascript=False)
    page.goto(holder_site.link)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.locator("h1").inner_text() == ar("How is your project going?")
    assert page.locator("fieldset.question").count() == 6
    assert horizontal_overflow(page) <= 0
    answer = page.locator("fieldset.question label").first
    assert answer.bounding_box()["height"] >= 44  # a thumb's target
    save_screenshot(page, "followup-questionnaire-ar-360.png")

    page.get_by_label(ar("Yes, registered at the court")).check()
    page.get_by_label(ar("I applied, no answer yet")).check()  # the programme is left out: refused
    with page.expect_navigation():
        page.get_by_role("button", name=ar("Send my answers")).click()
    assert ar("Say which programme, or that you do not know its name.") in page.inner_text("main")
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "followup-questionnaire-errors-ar-360.png")

    page.get_by_label(ar("From which programme?")).select_option(label="انطلاقة")
    page.get_by_label(ar("Women")).fill("٣")  # Arabic-Indic digits, as a phone's Arabic keyboard types them
    page.get_by_label(ar("Men")).fill("1")
    page.locator("fieldset.question").nth(3).get_by_label(ar("Yes")).check()
    page.get_by_label(ar("Yes, it is running")).check()
    page.get_by_label(ar("Nobody buys")).check()
    page.get_by_label(ar("What help do you need?")).fill("نحتاج معرضا لبيع الجبن")
    with page.expect_navigation():
        page.get_by_role("button", name=ar("Send my answers")).click()
    assert ar("Your answers have been received.") in page.inner_text("main")
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "followup-questionnaire-thanks-ar-360.png")

    page.goto(holder_site.link)  # the link again: thanks, nothing to answer
    assert ar("Your answers have been received.") in page.inner_text("main")
    assert page.locator("form.questionnaire").count() == 0
