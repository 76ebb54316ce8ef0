"""Every refusal of the API is JSON with a stable `code` and a translated `message`, whatever raised it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.testing import TestClient

from api import errors
from api.auth import BearerToken, BearerTokenOrAnonymous
from caravans.services import CaravanError

STEP = _("A caravan moves one step at a time: draft, registration open, running, closed.")
LAST_DAY = _("The last day cannot come before the first day.")


def api_raising():
    """A throwaway API whose endpoints raise what real endpoints raise, with the project's error handlers."""
    api = NinjaAPI(urls_namespace="errors-test", auth=BearerTokenOrAnonymous())
    errors.install(api)

    @api.get("/missing")
    def missing(request):
        raise Http404("x")

    @api.get("/forbidden")
    def forbidden(request):
        raise PermissionDenied("caravan.edit")

    @api.get("/refused")
    def refused(request):
        raise CaravanError(STEP, code="status_jump")

    @api.get("/form")
    def form(request):
        raise ValidationError({"end_date": [LAST_DAY]})

    @api.get("/number")
    def number(request, page: int):
        return {"page": page}

    @api.get("/staff", auth=BearerToken())
    def staff(request):
        return {"user": request.auth.username}

    return TestClient(api)


@pytest.mark.parametrize(
    "path, status, code",
    [
        ("/missing", 404, "not_found"),
        ("/forbidden", 403, "forbidden"),
        ("/refused", 422, "status_jump"),
        ("/form", 422, "invalid"),
        ("/number?page=first", 422, "invalid"),
        ("/staff", 401, "unauthorized"),
    ],
)
def test_it_answers_each_refusal_with_its_status_and_stable_code(db, path, status, code):
    answer = api_raising().get(path)
    assert answer.status_code == status
    assert answer.json()["code"] == code and answer.json()["message"]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_it_keeps_the_services_message_and_the_fields_of_a_form_error(db, language):
    client = api_raising()
    with translation.override(language):
        assert client.get("/refused").json()["message"] == str(STEP)
        assert client.get("/form").json()["fields"] == {"end_date": [str(LAST_DAY)]}
    assert client.get("/number?page=first").json()["errors"][0]["loc"] == ["query", "page"]


def test_it_asks_for_a_token_where_none_was_sent_on_staff_only_endpoints(db):
    answer = api_raising().get("/staff")
    assert answer["WWW-Authenticate"] == "Bearer"


def test_it_translates_the_message_into_the_callers_language(demo):
    # Through the real stack: LocaleMiddleware picks the language from Accept-Language.
    french = Client().get("/api/v1/caravans/nowhere", HTTP_ACCEPT_LANGUAGE="fr").json()["message"]
    arabic = Client().get("/api/v1/caravans/nowhere", HTTP_ACCEPT_LANGUAGE="ar").json()["message"]
    for language, message in [("fr", french), ("ar", arabic)]:
        with translation.override(language):
            assert message == str(errors.NOT_FOUND)
    with translation.override("en"):
        assert str(errors.NOT_FOUND) not in (french, arabic)  # neither fell back to the English sentence
