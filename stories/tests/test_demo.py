"""The demo's three success stories: published with consent, of women's projects the follow-up reached, their
figures those of the project's outcomes (the report's own definition), the same at every load."""

import pytest

from programmes.services import load_catalogue
from projects.demo import load_demo_projects
from projects.followup.demo import load_demo_follow_ups
from projects.followup.models import FollowUp
from stories.demo import load_demo_stories
from stories.drafting import outcome_texts
from stories.models import Story

pytestmark = pytest.mark.django_db


@pytest.fixture
def told(demo, demo_registrations):
    load_catalogue()
    load_demo_projects(demo)
    load_demo_follow_ups(demo)
    return load_demo_stories(demo)


def test_it_publishes_three_stories_of_women_s_followed_projects_with_consent(demo, told):
    assert len(told) == 3 and Story.objects.published().count() == 3
    for story in Story.objects.select_related("project__holder"):
        assert story.has_consent and not story.missing_texts()
        assert story.project.holder.sex == "female"
        assert FollowUp.objects.filter(project=story.project, caravan=demo, status="reached").exists()
        assert story.figures_fr == outcome_texts(demo, story.project)["figures_fr"]
        assert story.published_at.date() > max(story.project.outcomes.values_list("on", flat=True))


def test_loading_it_again_tells_the_same_stories(demo, told):
    first = sorted(Story.objects.values_list("project_id", "title_fr", "figures_ar"))
    load_demo_stories(demo)
    assert sorted(Story.objects.values_list("project_id", "title_fr", "figures_ar")) == first
