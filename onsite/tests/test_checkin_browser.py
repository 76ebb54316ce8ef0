"""The check-in page in a real chromium on a 360 px phone, in Arabic, against the demo's 232 registrations:
an agent checks people in by name and by typed code, and sees the refusal when a badge comes back."""

import os

import pytest
from django.utils import translation

from core.tests.browser import horizontal_overflow, log_in, save_screenshot
from core.tests.i18n import ar
from onsite.words import said

pytestmark = pytest.mark.browser

PAGE = "/staff/caravans/tanger-2025/check-in/"


def misspelt(name):
    """The name as an agent may type it: ة as ه, final ي as ى, no hamza on alef."""
    variant = name.replace("ة", "ه").replace("أ", "ا").replace("إ", "ا")
    return " ".join(word[:-1] + "ى" if word.endswith("ي") else word for word in variant.split())


@pytest.fixture
def site(demo_site):
    from caravans.demo import load_demo_users
    from registration.demo import load_demo_registrations
    from registration.models import Registration

    load_demo_users(demo_site.caravan, password="pw")
    load_demo_registrations(demo_site.caravan)
    accepted = Registration.objects.accepted().filter(caravan=demo_site.caravan).select_related("person")
    names = {}
    for registration in accepted:  # two people whose Arabic name nobody else shares
        names.setdefault(registration.person.full_name_ar, []).append(registration)
    unique = [
        found[0] for found in names.values() if len(found) == 1 and misspelt(found[0].person.full_name_ar)
    ]
    searched = next(r for r in unique if misspelt(r.person.full_name_ar) != r.person.full_name_ar)
    scanned = next(r for r in unique if r != searched)
    demo_site.searched = (searched.person.full_name_ar, misspelt(searched.person.full_name_ar))
    demo_site.scanned = (scanned.person.full_name_ar, scanned.badge_code)
    demo_site.scanned_person = scanned.person
    return demo_site


def verdict(page):
    return page.locator("#result .result")


def test_an_agent_checks_people_in_by_name_and_by_code_on_a_phone(site, new_page):
    page = new_page()
    log_in(page, site.url, "agent")
    page.goto(site.url + PAGE)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.activeElement.name") == "q"  # ready for the first badge
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "checkin-empty-ar-360.png")

    # By name, spelt as heard: the list, then the person's "check in" button.
    name, typed = site.searched
    page.keyboard.type(typed)
    page.keyboard.press("Enter")
    person = page.locator("#result .found li", has_text=name)
    person.wait_for()
    assert page.input_value("[name=q]") == ""
    save_screenshot(page, "checkin-search-ar-360.png")
    person.get_by_role("button", name=ar("Check in")).click()
    page.locator('#result [data-kind="checked_in"]').wait_for()
    assert name in verdict(page).inner_text()
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "checkin-by-name-ar-360.png")

    # By code, typed as a USB scanner does (the code, then Enter): green, and the box is empty and focused.
    name, code = site.scanned
    page.keyboard.type(code)  # the focus came back to the box by itself
    page.keyboard.press("Enter")
    page.locator('#result [data-kind="checked_in"]', has_text=name).wait_for()
    assert page.input_value("[name=q]") == "" and page.evaluate("document.activeElement.name") == "q"
    assert page.locator("#result .result-ok .verdict").is_visible()
    save_screenshot(page, "checkin-by-code-ar-360.png")

    # The same badge again: orange, when and by whom.
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.locator('#result [data-kind="already"]').wait_for()
    text = verdict(page).inner_text()
    with translation.override("ar"):
        already = str(said("already", site.scanned_person))  # in the person's gender
    assert already in text and "Agente d'accueil" in text and name in text
    assert page.locator("#result .result-warn").is_visible()
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "checkin-already-ar-360.png")

    # Still within two minutes of their own check-in: the agent takes it back.
    page.get_by_role("button", name=ar("Undo this check-in")).click()
    page.locator('#result [data-kind="undone"]', has_text=name).wait_for()
    assert page.evaluate("document.activeElement.name") == "q"


def test_the_page_works_without_javascript(site, new_page):
    page = new_page(javascript=False)
    log_in(page, site.url, "agent")
    page.goto(site.url + PAGE)
    name, code = site.scanned
    page.fill("[name=q]", code.lower())
    with page.expect_navigation():
        page.press("[name=q]", "Enter")
    assert page.locator('[data-kind="checked_in"]').is_visible() and name in verdict(page).inner_text()
    assert page.input_value("[name=q]") == ""
    page.fill("[name=q]", "ZZZZ-99999")
    with page.expect_navigation():
        page.press("[name=q]", "Enter")
    assert page.locator('[data-kind="unknown_code"]').is_visible()
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "checkin-unknown-nojs-ar-360.png")
    with page.expect_navigation():
        page.get_by_role("link", name=ar("Register a walk-in")).click()
    assert page.evaluate("document.activeElement.name") == "full_name_ar"
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "checkin-walk-in-form-ar-360.png")


def qr_video(code, path, width=640, height=480):
    """A Y4M video (what chromium's fake camera plays) of a badge's QR code held in front of the camera."""
    import segno

    matrix = [list(row) for row in segno.make(code, error="m", micro=False).matrix]
    size = 8 * (len(matrix) + 8)  # 8 pixels a module, a quiet zone of 4 modules
    top, left = (height - size) // 2, (width - size) // 2
    luma = bytearray(b"\xff" * width * height)
    for y in range(size):
        row = matrix[y // 8 - 4] if 4 <= y // 8 < len(matrix) + 4 else None
        for x in range(size):
            if row is not None and 4 <= x // 8 < len(matrix) + 4 and row[x // 8 - 4]:
                luma[(top + y) * width + left + x] = 0
    chroma = b"\x80" * (width // 2) * (height // 2)
    frame = b"FRAME\n" + bytes(luma) + chroma + chroma
    path.write_bytes(f"YUV4MPEG2 W{width} H{height} F5:1 Ip A1:1 C420jpeg\n".encode() + frame * 5)
    return path


def test_the_camera_reads_a_badge_and_checks_the_person_in(site, tmp_path):
    from core.tests.browser import CHROMIUM, CHROMIUM_ARGS, PHONE, missing_browser

    if reason := missing_browser():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}: CI must run the browser tests")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    name, code = site.scanned
    video = qr_video(code, tmp_path / "badge.y4m")
    camera = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            headless=True,
            args=[*CHROMIUM_ARGS, *camera, f"--use-file-for-fake-video-capture={video}"],
            viewport=PHONE,
            locale="ar-MA",
            permissions=["camera"],
        )
        try:
            context.set_default_timeout(15_000)
            page = context.pages[0]
            log_in(page, site.url, "agent")
            page.goto(site.url + PAGE)
            page.get_by_role("button", name=ar("Scan with the camera")).click()
            page.locator('#result [data-kind="checked_in"]', has_text=name).wait_for()
            reader = page.evaluate("'BarcodeDetector' in window ? 'BarcodeDetector' : typeof jsQR")
            print(f"camera read by: {reader}")  # noqa: T201
            save_screenshot(page, "checkin-camera-ar-360.png")
            page.get_by_role("button", name=ar("Stop the camera")).click()
            assert page.locator(".camera").is_hidden()
        finally:
            context.close()
