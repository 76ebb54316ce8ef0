"""Stories, the public pages: the published stories and each one's page, with its photos while it is published.

Nothing about the holder is shown beyond the name and the words they agreed to publish."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .access import may
from .models import Story, StoryPhoto


@require_safe
def story_list(request):
    stories = Story.objects.published().select_related("caravan")
    return render(request, "stories/list.html", {"stories": stories})


@require_safe
def story_detail(request, pk):
    story = get_object_or_404(Story.objects.published().select_related("caravan"), pk=pk)
    return render(request, "stories/detail.html", {"story": story, "photos": story.photos.all()})


@require_safe
def photo(request, pk, photo):
    """A story's photo (already resized): public while the story is published; its editors see it before."""
    found = get_object_or_404(
        StoryPhoto.objects.select_related("story__caravan", "story__project"), story_id=pk, pk=photo
    )
    public = found.story.is_published
    if not public and not may(request.user, found.story, "story.edit"):
        raise Http404(photo)
    response = FileResponse(found.image.open("rb"), content_type="image/jpeg")
    # Short-lived even when public: a withdrawn consent must take the photo off shared caches soon.
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response
