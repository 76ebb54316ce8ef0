"""Who may draft, edit and publish a story: the public access helper every story view goes through.

- story.edit: a caravan's organisers and the national coordinator, on every story of the caravan; a trainer on
  the stories of the projects they may edit (projects.access).
- story.publish: the caravan's organisers and the national coordinator.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from caravans.access import caravan_for, roles_for
from core.permissions import Role, allowed
from projects.access import staff_may, visible_projects

from .models import Story


def _whole_caravan(user, caravan, action):
    """Whether `user` may do `action` on every story of `caravan` (not only as a trainer)."""
    return allowed(roles_for(user, caravan) - {Role.TRAINER}, action)


def may(user, story, action):
    """Whether `user` may do `action` on `story`."""
    if _whole_caravan(user, story.caravan, action):
        return True
    return allowed(roles_for(user, story.caravan), action) and staff_may(user, story.project, "project.edit")


def stories_for(user, caravan, action="story.edit"):
    """The stories of `caravan` that `user` may do `action` on."""
    stories = Story.objects.told_of(caravan)
    if _whole_caravan(user, caravan, action):
        return stories
    return stories.filter(project__in=visible_projects(user, caravan, "project.edit"))


def projects_for(user, caravan):
    """The projects of `caravan` that `user` may draft a story of."""
    return visible_projects(user, caravan, "project.edit")


def story_for(user, slug, pk, action):
    """The story `pk` of caravan `slug` if `user` may do `action` on it: 404 unknown, 403 out of reach."""
    caravan = caravan_for(user, slug, action)
    story = get_object_or_404(
        Story.objects.select_related("project__holder", "caravan"), caravan=caravan, pk=pk
    )
    story.caravan = caravan
    if not may(user, story, action):
        raise PermissionDenied(action)
    return story
