"""A published success story on one printed page, in Arabic (shaped, the project's fonts only) and in French."""

import io

import pytest
from pypdf import PdfReader

from documents.testing import PROJECT_FONT_NAMES, embedded_fonts, pages_text, rasterise
from stories import services
from stories.tests.factories import a_story, jpeg_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(demo, django_user_model):
    organiser = django_user_model.objects.get(username="organiser")
    story = services.publish(organiser, a_story(demo, photos=True))
    services.add_photo(organiser, story, jpeg_upload(), caption_ar="في المعمل", caption_fr="À l'atelier")
    return story


def story_pdf(client, story, language):
    response = client.get(f"/stories/{story.pk}/story.pdf?lang={language}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def test_it_prints_the_story_in_arabic_on_one_page(client, story):
    pdf = story_pdf(client, story, "ar")
    [text] = pages_text(pdf)
    assert "قصة نجاح" in text and "جبن الماعز يصل إلى محلات طنجة" in text
    assert "قبل القافلة" in text and "كانت فاطمة تبيع الحليب بثمن زهيد" in text
    assert "القافلة بدلات لينا الطريق" in text and "في المعمل" in text
    assert set(embedded_fonts(pdf)) <= PROJECT_FONT_NAMES
    assert all(encoding == "/Identity-H" for encoding in embedded_fonts(pdf).values())  # no missing glyph
    assert rasterise(pdf, "story-ar")


def test_it_prints_the_story_in_french_on_one_page(client, story):
    pdf = story_pdf(client, story, "fr")
    [text] = pages_text(pdf)
    assert (
        "Histoire de réussite" in text and "Le fromage de chèvre arrive dans les boutiques de Tanger" in text
    )
    assert "Avant la caravane" in text and "Fatima vendait son lait à bas prix." in text
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_the_programme_of_a_later_caravan_prints_the_stories_put_on_it(client, story, demo):
    from caravans.models import Caravan, Session
    from caravans.services import copy_caravan

    later = copy_caravan(demo, "tetouan-2025", start=demo.start_date.replace(month=3))
    Caravan.objects.filter(pk=later.pk).update(status=Caravan.Status.REGISTRATION_OPEN)
    services.feature(None, story, Session.objects.filter(day__caravan=later, kind="plenary").first())
    text = " ".join(pages_text(client.get("/caravans/tetouan-2025/programme.pdf?lang=fr").content))
    assert "Histoire de réussite : Le fromage de chèvre arrive dans les boutiques de Tanger" in text
