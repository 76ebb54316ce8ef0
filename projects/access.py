"""Who may see or change a project: the public access helper every project view and API endpoint goes through.

- A national coordinator, and the organisers of a caravan the project is linked to: every such project.
- A trainer: the projects whose holder (or a registered member of whose cooperative) is registered in a caravan
  where the trainer speaks in a session — which covers the holders in the workshop groups of their sessions.
- A participant, through a personal link (no account): only their own project, to view and edit it.
"""

import time
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from caravans.access import roles_by_caravan, roles_for
from caravans.models import Caravan
from core.permissions import Role, allowed, require
from registration.models import Decision, Registration

from .models import Project

# Kept in the participant's session after opening a personal link: {"project": pk, "until": epoch seconds}.
SESSION_KEY = "projects.personal_access"
PARTICIPANT_ACTIONS = {"project.view", "project.edit"}


def personal_project_id(session):
    """The project a personal-link session opens, or None (none, or expired)."""
    grant = session.get(SESSION_KEY) if session is not None else None
    if not grant or grant.get("until", 0) < time.time():
        return None
    return grant.get("project")


def _trainer_caravan_ids(user, per_caravan):
    """Caravans where `user` is a trainer and speaks in at least one session."""
    trainer_on = [pk for pk, roles in per_caravan.items() if Role.TRAINER in roles]
    return set(
        Caravan.objects.filter(pk__in=trainer_on, days__sessions__speakers__user=user).values_list(
            "pk", flat=True
        )
    )


def _trainer_people(user, per_caravan):
    caravan_ids = _trainer_caravan_ids(user, per_caravan)
    return Registration.objects.filter(caravan_id__in=caravan_ids).exclude(decision=Decision.CANCELLED)


def visible_projects(user, caravan=None, action="project.view"):
    """The projects `user` may do `action` on (optionally, only those linked to `caravan`)."""
    national, per_caravan = roles_by_caravan(user)
    projects = Project.objects.all() if caravan is None else Project.objects.of_caravan(caravan)
    if allowed(national, action):
        return projects
    full = [pk for pk, roles in per_caravan.items() if allowed(roles - {Role.TRAINER}, action)]
    scope = Q(caravans__in=full)
    if allowed({Role.TRAINER}, action):
        person_ids = _trainer_people(user, per_caravan).values("person_id")
        scope |= Q(pk__in=Project.objects.of_people(person_ids).values("pk"))
    return projects.filter(scope).distinct()


def staff_may(user, project, action):
    """Whether a staff `user` may do `action` on `project` (personal links aside)."""
    if not user.is_authenticated:
        return False
    return visible_projects(user, action=action).filter(pk=project.pk).exists()


def project_for(user, pk, action, session=None):
    """The project `pk` if `user` (or the personal link kept in `session`) may do `action` on it.

    404 for an unknown project, 403 when it exists but is out of reach."""
    project = Project.objects.select_related("holder", "cooperative").filter(pk=pk).first()
    if project is None:
        raise Http404(pk)
    if action in PARTICIPANT_ACTIONS and personal_project_id(session) == project.pk:
        return project
    require(roles_for_project(user, project), action)
    if not staff_may(user, project, action):
        raise PermissionDenied(action)
    return project


def roles_for_project(user, project):
    """Every role `user` holds, nationally or on any caravan (the narrowing is done by `visible_projects`)."""
    national, per_caravan = roles_by_caravan(user)
    return national.union(*per_caravan.values())


def may_issue_links(user, project):
    """Personal links are made by the staff who may edit the project, never through a personal link."""
    return staff_may(user, project, "project.edit")


def grant_personal_access(session, project, validity):
    """Let this browser session open `project` (and only it) for `validity`."""
    session[SESSION_KEY] = {"project": project.pk, "until": time.time() + validity.total_seconds()}
    session.set_expiry(int(validity.total_seconds()))


def registrations_for_projects(user, caravan):
    """The registrations of `caravan` whose person `user` may make a project for."""
    registrations = caravan.registrations.all()
    roles = roles_for(user, caravan)
    if allowed(roles - {Role.TRAINER}, "project.edit"):
        return registrations
    _national, per_caravan = roles_by_caravan(user)
    return registrations.filter(pk__in=_trainer_people(user, per_caravan).values("pk"))


def staff_or_personal_link(view):
    """Staff log in; a participant comes with the personal link of this very project; others go to login."""

    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        if not request.user.is_authenticated and personal_project_id(request.session) != pk:
            return redirect_to_login(request.get_full_path())
        return view(request, pk, *args, **kwargs)

    return wrapper


def project_of(request, pk, action):
    """The project `pk` if the request may do `action` on it (staff roles, or the personal link of this project)."""
    return project_for(request.user, pk, action, session=request.session)
