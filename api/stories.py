"""Published success stories, for anyone (no token): what the public page `/stories/` lists."""

import datetime

from ninja import Field, Router, Schema

from stories.models import Story

from .schemas import ErrorOut

router = Router(tags=["stories"])


class StoryOut(Schema):
    id: int
    title_ar: str
    title_fr: str
    caravan: str = Field(description="The slug of the caravan the story's project came from.")
    published: datetime.datetime


@router.get("/stories", response={200: list[StoryOut], 401: ErrorOut}, summary="Published success stories")
def story_list(request):
    stories = Story.objects.published().order_by("-published_at", "-id")
    return [
        {"id": pk, "title_ar": title_ar, "title_fr": title_fr, "caravan": slug, "published": published}
        for pk, title_ar, title_fr, slug, published in stories.values_list(
            "pk", "title_ar", "title_fr", "caravan__slug", "published_at"
        )
    ]
