"""The staff pages of the stories: a trainer drafts from a project they work on, an organiser publishes, the
story goes on a later caravan's programme and in that caravan's report; the others are refused."""

import datetime
import re

import pytest
from django.test import Client

from caravans.models import Session
from caravans.tests.factories import organiser_of_another_caravan
from stories.models import Story

from .factories import a_story, followed_project

pytestmark = pytest.mark.django_db


def base(caravan):
    return f"/staff/caravans/{caravan.slug}/stories/"


def test_an_organiser_drafts_from_a_followed_project_and_publishes_after_the_consent(personas, demo):
    organiser, followed = personas["organiser"], followed_project(demo)
    page = organiser.get(base(demo)).content.decode()
    assert followed.title in page and "تحرير قصة" in page
    response = organiser.post(f"{base(demo)}draft/{followed.pk}")
    story = Story.objects.get(project=followed)
    assert response.status_code == 302 and response["Location"] == f"{base(demo)}{story.pk}/"
    organiser.post(f"{base(demo)}{story.pk}/publish")
    assert Story.objects.get(pk=story.pk).status == Story.Status.DRAFT  # no consent yet
    consent = {"on": "2025-09-01", "collected_by": "سميرة", "covers_text": "on"}
    assert organiser.post(f"{base(demo)}{story.pk}/consent", consent).status_code == 302
    texts = {
        field: getattr(story, field)
        for field in (
            "title_ar",
            "before_ar",
            "after_ar",
            "figures_ar",
            "before_fr",
            "after_fr",
            "figures_fr",
            "quote_language",
        )
    }
    organiser.post(f"{base(demo)}{story.pk}/", {**texts, "title_fr": "Le fromage de chèvre"})
    organiser.post(f"{base(demo)}{story.pk}/publish")
    assert Story.objects.get(pk=story.pk).is_published


def test_a_trainer_edits_the_stories_of_their_projects_only_and_cannot_publish(
    personas, demo, django_user_model
):
    from caravans.models import StaffAssignment

    story = a_story(demo)  # its holder is registered in the demo, where the demo trainer speaks
    assert personas["trainer"].get(f"{base(demo)}{story.pk}/").status_code == 200
    assert personas["trainer"].post(f"{base(demo)}{story.pk}/publish").status_code == 403
    silent = django_user_model.objects.create_user("silent-trainer")
    StaffAssignment.objects.create(user=silent, caravan=demo, role="trainer")  # speaks in no session
    client = Client()
    client.force_login(silent)
    assert client.get(f"{base(demo)}{story.pk}/").status_code == 403
    assert story.project.title not in client.get(base(demo)).content.decode()
    assert personas["agent"].get(base(demo)).status_code == 403


def test_a_published_story_goes_on_a_later_caravan_s_programme_and_report(
    personas, demo, django_user_model, client
):
    from caravans.models import Caravan
    from stories import services

    story = services.publish(django_user_model.objects.get(username="organiser"), a_story(demo))
    later = organiser_of_another_caravan(demo)  # tetouan-2025, a copy of the demo's programme in March
    tetouan = Caravan.objects.get(slug="tetouan-2025")
    Caravan.objects.filter(pk=tetouan.pk).update(status=Caravan.Status.REGISTRATION_OPEN)
    session = Session.objects.filter(day__caravan=tetouan, kind="plenary").first()
    coordinator = personas["coordinator"]
    assert coordinator.post(f"{base(demo)}{story.pk}/feature", {"session": session.pk}).status_code == 302
    assert story.title_ar in client.get("/caravans/tetouan-2025/").content.decode()
    assert story.title_ar in later.get("/staff/caravans/tetouan-2025/report/").content.decode()
    services.edit(
        django_user_model.objects.get(username="organiser"), story, title_ar="عنوان جديد"
    )  # to review
    assert "عنوان جديد" not in Client().get("/caravans/tetouan-2025/").content.decode()
    assert story.title_ar not in Client().get("/caravans/tetouan-2025/").content.decode()


def test_the_story_page_gives_each_field_its_own_id_and_records_a_withdrawal_from_its_form(personas, demo):
    story = a_story(demo)
    page = personas["organiser"].get(f"{base(demo)}{story.pk}/").content.decode()
    ids = re.findall(r' id="(id_[^"]+)"', page)
    assert ids and len(ids) == len(set(ids))  # a label leads to its own field ("Withdrawn on", "Signed on")
    withdrawal = {"withdraw-on": "2025-09-02", "withdraw-note": "قالت ذلك بالهاتف"}
    assert personas["organiser"].post(f"{base(demo)}{story.pk}/withdraw", withdrawal).status_code == 302
    story.refresh_from_db()
    assert (story.status, story.consent_withdrawn_on) == (Story.Status.WITHDRAWN, datetime.date(2025, 9, 2))


def test_a_trainer_who_sent_a_story_for_review_reads_that_an_organiser_publishes_it(personas, demo):
    story = a_story(demo)
    waiting = "في انتظار المراجعة"
    assert waiting not in personas["trainer"].get(f"{base(demo)}{story.pk}/").content.decode()  # a draft
    personas["trainer"].post(f"{base(demo)}{story.pk}/submit")
    assert waiting in personas["trainer"].get(f"{base(demo)}{story.pk}/").content.decode()
    organiser_page = personas["organiser"].get(f"{base(demo)}{story.pk}/").content.decode()
    assert waiting not in organiser_page and "/publish" in organiser_page  # the organiser has the button
