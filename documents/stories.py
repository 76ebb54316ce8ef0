"""A published success story on one printed page, in Arabic or French, with up to two of its photos."""

import base64

from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.decorators.http import require_safe

from core.i18n import asked_language
from stories.models import Story

from .render import pdf_response, render_pdf

PHOTOS_PRINTED = 2  # more would not leave the text its page


def _data_uri(photo):
    try:
        with photo.image.open("rb") as file:
            return "data:image/jpeg;base64," + base64.b64encode(file.read()).decode()
    except FileNotFoundError:  # a media folder not carried over: the page prints without that photo
        return ""


def render_story(story, language):
    """The story as PDF bytes in `language`."""
    photos = [(photo, _data_uri(photo)) for photo in story.photos.all()[:PHOTOS_PRINTED]]
    context = {"story": story, "photos": [(photo, uri) for photo, uri in photos if uri]}
    return render_pdf("documents/story.html", context, language=language)


@require_safe
def story_pdf(request, pk):
    """Public while the story is published, like its page."""
    story = get_object_or_404(Story.objects.published().select_related("caravan"), pk=pk)
    language = asked_language(request)
    return pdf_response(render_story(story, language), f"story-{story.pk}-{language}.pdf")


urlpatterns = [path("stories/<int:pk>/story.pdf", story_pdf, name="story_pdf")]
