"""POST /api/v1/caravans/{slug}/eligibility: what the rules would decide for one row, in both languages,
with nothing saved."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from api.registrations import RegistrationFields
from core.models import ApiToken
from people.models import RightHolder, SoulaliyateCommunity
from places.models import Province
from registration.importing import columns
from registration.reasons import message
from registration.services import register
from registration.tests.factories import person

URL = "/api/v1/caravans/tanger-2025/eligibility"

# An eligible project holder of Tétouan, written as a list would write her (the demo caravan starts on
# 4 February 2025).
ELIGIBLE = {
    "full_name_ar": "خديجة البقالي",
    "full_name_latin": "Khadija EL BAKKALI",
    "cin": "L 123456",
    "sex": "أنثى",
    "birth_date": "12/03/1990",
    "phone": "06 12 34 56 78",
    "province": "Tétouan",
    "community": "أولاد بوعزة",
    "profile": "Porteuse de projet",
    "project_idea": "تربية النحل وإنتاج العسل",
}
COOPERATIVE_MEMBER = {
    **ELIGIBLE,
    "profile": "عضوة تعاونية",
    "cooperative_name": "تعاونية النحلة",
    "project_idea": "",
}


@pytest.fixture
def check(demo, bearer):
    headers = bearer("organiser")

    def post(fields, **extra):
        return Client().post(URL, fields, content_type="application/json", **{**headers, **extra})

    return post


def answer(response):
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"decision", "reasons", "messages_ar", "messages_fr"}
    assert body["messages_ar"] == [message(code, "ar") for code in body["reasons"]]
    assert body["messages_fr"] == [message(code, "fr") for code in body["reasons"]]
    return body["decision"], body["reasons"]


def table_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_its_body_is_the_columns_of_a_registration_list():
    assert set(RegistrationFields.model_fields) == {column["key"] for column in columns()}


def test_it_accepts_an_eligible_person(check):
    assert answer(check(ELIGIBLE)) == ("accepted", [])


def test_it_saves_nothing_at_all(check):
    before = table_counts()
    with CaptureQueriesContext(connection) as queries:
        for fields in (ELIGIBLE, {**ELIGIBLE, "cin": ""}, {**ELIGIBLE, "province": "Kénitra"}, {}):
            check(fields)
    writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == [] and table_counts() == before


@pytest.mark.parametrize(
    "founded, decision, reasons",
    [
        ("04/02/2022", "ineligible", ["cooperative_too_old"]),  # exactly 3 years on the first day: too old
        ("05/02/2022", "accepted", []),  # a day younger: less than 3 years
        ("2021", "ineligible", ["cooperative_too_old"]),
        ("2022", "needs_review", ["missing_cooperative_date"]),  # some days of 2022 are too old, some not
    ],
)
def test_it_applies_the_cooperative_age_limit_strictly(check, founded, decision, reasons):
    assert answer(check({**COOPERATIVE_MEMBER, "cooperative_founded": founded})) == (decision, reasons)


@pytest.mark.parametrize(
    "born, decision, reasons",
    [
        ("2007-02-04", "accepted", []),  # 18 on the first day itself
        ("2007-02-05", "ineligible", ["under_age"]),  # 18 the day after
    ],
)
def test_it_counts_age_on_the_caravans_first_day(check, born, decision, reasons):
    assert answer(check({**ELIGIBLE, "birth_date": born})) == (decision, reasons)


def test_it_sends_a_person_without_a_cin_to_review_in_both_languages(check):
    response = check({**ELIGIBLE, "cin": ""})
    assert answer(response) == ("needs_review", ["missing_cin"])
    body = response.json()
    assert body["messages_ar"] == [
        "رقم البطاقة الوطنية غير مذكور: يمكن التسجيل، لكن لا يقبل الطلب إلا بعد المراجعة."
    ]
    assert body["messages_fr"][0].startswith("Numéro de CIN manquant")


def test_it_refuses_a_person_outside_the_region(check):
    response = check({**ELIGIBLE, "province": "القنيطرة"})
    assert answer(response) == ("ineligible", ["outside_region"])
    assert "خارج الجهة" in response.json()["messages_ar"][0]
    assert "en dehors de la région" in response.json()["messages_fr"][0]


def test_it_gives_every_reason_that_applies_not_only_the_first(check):
    fields = {**ELIGIBLE, "province": "Kénitra", "birth_date": "2010", "project_idea": "لا يوجد", "cin": ""}
    assert answer(check(fields)) == (
        "ineligible",
        ["outside_region", "no_project_idea", "under_age", "missing_cin"],
    )


@pytest.mark.parametrize(
    "change, reasons",
    [
        ({"cin": "ب123456"}, ["invalid_cin"]),  # the card's letters are Latin; no "missing_cin" besides
        ({"phone": "12"}, ["invalid_phone"]),
        ({"province": "Atlantis"}, ["unknown_province"]),  # and no "missing_province" besides
        ({"profile": "étudiante"}, ["unknown_profile"]),
        ({"birth_date": "31/02/1990"}, ["invalid_date", "age_unverified"]),
    ],
)
def test_a_value_that_cannot_be_read_sends_the_person_to_review_with_its_code(check, change, reasons):
    assert answer(check({**ELIGIBLE, **change})) == ("needs_review", reasons)


def test_a_value_that_cannot_be_read_does_not_hide_an_ineligibility(check):
    decision, reasons = answer(check({**ELIGIBLE, "phone": "12", "birth_date": "2015-01-01"}))
    assert (decision, reasons) == ("ineligible", ["invalid_phone", "under_age"])


def test_a_row_without_any_name_is_refused_with_its_reason(check):
    response = check({**ELIGIBLE, "full_name_ar": "", "full_name_latin": " - "})
    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["reasons"]) == ("missing_name", ["missing_name"])
    assert body["messages_ar"] == [message("missing_name", "ar")]
    assert body["messages_fr"] == [message("missing_name", "fr")]


def test_it_checks_membership_against_a_loaded_members_list(check):
    community = SoulaliyateCommunity.objects.create(
        province=Province.objects.get(code="MA-TET"),
        name_ar="أولاد بوعزة",
        members_list_loaded_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
    )
    assert answer(check(ELIGIBLE)) == ("needs_review", ["membership_unverified"])
    RightHolder.objects.create(community=community, full_name_ar="خديجة البقالي", cin="L123456")
    assert answer(check(ELIGIBLE)) == ("accepted", [])


def test_it_finds_a_member_listed_by_name_without_a_cin_as_registration_does(check):
    community = SoulaliyateCommunity.objects.create(
        province=Province.objects.get(code="MA-TET"),
        name_ar="أولاد بوعزة",
        members_list_loaded_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
    )
    RightHolder.objects.create(community=community, full_name_ar="خديجة البقالي")  # no CIN on the list
    assert answer(check(ELIGIBLE)) == ("accepted", [])
    stranger = {**ELIGIBLE, "full_name_ar": "سعاد المودن", "full_name_latin": ""}
    assert answer(check(stranger)) == ("needs_review", ["membership_unverified"])


def test_an_eligible_person_is_told_of_the_waiting_list_when_the_caravan_is_full(check, demo):
    demo.capacity = 1
    demo.save(update_fields=["capacity"])
    register(demo, person(), profile="project_holder", channel="staff", project_idea="عسل")
    assert answer(check(ELIGIBLE)) == ("waitlisted", ["capacity_full"])
    assert answer(check({**ELIGIBLE, "cin": ""})) == ("needs_review", ["missing_cin"])


def test_it_refuses_a_body_whose_values_are_not_strings(check):
    response = check({**ELIGIBLE, "cin": ["L123456"]})
    assert response.status_code == 422 and response.json()["code"] == "invalid"


def test_it_needs_a_token(demo):
    response = Client().post(URL, ELIGIBLE, content_type="application/json")
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"
    bad = Client().post(URL, ELIGIBLE, content_type="application/json", HTTP_AUTHORIZATION="Bearer nope")
    assert bad.status_code == 401 and bad.json()["code"] == "invalid_token"


@pytest.mark.parametrize("username, status", [("agent", 200), ("coordinator", 200), ("trainer", 403)])
def test_whoever_may_register_people_may_check_and_others_are_refused(bearer, username, status):
    response = Client().post(URL, ELIGIBLE, content_type="application/json", **bearer(username))
    assert response.status_code == status
    if status == 403:
        assert response.json()["code"] == "forbidden"


def test_a_token_without_any_role_is_refused_and_an_unknown_caravan_is_not_found(demo):
    visitor = get_user_model().objects.create_user("visitor")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(visitor)}"}
    assert Client().post(URL, ELIGIBLE, content_type="application/json", **headers).status_code == 403
    coordinator = {
        "HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(get_user_model().objects.get(username='coordinator'))}"
    }
    missing = Client().post(
        "/api/v1/caravans/nowhere/eligibility", ELIGIBLE, content_type="application/json", **coordinator
    )
    assert missing.status_code == 404


def test_the_openapi_document_says_how_reading_problems_are_decided(demo):
    document = Client().get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/caravans/{slug}/eligibility"]["post"]
    assert "`invalid_cin`" in operation["description"] and "`needs_review`" in operation["description"]
    assert operation["security"] == [{"BearerToken": []}]
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(document["components"]["schemas"][body]["properties"]) == {c["key"] for c in columns()}
