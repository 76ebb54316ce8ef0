"""GET /api/v1/stories: the published success stories, for anyone, as the contract says."""

import datetime

import pytest

from stories import services
from stories.tests.factories import a_story

pytestmark = pytest.mark.django_db


def test_it_lists_the_published_stories_without_a_token(client, demo, django_user_model):
    organiser = django_user_model.objects.get(username="organiser")
    published = services.publish(organiser, a_story(demo))
    a_story(demo, title_ar="مسودة")  # a draft: not listed
    response = client.get("/api/v1/stories")
    assert response.status_code == 200
    [item] = response.json()
    assert set(item) == {"id", "title_ar", "title_fr", "caravan", "published"}
    assert item["id"] == published.pk and item["caravan"] == "tanger-2025"
    assert item["title_fr"] == "Le fromage de chèvre arrive dans les boutiques de Tanger"
    published_at = datetime.datetime.fromisoformat(item["published"])  # ISO 8601, to the millisecond
    assert abs(published_at - published.published_at) < datetime.timedelta(milliseconds=1)


def test_a_withdrawn_story_leaves_the_list(client, demo, django_user_model):
    organiser = django_user_model.objects.get(username="organiser")
    story = services.publish(organiser, a_story(demo))
    services.withdraw_consent(organiser, story)
    assert client.get("/api/v1/stories").json() == []


def test_a_broken_token_is_refused_not_read_as_anonymous(client, demo):
    assert client.get("/api/v1/stories", headers={"Authorization": "Bearer nope"}).status_code == 401
