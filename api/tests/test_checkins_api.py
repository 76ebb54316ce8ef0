"""POST /api/v1/caravans/{slug}/checkins: an agent's phone checks a badge in, exactly once per person and day."""

import datetime

import pytest
from django.test import Client

from caravans.services import copy_caravan
from onsite.models import CheckIn
from registration.services import cancel, register
from registration.tests.factories import person

URL = "/api/v1/caravans/tanger-2025/checkins"


@pytest.fixture
def accepted(demo):
    return register(
        demo, person(), profile="project_holder", channel="staff", project_idea="تربية النحل وبيع العسل"
    )


def scan(headers, code, day, url=URL, **extra):
    return Client().post(
        url, {"code": code, "day": str(day)}, content_type="application/json", **headers, **extra
    )


def test_the_first_scan_checks_in_and_shows_who_arrived_in_both_languages(demo, accepted, bearer):
    answer = scan(bearer("agent"), accepted.badge_code, demo.start_date)
    assert answer.status_code == 201, answer.content
    body = answer.json()
    checkin = CheckIn.objects.get()
    assert body["code"] == "checked_in" and body["message"]
    assert body["checkin"]["id"] == checkin.pk and body["checkin"]["day"] == demo.start_date.isoformat()
    at = datetime.datetime.fromisoformat(body["checkin"]["at"])  # local time, to the millisecond
    assert at.utcoffset() is not None and abs(at - checkin.at) < datetime.timedelta(milliseconds=1)
    assert body["checkin"]["agent"] == {"username": "agent", "name": checkin.agent.get_full_name()}
    someone, province = accepted.person, accepted.person.province
    assert body["participant"] == {
        "registration_id": accepted.pk,
        "full_name_ar": someone.full_name_ar,
        "full_name_latin": someone.full_name_latin,
        "profile": "project_holder",
        "profile_ar": body["participant"]["profile_ar"],
        "profile_fr": body["participant"]["profile_fr"],
        "province": {"code": province.code, "name_ar": province.name_ar, "name_fr": province.name_fr},
    }
    assert body["participant"]["profile_fr"] != body["participant"]["profile_ar"]


def test_it_never_shows_a_cin_or_a_phone(demo, accepted, bearer):
    text = scan(bearer("agent"), accepted.badge_code, demo.start_date).content.decode()
    someone = accepted.person
    assert someone.cin not in text and someone.phone not in text and someone.phone[4:] not in text
    assert "cin" not in text.lower() and "phone" not in text.lower()


def test_a_repeat_is_409_with_the_earlier_time_and_agent(demo, accepted, bearer):
    first = scan(bearer("agent"), accepted.badge_code, demo.start_date).json()
    again = scan(bearer("organiser"), accepted.badge_code.lower(), demo.start_date)
    assert again.status_code == 409, again.content
    body = again.json()
    assert body["code"] == "already" and body["checkin"] == first["checkin"]
    assert body["checkin"]["agent"]["username"] == "agent"
    assert body["participant"]["registration_id"] == accepted.pk
    assert CheckIn.objects.count() == 1


def test_the_next_day_is_a_new_check_in(demo, accepted, bearer):
    scan(bearer("agent"), accepted.badge_code, demo.start_date)
    assert scan(bearer("agent"), accepted.badge_code, demo.dates()[1]).status_code == 201


def test_an_unknown_code_is_404(demo, accepted, bearer):
    answer = scan(bearer("agent"), "ZZZZZZZZZZ", demo.start_date)
    assert answer.status_code == 404 and answer.json()["code"] == "unknown_code"


def test_a_registration_not_accepted_is_422(demo, accepted, bearer, django_user_model):
    cancel(accepted, django_user_model.objects.get(username="organiser"), "ne vient plus")
    answer = scan(bearer("agent"), accepted.badge_code, demo.start_date)
    assert answer.status_code == 422 and answer.json()["code"] == "not_accepted"
    assert not CheckIn.objects.exists()


def test_a_date_outside_the_caravan_is_422(demo, accepted, bearer):
    answer = scan(bearer("agent"), accepted.badge_code, demo.end_date + datetime.timedelta(days=1))
    assert answer.status_code == 422 and answer.json()["code"] == "not_a_caravan_day"


def test_a_malformed_body_is_422_invalid(demo, accepted, bearer):
    answer = scan(bearer("agent"), accepted.badge_code, "4 février")
    assert answer.status_code == 422 and answer.json()["code"] == "invalid"


def test_organisers_and_coordinators_check_in_too(demo, accepted, bearer):
    assert scan(bearer("organiser"), accepted.badge_code, demo.start_date).status_code == 201
    assert scan(bearer("coordinator"), accepted.badge_code, demo.dates()[1]).status_code == 201


# --- Refusals ---------------------------------------------------------------------------------------------


def test_it_needs_a_valid_token(demo, accepted):
    assert scan({}, accepted.badge_code, demo.start_date).status_code == 401
    invalid = scan({"HTTP_AUTHORIZATION": "Bearer nope"}, accepted.badge_code, demo.start_date)
    assert invalid.status_code == 401 and invalid.json()["code"] == "invalid_token"
    assert not CheckIn.objects.exists()


def test_a_trainer_may_not_check_in(demo, accepted, bearer):
    answer = scan(bearer("trainer"), accepted.badge_code, demo.start_date)
    assert answer.status_code == 403 and answer.json()["code"] == "forbidden"
    assert not CheckIn.objects.exists()


def test_an_agent_of_another_caravan_may_not_check_in_here(demo, accepted, bearer):
    other = copy_caravan(demo, "tetouan-2025", start=datetime.date(2025, 3, 10))
    answer = scan(
        bearer("agent"), accepted.badge_code, other.start_date, url=f"/api/v1/caravans/{other.slug}/checkins"
    )
    assert answer.status_code == 404  # a draft caravan the agent does not work on does not exist for them


def test_the_openapi_document_describes_the_answers(demo):
    document = Client().get("/api/v1/openapi.json").json()
    post = document["paths"]["/api/v1/caravans/{slug}/checkins"]["post"]
    assert {"201", "409", "401", "403", "404", "422"} <= set(post["responses"])
    participant = document["components"]["schemas"]["ParticipantOut"]["properties"]
    assert {"full_name_ar", "full_name_latin", "profile_ar", "profile_fr", "province"} <= set(participant)
    assert not {"cin", "phone", "birth_date"} & set(participant)
