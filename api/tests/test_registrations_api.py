"""GET /api/v1/caravans/{slug}/registrations: the caravan's registrations, paged, for its organisers."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from caravans.services import copy_caravan
from core.models import ApiToken
from registration.services import cancel, register
from registration.tests.factories import person

URL = "/api/v1/caravans/tanger-2025/registrations"
ITEM = {"id", "full_name_ar", "full_name_latin", "profile", "decision", "reasons", "badge_code"}


def registered(caravan, count, **fields):
    return [
        register(caravan, person(**fields), profile="project_holder", channel="staff", project_idea="عسل")
        for _ in range(count)
    ]


@pytest.fixture
def organiser(bearer):
    return bearer("organiser")


def page(response):
    assert response.status_code == 200, response.content
    return response.json()


def test_it_lists_registrations_in_arrival_order_without_personal_data(demo, organiser):
    accepted = registered(demo, 2)
    refused = registered(demo, 1, birth_date=datetime.date(2010, 1, 1))[0]
    body = page(Client().get(URL, **organiser))
    assert set(body) == {"count", "page", "page_size", "next", "previous", "items"}
    assert (body["count"], body["page"], body["page_size"], body["next"], body["previous"]) == (
        3,
        1,
        50,
        None,
        None,
    )
    assert [item["id"] for item in body["items"]] == [r.pk for r in [*accepted, refused]]
    first = body["items"][0]
    assert set(first) == ITEM
    assert (first["full_name_ar"], first["full_name_latin"]) == (
        accepted[0].person.full_name_ar,
        accepted[0].person.full_name_latin,
    )
    assert (first["profile"], first["decision"], first["reasons"]) == ("project_holder", "accepted", [])
    assert (body["items"][2]["decision"], body["items"][2]["reasons"]) == ("ineligible", ["under_age"])
    content = Client().get(URL, **organiser).content.decode()
    for registration in [*accepted, refused]:
        assert registration.person.cin not in content
        assert registration.person.phone not in content and registration.person.phone[4:] not in content


def test_it_gives_badge_codes_of_accepted_registrations_only(demo, organiser):
    accepted, cancelled = registered(demo, 2)
    cancel(cancelled, None, "demo")
    cancelled.refresh_from_db()
    assert cancelled.badge_code  # kept in the record, never given once cancelled
    under_age = registered(demo, 1, birth_date=datetime.date(2010, 1, 1))[0]
    badges = {item["id"]: item["badge_code"] for item in page(Client().get(URL, **organiser))["items"]}
    assert badges == {accepted.pk: accepted.badge_code, cancelled.pk: None, under_age.pk: None}
    assert accepted.badge_code and accepted.person.cin not in accepted.badge_code


def test_it_pages_with_links_to_the_neighbouring_pages(demo, organiser):
    ids = [r.pk for r in registered(demo, 5)]
    first = page(Client().get(f"{URL}?page_size=2", **organiser))
    assert (first["count"], [i["id"] for i in first["items"]], first["previous"]) == (5, ids[:2], None)
    assert first["next"] == f"http://testserver{URL}?page_size=2&page=2"
    second = page(Client().get(first["next"], **organiser))
    assert [i["id"] for i in second["items"]] == ids[2:4]
    assert second["previous"] == f"http://testserver{URL}?page_size=2&page=1"
    last = page(Client().get(second["next"], **organiser))
    assert ([i["id"] for i in last["items"]], last["next"], last["page"]) == (ids[4:], None, 3)
    beyond = page(Client().get(f"{URL}?page_size=2&page=9", **organiser))
    assert (beyond["items"], beyond["next"]) == ([], None)
    assert beyond["previous"] == f"http://testserver{URL}?page_size=2&page=3"  # the last page


def test_an_empty_caravan_has_one_empty_page(demo, organiser):
    body = page(Client().get(URL, **organiser))
    assert (body["count"], body["items"], body["next"], body["previous"]) == (0, [], None, None)


@pytest.mark.parametrize(
    "query, status",
    [
        ("page_size=500", 200),
        ("page_size=501", 422),
        ("page_size=0", 422),
        ("page=0", 422),
        ("page=first", 422),
        ("decision=maybe", 422),
    ],
)
def test_it_checks_its_parameters(demo, organiser, query, status):
    response = Client().get(f"{URL}?{query}", **organiser)
    assert response.status_code == status
    if status == 422:
        assert response.json()["code"] == "invalid"


def test_it_filters_by_decision_and_keeps_the_filter_in_its_links(demo, organiser):
    registered(demo, 3)
    ineligible = registered(demo, 3, birth_date=datetime.date(2010, 1, 1))
    body = page(Client().get(f"{URL}?decision=ineligible&page_size=2", **organiser))
    assert body["count"] == 3 and {i["decision"] for i in body["items"]} == {"ineligible"}
    assert "decision=ineligible" in body["next"]
    rest = page(Client().get(body["next"], **organiser))
    assert [i["id"] for i in body["items"] + rest["items"]] == [r.pk for r in ineligible]
    assert page(Client().get(f"{URL}?decision=waitlisted", **organiser))["count"] == 0


def test_it_reads_a_page_in_a_fixed_number_of_queries(demo, organiser):
    def queries_for_a_page():
        with CaptureQueriesContext(connection) as queries:
            answer = page(Client().get(f"{URL}?page_size=500", **organiser))
        return len(queries), [item["id"] for item in answer["items"]]

    first = registered(demo, 2)
    few, listed = queries_for_a_page()
    assert listed == [registration.pk for registration in first]
    every = first + registered(demo, 40)
    assert queries_for_a_page() == (few, [registration.pk for registration in every])


def test_it_needs_a_token(demo):
    response = Client().get(URL)
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"
    assert response["WWW-Authenticate"] == "Bearer"
    bad = Client().get(URL, HTTP_AUTHORIZATION="Bearer not-a-token")
    assert bad.status_code == 401 and bad.json()["code"] == "invalid_token"


@pytest.mark.parametrize(
    "username, status", [("coordinator", 200), ("organiser", 200), ("trainer", 403), ("agent", 403)]
)
def test_only_those_who_may_see_registrations_get_them(bearer, username, status):
    response = Client().get(URL, **bearer(username))
    assert response.status_code == status
    if status == 403:
        assert response.json()["code"] == "forbidden"


def test_a_token_without_a_role_is_refused_and_a_draft_it_may_not_see_is_not_found(demo, organiser):
    visitor = get_user_model().objects.create_user("visitor")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(visitor)}"}
    assert Client().get(URL, **headers).status_code == 403
    copy_caravan(demo, "tetouan-2025", start=datetime.date(2025, 3, 10))  # a draft; not theirs
    draft = "/api/v1/caravans/tetouan-2025/registrations"
    assert Client().get(draft, **headers).status_code == 404
    assert Client().get(draft, **organiser).status_code == 404
