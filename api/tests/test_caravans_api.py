"""GET /api/v1/caravans and /api/v1/caravans/{slug}: public caravans for anyone, drafts for their staff."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation

from api.errors import NOT_FOUND
from caravans.models import Caravan, Day, Organisation, Partnership, Session, Speaker, StaffAssignment
from caravans.services import change_status, copy_caravan
from core.models import ApiToken
from core.permissions import Role

LIST = "/api/v1/caravans"
TANGIER = "/api/v1/caravans/tanger-2025"


@pytest.fixture
def draft(demo):
    """The next stop, still a draft: only its staff and national coordinators may see it."""
    return copy_caravan(demo, "tetouan-2025", start=datetime.date(2025, 3, 10))


def slugs(response):
    assert response.status_code == 200, response.content
    return {caravan["slug"] for caravan in response.json()}


def test_it_lists_public_caravans_to_anonymous_callers(demo, draft):
    answer = Client().get(LIST)
    assert slugs(answer) == {"tanger-2025"}
    (tangier,) = answer.json()
    assert (tangier["title_ar"], tangier["title_fr"]) == (demo.title_ar, demo.title_fr)
    assert (tangier["city_ar"], tangier["city_fr"]) == (demo.city_ar, demo.city_fr)
    assert tangier["region"]["code"] == demo.region.code
    assert tangier["start_date"] == demo.start_date.isoformat() and tangier["status"] == demo.status


def test_it_gives_a_public_caravan_with_its_programme_to_anonymous_callers(demo):
    answer = Client().get(TANGIER)
    assert answer.status_code == 200 and answer["Content-Type"].startswith("application/json")
    caravan = answer.json()
    assert (caravan["slogan_ar"], caravan["slogan_fr"]) == (demo.slogan_ar, demo.slogan_fr)
    assert (caravan["capacity"], caravan["end_date"]) == (demo.capacity, demo.end_date.isoformat())
    assert [p["organisation"]["acronym"] for p in caravan["partners"]] == [
        p.organisation.acronym for p in demo.partnerships.all()
    ]
    assert [day["date"] for day in caravan["days"]] == [d.isoformat() for d in demo.dates()]
    sessions = [session for day in caravan["days"] for session in day["sessions"]]
    assert len(sessions) == Session.objects.filter(day__caravan=demo).count()
    first = Session.objects.filter(day__caravan=demo).first()
    given = next(s for s in sessions if s["id"] == first.pk)
    assert (given["kind"], given["title_ar"], given["title_fr"]) == (
        first.kind,
        first.title_ar,
        first.title_fr,
    )
    assert (given["starts_at"], given["ends_at"]) == (first.starts_at.isoformat(), first.ends_at.isoformat())
    assert given["room"]["name_fr"] == first.room.name_fr
    assert given["room"]["venue"]["name_ar"] == first.room.venue.name_ar
    speakers = {s.pk: s for s in first.speakers.all()}
    assert {s["id"] for s in given["speakers"]} == set(speakers)
    for speaker in given["speakers"]:
        expected = speakers[speaker["id"]]
        assert (speaker["role_ar"], speaker["role_fr"]) == (expected.role_ar, expected.role_fr)
        institution = expected.organisation
        assert speaker["institution"] == (
            institution
            and {
                "id": institution.pk,
                "acronym": institution.acronym,
                "name_ar": institution.name_ar,
                "name_fr": institution.name_fr,
                "kind": institution.kind,
            }
        )


def test_it_sends_arabic_as_utf8_not_as_escapes(demo):
    body = Client().get(TANGIER).content
    assert demo.title_ar.encode() in body and b"\\u" not in body


def test_it_hides_drafts_from_anonymous_callers(draft):
    assert Client().get("/api/v1/caravans/tetouan-2025").status_code == 404


def test_it_lists_every_caravan_drafts_included_to_a_coordinator_token(draft, bearer):
    headers = bearer("coordinator")
    assert slugs(Client().get(LIST, **headers)) == {"tanger-2025", "tetouan-2025"}
    answer = Client().get("/api/v1/caravans/tetouan-2025", **headers)
    assert answer.status_code == 200 and answer.json()["status"] == Caravan.Status.DRAFT


def test_it_shows_a_draft_to_its_own_staff_and_not_to_staff_of_other_caravans(draft, bearer):
    organiser = bearer("organiser")  # organiser of tanger-2025, not of the draft
    assert slugs(Client().get(LIST, **organiser)) == {"tanger-2025"}
    assert Client().get("/api/v1/caravans/tetouan-2025", **organiser).status_code == 404
    user = get_user_model().objects.get(username="organiser")
    StaffAssignment.objects.create(user=user, caravan=draft, role=Role.ORGANISER)
    assert slugs(Client().get(LIST, **organiser)) == {"tanger-2025", "tetouan-2025"}
    assert Client().get("/api/v1/caravans/tetouan-2025", **organiser).status_code == 200


def test_a_token_without_any_staff_role_reads_only_what_the_public_reads(draft):
    visitor = get_user_model().objects.create_user("visitor")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(visitor)}"}
    assert slugs(Client().get(LIST, **headers)) == {"tanger-2025"}
    assert Client().get("/api/v1/caravans/tetouan-2025", **headers).status_code == 404


@pytest.mark.parametrize(
    "header",
    ["Bearer not-a-token", "Bearer ", "Token abc", "Basic Y29vcmRpbmF0b3I6cHc="],
)
@pytest.mark.parametrize("path", [LIST, TANGIER])
def test_it_refuses_a_bad_token_with_401_instead_of_reading_it_as_anonymous(demo, header, path):
    answer = Client().get(path, HTTP_AUTHORIZATION=header)
    assert answer.status_code == 401
    assert answer.json()["code"] == "invalid_token" and answer.json()["message"]
    assert answer["WWW-Authenticate"] == "Bearer"


def test_it_refuses_the_token_of_an_inactive_user(demo, bearer):
    headers = bearer("coordinator")
    get_user_model().objects.filter(username="coordinator").update(is_active=False)
    assert Client().get(LIST, **headers).status_code == 401


def test_a_session_cookie_is_no_api_credential(draft, personas):
    # Staff logged in to the pages read the API as the public does: the API knows bearer tokens only.
    assert slugs(personas["coordinator"].get(LIST)) == {"tanger-2025"}


def test_it_answers_404_with_a_code_and_a_translated_message_for_an_unknown_slug(demo):
    answer = Client().get("/api/v1/caravans/nowhere", HTTP_ACCEPT_LANGUAGE="fr")
    assert answer.status_code == 404
    with translation.override("fr"):
        assert answer.json() == {"code": "not_found", "message": str(NOT_FOUND)}


def add_to_programme(caravan, count):
    """`count` more partners, speakers and sessions with rooms, on every day."""
    room = caravan.venues.first().rooms.first()
    for number in range(count):
        organisation = Organisation.objects.create(name_ar=f"م {number}", name_fr=f"Organisation {number}")
        Partnership.objects.create(caravan=caravan, organisation=organisation)
        speaker = Speaker.objects.create(
            caravan=caravan, role_ar="مكون", role_fr="Formateur", organisation=organisation
        )
        for day in Day.objects.filter(caravan=caravan):
            session = Session.objects.create(
                day=day,
                title_ar="ورشة",
                title_fr="Atelier",
                starts_at=datetime.time(17, number),
                ends_at=datetime.time(18, number),
                room=room,
            )
            session.speakers.set([speaker])


def test_it_reads_a_programme_in_a_fixed_number_of_queries(demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(8) as small:
        assert Client().get(TANGIER).status_code == 200
    add_to_programme(demo, 5)
    Caravan.objects.filter(pk=demo.pk).update(updated=demo.updated + datetime.timedelta(seconds=1))
    with django_assert_max_num_queries(len(small.captured_queries)):
        answer = Client().get(TANGIER)
    assert (
        sum(len(day["sessions"]) for day in answer.json()["days"])
        == Session.objects.filter(day__caravan=demo).count()
    )


def test_it_answers_a_repeat_from_the_cache_with_one_query(demo, django_assert_num_queries):
    first = Client().get(TANGIER)
    with django_assert_num_queries(1):
        again = Client().get(TANGIER)
    assert again.content == first.content


def test_a_change_of_the_caravan_shows_at_once_despite_the_cache(demo):
    assert Client().get(TANGIER).json()["status"] == Caravan.Status.REGISTRATION_OPEN
    change_status(demo, Caravan.Status.RUNNING, get_user_model().objects.get(username="coordinator"))
    assert Client().get(TANGIER).json()["status"] == Caravan.Status.RUNNING


def test_the_openapi_document_lists_the_caravan_paths_and_the_bearer_scheme(db):
    document = Client().get("/api/v1/openapi.json").json()
    assert document["info"]["title"] == "Qafila API" and document["info"]["version"] == "1"
    assert {"/api/v1/caravans", "/api/v1/caravans/{slug}"} <= set(document["paths"])
    schemes = document["components"]["securitySchemes"].values()
    assert {"type": "http", "scheme": "bearer"} in list(schemes)
    detail = document["paths"]["/api/v1/caravans/{slug}"]["get"]["responses"]
    assert {"200", "401", "404"} <= set(detail)
