"""The public stories: a light page per published story on a phone, with nothing about the holder but the name
and words published; drafts and withdrawn stories do not exist there, nor their photos."""

import pytest

from stories import services
from stories.models import Story

from .factories import a_story, jpeg_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(django_user_model, demo):
    return django_user_model.objects.get(username="organiser")


@pytest.fixture
def published(demo, organiser):
    story = services.publish(organiser, a_story(demo, photos=True))
    services.add_photo(organiser, story, jpeg_upload(), caption_ar="في المعمل", caption_fr="À l'atelier")
    return story


def test_the_list_shows_published_stories_only(client, demo, published):
    draft = a_story(demo, title_ar="قصة لم تنشر بعد")
    page = client.get("/stories/").content.decode()
    assert "جبن الماعز يصل إلى محلات طنجة" in page and draft.title_ar not in page


def test_a_story_page_is_arabic_first_then_french(client, published):
    page = client.get(f"/stories/{published.pk}/").content.decode()
    assert 'lang="ar"' in page and "جبن الماعز يصل إلى محلات طنجة" in page and "قبل القافلة" in page
    client.get("/language/fr/")
    page = client.get(f"/stories/{published.pk}/").content.decode()
    assert "Le fromage de chèvre arrive dans les boutiques de Tanger" in page and "Avant la caravane" in page
    assert 'lang="ary"' in page and "القافلة بدلات لينا الطريق" in page  # the words, as said


def test_a_story_page_is_light_without_javascript_and_tells_nothing_more_of_the_holder(client, published):
    response = client.get(f"/stories/{published.pk}/")
    page = response.content.decode()
    assert len(response.content) < 30_000 and "<script" not in page
    person = published.project.holder
    for private in (person.full_name_ar, person.full_name_latin, person.phone, person.cin):
        assert not private or private not in page
    assert "فاطمة" in page  # the published name


def test_the_photo_is_served_resized_while_the_story_is_published(client, published):
    photo = published.photos.get()
    response = client.get(f"/stories/{published.pk}/photos/{photo.pk}.jpg")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert len(b"".join(response.streaming_content)) < 150_000


@pytest.mark.parametrize("status", [Story.Status.DRAFT, Story.Status.IN_REVIEW])
def test_a_story_not_yet_published_does_not_exist_for_the_public(client, published, status):
    Story.objects.filter(pk=published.pk).update(status=status)
    photo = published.photos.get()
    assert client.get(f"/stories/{published.pk}/").status_code == 404
    assert client.get(f"/stories/{published.pk}/photos/{photo.pk}.jpg").status_code == 404
    assert client.get(f"/stories/{published.pk}/story.pdf").status_code == 404


def test_a_withdrawn_story_leaves_the_public_pages_with_its_photo(client, organiser, published):
    photo = published.photos.get()
    services.withdraw_consent(organiser, published)
    assert client.get(f"/stories/{published.pk}/").status_code == 404
    assert client.get(f"/stories/{published.pk}/photos/{photo.pk}.jpg").status_code == 404
    assert published.title_ar not in client.get("/stories/").content.decode()
