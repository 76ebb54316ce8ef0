"""A caravan's team through the API: GET and POST /caravans/{slug}/team, DELETE …/team/{username}/{role}."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from caravans.models import StaffAssignment
from caravans.services import copy_caravan
from core.models import AuditEntry

User = get_user_model()
TEAM = "/api/v1/caravans/tanger-2025/team"


def post(url, body, headers):
    return Client().post(url, json.dumps(body), content_type="application/json", **headers)


def delete(url, headers):
    return Client().delete(url, **headers)


def roles(caravan_slug, username):
    rows = StaffAssignment.objects.filter(caravan__slug=caravan_slug, user__username=username)
    return set(rows.values_list("role", flat=True))


@pytest.fixture
def hassan(demo):
    return User.objects.create_user("hassan")


def test_it_lists_the_team_by_role_then_username(bearer):
    response = Client().get(TEAM, **bearer("organiser"))
    assert response.status_code == 200
    assert response.json() == [
        {"username": "organiser", "role": "organiser"},
        {"username": "trainer", "role": "trainer"},
        {"username": "agent", "role": "agent"},
    ]


def test_it_refuses_callers_who_may_not_manage_the_team(bearer, hassan):
    body = {"username": "hassan", "role": "agent"}
    assert Client().get(TEAM).status_code == 401
    assert post(TEAM, body, {}).status_code == 401
    assert delete(TEAM + "/agent/agent", {}).status_code == 401
    for persona in ["trainer", "agent"]:
        assert Client().get(TEAM, **bearer(persona)).status_code == 403
        answer = post(TEAM, body, bearer(persona))
        assert answer.status_code == 403 and answer.json()["code"] == "forbidden"
        assert delete(TEAM + "/agent/agent", bearer(persona)).status_code == 403
    assert roles("tanger-2025", "hassan") == set() and roles("tanger-2025", "agent") == {"agent"}


def test_the_coordinator_puts_anyone_on_a_new_caravan_in_any_role(demo, bearer, hassan):
    copy_caravan(demo, "oujda-2025", start=datetime.date(2025, 5, 6))
    url = "/api/v1/caravans/oujda-2025/team"
    for role in ["organiser", "trainer", "agent"]:
        answer = post(url, {"username": "hassan", "role": role}, bearer("coordinator"))
        assert answer.status_code == 201 and answer.json() == {"username": "hassan", "role": role}
    assert roles("oujda-2025", "hassan") == {"organiser", "trainer", "agent"}
    assert AuditEntry.objects.filter(action="team.added").count() == 3


def test_an_organiser_adds_trainers_and_agents_but_never_an_organiser(bearer, hassan):
    assert post(TEAM, {"username": "hassan", "role": "trainer"}, bearer("organiser")).status_code == 201
    answer = post(TEAM, {"username": "hassan", "role": "organiser"}, bearer("organiser"))
    assert answer.status_code == 403 and roles("tanger-2025", "hassan") == {"trainer"}
    # Forbidden comes first: an organiser does not learn which usernames exist by naming organisers.
    assert post(TEAM, {"username": "nobody", "role": "organiser"}, bearer("organiser")).status_code == 403


def test_adding_someone_again_answers_200_and_changes_nothing(bearer, hassan):
    headers = bearer("organiser")
    assert post(TEAM, {"username": "hassan", "role": "agent"}, headers).status_code == 201
    answer = post(TEAM, {"username": "hassan", "role": "agent"}, headers)
    assert answer.status_code == 200 and answer.json() == {"username": "hassan", "role": "agent"}
    assert AuditEntry.objects.filter(action="team.added").count() == 1


def test_it_answers_404_for_an_unknown_user_and_422_for_a_deactivated_one_or_a_bad_role(bearer, hassan):
    headers = bearer("organiser")
    answer = post(TEAM, {"username": "nobody", "role": "agent"}, headers)
    assert answer.status_code == 404 and answer.json()["code"] == "unknown_user"
    User.objects.filter(pk=hassan.pk).update(is_active=False)
    answer = post(TEAM, {"username": "hassan", "role": "agent"}, headers)
    assert answer.status_code == 422 and answer.json()["code"] == "inactive_account"
    answer = post(TEAM, {"username": "trainer", "role": "coordinator"}, headers)
    assert answer.status_code == 422 and answer.json()["code"] == "invalid"
    assert Client().get("/api/v1/caravans/nowhere/team", **headers).status_code == 404


def test_a_removed_role_stops_working_at_once_for_the_members_own_token(bearer):
    trainers_token = bearer("trainer")
    assert Client().get("/api/v1/caravans/tanger-2025/projects", **trainers_token).status_code == 200
    answer = delete(TEAM + "/trainer/trainer", bearer("organiser"))
    assert answer.status_code == 204 and answer.content == b""
    assert Client().get("/api/v1/caravans/tanger-2025/projects", **trainers_token).status_code == 403
    assert roles("tanger-2025", "trainer") == set()
    assert AuditEntry.objects.get(action="team.removed").details == {"user": "trainer", "role": "trainer"}


def test_removing_again_is_quiet_and_an_unknown_user_is_404(bearer):
    headers = bearer("organiser")
    assert delete(TEAM + "/agent/agent", headers).status_code == 204
    assert delete(TEAM + "/agent/agent", headers).status_code == 204
    assert AuditEntry.objects.filter(action="team.removed").count() == 1
    assert delete(TEAM + "/nobody/agent", headers).json()["code"] == "unknown_user"
    assert delete(TEAM + "/agent/boss", headers).status_code == 422


def test_only_the_coordinator_removes_an_organiser(bearer):
    assert delete(TEAM + "/organiser/organiser", bearer("organiser")).status_code == 403
    assert delete(TEAM + "/organiser/organiser", bearer("coordinator")).status_code == 204
    assert roles("tanger-2025", "organiser") == set()


def test_the_openapi_document_describes_the_team_endpoints(demo):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/caravans/{slug}/team"]) == {"get", "post"}
    assert set(paths["/api/v1/caravans/{slug}/team/{username}/{role}"]) == {"delete"}
