"""Every URL of the site, walked by every role and by an anonymous visitor.

The table below says who may use each page; a URL added without an entry here fails the walk, so no view
escapes the permission check."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from caravans.models import Day, Partnership, Room, Session, Speaker, Venue
from core.models import ApiToken
from onsite.services import check_in
from people.models import PossibleDuplicate
from registration.services import register
from registration.tests.factories import person

PERSONAS = ("anonymous", "coordinator", "organiser", "trainer", "agent")
OK, LOGIN, DENIED, UNAUTHORISED = "ok", "login", "denied", "unauthorised"


def everyone():
    return dict.fromkeys(PERSONAS, OK)


def staff(*allowed):
    """A staff page: anonymous visitors are sent to the login page, other roles refused."""
    return {
        persona: OK if persona in allowed else (LOGIN if persona == "anonymous" else DENIED)
        for persona in PERSONAS
    }


ALL_STAFF = ("coordinator", "organiser", "trainer", "agent")
PROGRAMME_EDITORS = ("coordinator", "organiser")
PARTS = {
    "day": Day,
    "session": Session,
    "speaker": Speaker,
    "partner": Partnership,
    "venue": Venue,
    "room": Room,
}

EXPECTED = {
    "caravans:list": everyone(),
    "caravans:detail": everyone(),
    "documents:programme_pdf": everyone(),
    "login": everyone(),
    "set_language": everyone(),
    "logout": everyone(),
    "api:caravan_list": everyone(),
    "api:caravan_detail": everyone(),
    "api:openapi-json": everyone(),
    "api:openapi-view": everyone(),
    "api:api-root": dict.fromkeys(PERSONAS, DENIED),  # django-ninja's placeholder: 404 for everyone
    "api:registration_list": {**staff("coordinator", "organiser"), "anonymous": UNAUTHORISED},
    "api:eligibility_check": {**staff("coordinator", "organiser", "agent"), "anonymous": UNAUTHORISED},
    "registration:self_register": everyone(),
    "registration:self_register_done": everyone(),
    "registration:staff_entry": staff("coordinator", "organiser", "agent"),
    "api:checkin_create": {**staff("coordinator", "organiser", "agent"), "anonymous": UNAUTHORISED},
    "onsite:checkin": staff("coordinator", "organiser", "agent"),
    "documents:badge_pdf": staff("coordinator", "organiser", "agent"),
    "documents:badges_pdf": staff(*PROGRAMME_EDITORS),
    "documents:sign_in_sheet_day": staff(*PROGRAMME_EDITORS),
    "documents:sign_in_sheet_session": staff(*PROGRAMME_EDITORS),
    "onsite:walk_in": staff("coordinator", "organiser", "agent"),
    "onsite:undo": staff("coordinator", "organiser", "agent"),
    **{
        f"registration:{name}": staff(*PROGRAMME_EDITORS)
        for name in (
            "staff_registrations",
            "staff_registrations_csv",
            "staff_registrations_xlsx",
            "staff_registration",
            "staff_registration_override",
            "staff_registration_cancel",
            "staff_duplicates",
            "staff_duplicate_merge",
            "staff_duplicate_keep_apart",
            "staff_import",
            "staff_import_confirm",
        )
    },
    "caravans:staff_home": staff(*ALL_STAFF),
    "caravans:staff_caravan_create": staff("coordinator"),
    "caravans:staff_caravan_copy": staff("coordinator"),
    "caravans:staff_caravan_edit": staff(*PROGRAMME_EDITORS),
    "caravans:staff_caravan_status": staff(*PROGRAMME_EDITORS),
    "caravans:staff_programme": staff(*PROGRAMME_EDITORS),
    "caravans:staff_my_sessions": staff("coordinator", "organiser", "trainer"),
    **{
        f"caravans:staff_{part}_{verb}": staff(*PROGRAMME_EDITORS)
        for part in PARTS
        for verb in ("add", "edit", "delete")
    },
}
# Pages that only answer POST are walked with POST (an empty form: refused or redirected, never a 500);
# API endpoints that only answer POST get an empty JSON object.
POST_ONLY = {
    "logout",
    "caravans:staff_caravan_status",
    "registration:staff_registration_override",
    "registration:staff_registration_cancel",
    "registration:staff_duplicate_merge",
    "registration:staff_duplicate_keep_apart",
    "onsite:undo",
    "registration:staff_import_confirm",
}
POST_JSON = {"api:eligibility_check", "api:checkin_create"}


def a_registration(caravan):
    return register(caravan, person(), profile="project_holder", channel="staff", project_idea="عسل")


def a_duplicate_pair(caravan):
    first, second = a_registration(caravan), a_registration(caravan)
    return PossibleDuplicate.objects.create(
        person=second.person, other=first.person, score=0.9, reasons=["same_phone"]
    )


def json_body(name, caravan):
    if name != "api:checkin_create":
        return {}
    # A real badge, checked in again and again: 201 then 409 for those allowed, 403 for the others.
    return {"code": a_registration(caravan).badge_code, "day": str(caravan.start_date)}


def a_checkin(caravan):
    agent = get_user_model().objects.get(username="agent")
    return check_in(caravan, a_registration(caravan).badge_code, caravan.start_date, agent).checkin


# Sample objects for URLs that name one (`<int:pk>`), by URL name prefix.
PK_SAMPLES = {
    "onsite:undo": a_checkin,
    "documents:badge_pdf": a_registration,
    "registration:staff_registration": a_registration,
    "registration:staff_duplicate": a_duplicate_pair,
}


def walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # the Django admin has its own staff check, tested in test_admin_access below
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def url_for(name, pattern, caravan):
    kwargs = {}
    for key in pattern.pattern.converters:
        if key == "slug":
            kwargs["slug"] = caravan.slug
        elif key == "code":
            kwargs["code"] = "fr"
        elif key == "date":
            kwargs["date"] = caravan.start_date
        elif key == "session_id":
            kwargs["session_id"] = Session.objects.filter(day__caravan=caravan).values_list("pk", flat=True)[
                0
            ]
        elif key == "pk" and "part" not in pattern.default_args:
            make = next(make for prefix, make in PK_SAMPLES.items() if name.startswith(prefix))
            kwargs["pk"] = make(caravan).pk
        elif key == "pk":
            model = PARTS[pattern.default_args["part"]]
            lookup = (
                {"day__caravan": caravan}
                if model is Session
                else {"venue__caravan": caravan}
                if model is Room
                else {"caravan": caravan}
            )
            kwargs["pk"] = model.objects.filter(**lookup).values_list("pk", flat=True).first()
        else:
            raise AssertionError(f"{name}: no sample value for <{key}>: add one to the permission matrix")
    return reverse(name, kwargs=kwargs)


def outcome(response):
    if response.status_code in (302, 303) and "/accounts/login/" in response.get("Location", ""):
        return LOGIN
    if response.status_code == 401:
        return UNAUTHORISED
    if response.status_code in (403, 404):
        return DENIED
    assert response.status_code < 500, response.status_code
    return OK


ROUTES = sorted(walk(get_resolver().url_patterns), key=lambda item: item[0])


def test_it_has_an_expectation_for_every_url():
    missing = sorted({name for name, _ in ROUTES} - set(EXPECTED))
    assert not missing, f"URLs without a permission expectation: {missing}"


@pytest.mark.parametrize("name,pattern", ROUTES, ids=[name for name, _ in ROUTES])
def test_each_role_gets_what_the_matrix_says(name, pattern, personas, demo):
    if name not in EXPECTED:
        pytest.fail(f"{name} has no permission expectation")
    url = url_for(name, pattern, demo)
    body = json_body(name, demo) if name in POST_JSON else None
    for persona in PERSONAS:
        client, headers = personas[persona], {}
        if name.startswith("api:") and persona != "anonymous":
            # The API knows callers by their bearer token, not by a browser session.
            user = get_user_model().objects.get(username=persona)
            client, headers = Client(), {"Authorization": f"Bearer {ApiToken.issue(user)}"}
        if name in POST_JSON:
            response = client.post(url, body, content_type="application/json", headers=headers)
        elif name in POST_ONLY:
            response = client.post(url, headers=headers)
        else:
            response = client.get(url, headers=headers)
        assert outcome(response) == EXPECTED[name][persona], f"{persona} on {url}: {response.status_code}"


def test_admin_access_is_for_the_national_coordinator_only(personas):
    assert personas["coordinator"].get("/admin/").status_code == 200
    for persona in ("anonymous", "organiser", "trainer", "agent"):
        response = personas[persona].get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"], persona
