import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import PermissionDenied
from django.http import Http404

from caravans.models import Caravan, StaffAssignment
from caravans.services import copy_caravan
from core.permissions import Role
from people.models import Cooperative
from registration.tests.factories import person

from ..access import grant_personal_access, project_for, visible_projects
from ..models import Project
from .factories import project, registration, speaking_session

pytestmark = pytest.mark.django_db

User = get_user_model()


def user(name):
    return User.objects.get(username=name)


def other_caravan(demo):
    caravan = copy_caravan(demo, "tetouan-2025", start=datetime.date(2025, 3, 4))
    Caravan.objects.filter(pk=caravan.pk).update(status=Caravan.Status.REGISTRATION_OPEN)
    return Caravan.objects.get(pk=caravan.pk)


def test_it_gives_the_coordinator_and_the_caravans_organiser_every_project_of_it(demo):
    made = project(demo)
    assert project_for(user("coordinator"), made.pk, "project.edit") == made
    assert project_for(user("organiser"), made.pk, "project.edit") == made


def test_it_refuses_the_check_in_agent(demo):
    made = project(demo)
    with pytest.raises(PermissionDenied):
        project_for(user("agent"), made.pk, "project.view")


def test_it_says_404_for_a_project_that_does_not_exist(demo):
    with pytest.raises(Http404):
        project_for(user("coordinator"), 999999, "project.view")


def test_it_keeps_an_organiser_out_of_another_caravans_projects(demo):
    elsewhere = project(other_caravan(demo))
    with pytest.raises(PermissionDenied):
        project_for(user("organiser"), elsewhere.pk, "project.view")


def test_it_shows_a_trainer_the_projects_of_people_registered_where_they_speak(demo):
    # The demo trainer speaks in sessions of tanger-2025.
    made = project(demo)
    assert project_for(user("trainer"), made.pk, "project.edit") == made


def test_it_hides_from_a_trainer_the_projects_of_a_caravan_where_they_do_not_speak(demo):
    tetouan = other_caravan(demo)
    StaffAssignment.objects.create(user=user("trainer"), caravan=tetouan, role=Role.TRAINER)
    elsewhere = project(tetouan)
    with pytest.raises(PermissionDenied):
        project_for(user("trainer"), elsewhere.pk, "project.view")
    assert elsewhere not in visible_projects(user("trainer"))
    speaking_session(tetouan, user("trainer"))
    assert project_for(user("trainer"), elsewhere.pk, "project.view") == elsewhere


def test_it_shows_a_trainer_a_cooperative_project_through_a_registered_member(demo):
    cooperative = Cooperative.objects.create(name_ar="تعاونية النحل")
    member = registration(demo)
    member.cooperative = cooperative
    member.save()
    made = Project.objects.create(title="عسل", cooperative=cooperative)
    assert project_for(user("trainer"), made.pk, "project.view") == made


def test_it_hides_from_a_trainer_a_project_whose_holder_is_not_registered(demo):
    loose = project(None, holder=person())
    with pytest.raises(PermissionDenied):
        project_for(user("trainer"), loose.pk, "project.view")


def test_it_lets_a_personal_link_session_open_its_own_project_only(demo):
    mine, other = project(demo), project(demo)
    session = SessionStore()
    grant_personal_access(session, mine, datetime.timedelta(days=1))
    anonymous = AnonymousUser()
    assert project_for(anonymous, mine.pk, "project.edit", session=session) == mine
    with pytest.raises(PermissionDenied):
        project_for(anonymous, other.pk, "project.view", session=session)


def test_it_forgets_a_personal_link_session_once_it_expired(demo):
    mine = project(demo)
    session = SessionStore()
    grant_personal_access(session, mine, datetime.timedelta(seconds=-1))
    with pytest.raises(PermissionDenied):
        project_for(AnonymousUser(), mine.pk, "project.view", session=session)
