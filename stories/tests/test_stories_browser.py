"""In a real chromium, on a 360 px phone in Arabic: an organiser publishes a story sent for review, which then
appears on the public page of the stories, with its photo."""

import pytest

from core.tests.browser import horizontal_overflow, log_in, save_screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def site(demo_site, settings, tmp_path):
    """A story in review with the holder's consent and a photo, read before the browser starts."""
    from caravans.demo import load_demo_users
    from stories import services

    from .factories import a_story, jpeg_upload

    settings.MEDIA_ROOT = tmp_path
    load_demo_users(demo_site.caravan, password="pw")
    story = services.submit(None, a_story(demo_site.caravan, photos=True))
    services.add_photo(None, story, jpeg_upload(size=(1600, 1200)), caption_ar="في معمل الجبن")
    demo_site.story, demo_site.title_ar = story.pk, story.title_ar
    return demo_site


def test_an_organiser_publishes_a_story_that_then_appears_on_the_public_page(site, new_page):
    page = new_page()
    log_in(page, site.url, "organiser")
    page.goto(f"{site.url}/staff/caravans/{site.caravan.slug}/hub/")
    page.click("text=قصص النجاح")
    page.click(f"text={site.title_ar}")
    assert "قيد المراجعة" in page.inner_text("main")
    assert horizontal_overflow(page) <= 0
    with page.expect_navigation():
        page.click("button:has-text('نشر')")
    assert "تم نشر القصة." in page.inner_text(".messages")
    save_screenshot(page, "story-staff-published-phone.png")

    public = new_page()  # a visitor, not logged in
    public.goto(f"{site.url}/stories/")
    public.click(f"text={site.title_ar}")
    main = public.inner_text("main")
    assert site.title_ar in main and "قبل القافلة" in main and "القافلة بدلات لينا الطريق" in main
    assert public.locator("figure img").evaluate("img => img.naturalWidth") == 720  # the resized photo
    assert horizontal_overflow(public) <= 0
    save_screenshot(public, "story-public-phone.png")
