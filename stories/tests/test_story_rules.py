"""A story's life: drafted from a followed project's outcomes, published only with consent and in both
languages, unpublished at once when the holder withdraws consent, photos only under a consent that covers them."""

import datetime

import pytest
from PIL import Image

from core.models import AuditEntry
from projects.tests.factories import project
from stories import services
from stories.models import Story

from .factories import a_story, followed_project, jpeg_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(django_user_model, demo):
    return django_user_model.objects.get(username="organiser")


def test_it_drafts_a_story_from_the_project_s_outcomes_in_both_languages(demo, organiser):
    story = services.draft(organiser, demo, followed_project(demo))
    assert story.status == Story.Status.DRAFT and story.drafted_by == organiser
    assert story.title_ar == "جبن الماعز البلدي"
    assert "جبن الماعز" in story.before_ar  # the idea the holder registered with
    assert "45\u202f000\u202fMAD" in story.figures_fr and "45\u202f000\u202fدرهم" in story.figures_ar
    assert "Emplois : 4 (femmes : 3, moins de 35 ans : 2)" in story.figures_fr.replace("\u00a0", " ")
    assert "1 juillet 2025" in story.after_fr or "1er juillet 2025" in story.after_fr


def test_it_refuses_to_draft_a_story_of_a_project_the_follow_up_never_reached(demo, organiser):
    with pytest.raises(services.StoryError) as refused:
        services.draft(organiser, demo, project(demo))
    assert refused.value.code == "not_followed"


def test_it_refuses_to_publish_without_the_holder_s_written_consent(demo, organiser):
    story = a_story(demo, consent=False)
    with pytest.raises(services.StoryError) as refused:
        services.publish(organiser, story)
    assert refused.value.code == "no_consent"
    assert Story.objects.get(pk=story.pk).status == Story.Status.DRAFT


def test_it_refuses_to_publish_a_story_missing_a_language(demo, organiser):
    story = a_story(demo, after_fr="")
    with pytest.raises(services.StoryError) as refused:
        services.publish(organiser, story)
    assert refused.value.code == "missing_language"


def test_it_publishes_with_consent_in_both_languages_once(demo, organiser):
    story = services.publish(organiser, a_story(demo))
    assert story.is_published and story.reviewed_by == organiser and story.published_at
    assert services.publish(organiser, story).published_at == story.published_at  # a repeat changes nothing
    assert AuditEntry.objects.filter(action="story.published", object_id=str(story.pk)).count() == 1


def test_withdrawing_consent_unpublishes_at_once_deletes_the_photos_and_is_audited(demo, organiser):
    story = services.publish(organiser, a_story(demo, photos=True))
    photo = services.add_photo(organiser, story, jpeg_upload())
    storage, name = photo.image.storage, photo.image.name
    services.withdraw_consent(organiser, story, on=datetime.date(2026, 3, 1), note="by phone")
    story.refresh_from_db()
    assert story.status == Story.Status.WITHDRAWN and story.published_at is None
    assert not Story.objects.published().exists()
    assert not story.photos.exists() and not storage.exists(name)
    entry = AuditEntry.objects.get(action="story.consent_withdrawn", object_id=str(story.pk))
    assert entry.details["was_published"] is True and entry.details["photos_deleted"] == 1
    with pytest.raises(services.StoryError) as refused:
        services.publish(organiser, story)
    assert refused.value.code == "withdrawn"


def test_editing_a_published_story_sends_it_back_to_review(demo, organiser):
    story = services.publish(organiser, a_story(demo))
    services.edit(organiser, story, after_fr="La coopérative exporte.")
    story.refresh_from_db()
    assert story.status == Story.Status.IN_REVIEW and story.published_at is None


def test_photos_need_a_consent_that_covers_them(demo, organiser):
    story = a_story(demo, photos=False)
    with pytest.raises(services.StoryError) as refused:
        services.add_photo(organiser, story, jpeg_upload())
    assert refused.value.code == "photos_not_covered"


def test_a_photo_is_kept_resized_upright_and_without_its_metadata(demo, organiser):
    story = a_story(demo, photos=True)
    photo = services.add_photo(organiser, story, jpeg_upload(), caption_ar="في المعمل")
    with photo.image.open("rb") as file, Image.open(file) as kept:
        assert kept.format == "JPEG" and max(kept.size) == 720 and kept.size == (photo.width, photo.height)
        assert not kept.getexif() and "exif" not in kept.info


def test_a_file_that_is_not_a_photo_is_refused(demo, organiser):
    from django.core.files.uploadedfile import SimpleUploadedFile

    story = a_story(demo, photos=True)
    svg = SimpleUploadedFile("x.jpg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", content_type="image/jpeg")
    with pytest.raises(Exception) as refused:
        services.add_photo(organiser, story, svg)
    assert refused.value.code == "photo_unreadable"
    assert not story.photos.exists()


def test_a_consent_without_photos_is_refused_while_the_story_has_photos(demo, organiser):
    story = a_story(demo, photos=True)
    services.add_photo(organiser, story, jpeg_upload())
    with pytest.raises(services.StoryError) as refused:
        services.record_consent(
            organiser,
            story,
            on=datetime.date(2025, 9, 2),
            collected_by="Samira",
            covers_text=True,
            covers_photos=False,
        )
    assert refused.value.code == "photos_not_covered"


def test_a_story_goes_only_on_a_later_caravan_s_programme(demo, organiser):
    from caravans.models import Session

    story = a_story(demo)
    own = Session.objects.filter(day__caravan=demo).first()
    with pytest.raises(services.StoryError) as refused:
        services.feature(organiser, story, own)
    assert refused.value.code == "not_later"
