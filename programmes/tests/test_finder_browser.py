"""The public finder in a real chromium on a 360 px phone, in Arabic and without JavaScript: two visitors answer
the questions and see the programmes that fit them, with the reasons."""

import pytest

from core.tests.browser import horizontal_overflow, save_screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def finder_site(demo_site):
    from programmes.services import load_catalogue

    load_catalogue()
    return demo_site


def next_question(page):
    with page.expect_navigation():
        page.get_by_role("button", name="التالي").click()
    assert horizontal_overflow(page) <= 0, page.url


def test_a_woman_of_26_from_al_hoceima_with_a_goat_cheese_idea(finder_site, new_page):
    page = new_page(javascript=False)
    page.goto(finder_site.url + "/programmes/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    save_screenshot(page, "finder-question-ar-360.png")
    page.get_by_label("شخص واحد لديه فكرة مشروع").check()
    next_question(page)
    page.get_by_label("كم عمر حامل(ة) المشروع؟").fill("26")
    next_question(page)
    page.get_by_label("امرأة").check()
    next_question(page)
    page.get_by_label("في أي إقليم يوجد المشروع؟").select_option(label="الحسيمة")
    next_question(page)
    page.get_by_label("ما هو نشاط المشروع؟").select_option(label="جبن الماعز ومشتقات الحليب")
    next_question(page)
    page.get_by_label("ما زال فكرة").check()
    next_question(page)
    page.get_by_label("كم يحتاج المشروع كله من المال؟").fill("80 000")
    next_question(page)
    page.get_by_label("كم يمكنكم أن تساهموا به بأنفسكم؟").fill("20000")
    next_question(page)
    assert page.url.endswith("/programmes/r/p.26.f.HOC.goat_cheese.i.80000.20000/")
    fits = page.locator("section.group-eligible")
    assert fits.get_by_role("heading", name="برنامج واحد يناسبكم").is_visible()
    assert fits.get_by_text("لماذا يناسبكم:").first.is_visible()  # its reasons: the conditions she meets
    to_check = page.locator("section.group-missing")
    assert to_check.get_by_text("ما يجب الاستفسار عنه:").first.is_visible()
    assert to_check.get_by_text("اسألوا عن مكتبها في الحسيمة").first.is_visible()
    save_screenshot(page, "finder-result-woman-ar-360.png")


def test_an_existing_cooperative_in_larache(finder_site, new_page):
    page = new_page(javascript=False)
    page.goto(finder_site.url + "/programmes/")
    page.get_by_label("تعاونية قائمة").check()
    next_question(page)
    page.get_by_label("متى أسست التعاونية؟").fill("2023-03-01")
    next_question(page)
    page.get_by_label("في أي إقليم يوجد المشروع؟").select_option(label="العرائش")
    next_question(page)
    page.get_by_label("ما هو نشاط المشروع؟").select_option(label="الفلاحة")
    next_question(page)
    page.get_by_label("يشتغل ويبيع منتوجه").check()
    next_question(page)
    for _skipped in ("amount", "own"):
        with page.expect_navigation():
            page.get_by_role("button", name="لا أعرف — تجاوز").click()
    assert "/programmes/r/c...LAR.agriculture.r" in page.url
    # A cooperative that already sells fits the solidarity-economy fairs, with the conditions it meets; the
    # programmes with a condition only their operator can confirm are listed with what to ask, the others with why.
    fits = page.locator("section.group-eligible")
    assert fits.get_by_role("heading", name="المعارض الوطنية والجهوية", exact=False).first.is_visible()
    assert fits.get_by_text("لماذا يناسبكم:").first.is_visible()
    assert fits.get_by_text("منتجات جاهزة للبيع", exact=False).first.is_visible()
    to_check = page.locator("section.group-missing")
    assert to_check.get_by_role("heading", name="المبادرة الوطنية للتنمية البشرية", exact=False).first.is_visible()
    assert to_check.get_by_text("ما يجب الاستفسار عنه:").first.is_visible()
    no_fit = page.locator("section.group-not_eligible")
    assert no_fit.get_by_text("البرنامج مفتوح لـ:").first.is_visible()  # microcredit: not for cooperatives
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, "finder-result-cooperative-ar-360.png")
