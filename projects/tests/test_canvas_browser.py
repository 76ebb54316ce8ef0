"""The canvas in a real chromium on a 360 px phone in Arabic: one block per screen, saved as you go."""

from types import SimpleNamespace

import pytest

from core.tests.browser import horizontal_overflow, log_in, save_screenshot

pytestmark = pytest.mark.browser

ANSWERS = {
    "need": "المحلات بطنجة تطلب جبن الماعز البلدي معبأ",
    "offer": "جبن طري في علب 250 غ",
    "customers": "البقالة ودور الضيافة",
    "channels": "صفحة فيسبوك وواتساب والسوق الأسبوعي",
    "partners": "مكتب تنمية التعاون والمبادرة الوطنية",
    "resources": "مئة وعشرون رأسا من الماعز وغرفة",
    "members": "فاطمة للحسابات وخديجة للبيع",
    "costs": "معدات 45000 درهم ونقل كل شهر",
    "revenues": "300 علبة في الشهر بثمن 25 درهما",
    "impact": "دخل لثماني نساء من الدوار",
}


@pytest.fixture
def project_site(demo_site):
    from caravans.demo import load_demo_users
    from projects.services import issue_personal_link

    from .factories import project

    load_demo_users(demo_site.caravan, password="pw")
    made = project(demo_site.caravan)
    other = project(demo_site.caravan)
    _token, secret = issue_personal_link(None, other)
    # Read now: no ORM once the browser runs.
    return SimpleNamespace(url=demo_site.url, pk=made.pk, other=other.pk, secret=secret)


def test_it_lets_a_trainer_fill_the_whole_canvas_on_a_phone_in_arabic(project_site, new_page):
    page = new_page()
    log_in(page, project_site.url, "trainer")
    page.goto(f"{project_site.url}/projects/{project_site.pk}/canvas/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    for number, (key, text) in enumerate(ANSWERS.items(), start=1):
        assert page.url.endswith(f"/canvas/{key}/")
        assert page.locator('[aria-current="step"]').inner_text() == str(number)
        assert horizontal_overflow(page) <= 0, key
        if number == 1:
            save_screenshot(page, "projects-canvas-ar-360.png")
        page.fill("textarea", text)
        last = number == len(ANSWERS)
        with page.expect_navigation():
            page.click(f"button[name=go][value={'done' if last else 'next'}]")
    assert page.url.endswith(f"/projects/{project_site.pk}/")
    for text in ANSWERS.values():
        assert page.get_by_text(text).first.is_visible()
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "projects-detail-ar-360.png")


def test_it_saves_while_typing_without_leaving_the_screen(project_site, new_page):
    page = new_page()
    log_in(page, project_site.url, "trainer")
    page.goto(f"{project_site.url}/projects/{project_site.pk}/canvas/offer/")
    page.locator("textarea").press_sequentially("جبن معتق", delay=20)
    page.locator("#saved").filter(has_text=":").wait_for()  # "saved at HH:MM"
    page.reload()
    assert page.locator("textarea").input_value() == "جبن معتق"


def test_it_lets_the_holder_open_their_project_from_a_personal_link_on_their_phone(project_site, new_page):
    page = new_page()
    page.goto(f"{project_site.url}/p/{project_site.secret}/")
    with page.expect_navigation():
        page.click("main form button")
    assert page.url.endswith(f"/projects/{project_site.other}/")
    page.goto(f"{project_site.url}/projects/{project_site.other}/canvas/need/")
    page.fill("textarea", "نحتاج إلى غرفة تبريد")
    with page.expect_navigation():
        page.click("button[name=go][value=next]")
    assert page.url.endswith("/canvas/offer/")
    page.goto(f"{project_site.url}/projects/{project_site.pk}/")
    assert "/accounts/login/" in page.url  # another project: not through this link


def test_it_fits_the_project_pages_on_a_phone_without_javascript(project_site, new_page):
    page = new_page(javascript=False)
    log_in(page, project_site.url, "organiser")
    for name, path in [
        ("list", "/staff/caravans/tanger-2025/projects/"),
        ("create", "/staff/caravans/tanger-2025/projects/new/"),
        ("detail", f"/projects/{project_site.pk}/"),
        ("founding-step", f"/projects/{project_site.pk}/founding/name_approval/"),
        ("edit", f"/projects/{project_site.pk}/edit/"),
        ("link", f"/projects/{project_site.pk}/personal-link/"),
    ]:
        page.goto(project_site.url + path)
        assert page.locator("h1").is_visible(), name
        assert horizontal_overflow(page) <= 0, name
        save_screenshot(page, f"projects-{name}-ar-360.png")
