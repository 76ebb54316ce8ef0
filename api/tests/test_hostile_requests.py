"""What a careless or hostile client sends that the API once answered with a 500 HTML page: it now answers
with its JSON refusals (the fuzzing of the whole document is test_schema_fuzz.py)."""

import pytest
from django.test import Client

from api import reports

REGISTRATIONS = "/api/v1/caravans/tanger-2025/registrations"


def test_it_answers_a_page_far_past_the_last_one_with_an_empty_page(demo_registrations, bearer):
    # 10**20 rows in does not fit SQLite's nor PostgreSQL's OFFSET: it used to be a 500.
    response = Client().get(f"{REGISTRATIONS}?page={10**20}&page_size=100", **bearer("coordinator"))
    assert response.status_code == 200
    body = response.json()
    assert body["items"] == [] and body["next"] is None
    last = -(-body["count"] // 100)
    assert body["previous"].endswith(f"{REGISTRATIONS}?page={last}&page_size=100")


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("get", "/api/v1/caravans/tanger%002025", None),
        ("get", "/api/v1/caravans/tanger%002025/report", None),
        ("delete", "/api/v1/caravans/tanger-2025/team/agent%00x/agent", None),
        ("post", "/api/v1/caravans/tanger-2025/team", {"username": "agent\x00x", "role": "agent"}),
    ],
)
def test_it_refuses_a_nul_character_in_a_parameter_as_json(demo, bearer, method, path, body):
    # PostgreSQL cannot compare a text holding NUL: 422 there; SQLite finds nothing: 404.
    kwargs = {"data": body, "content_type": "application/json"} if body else {}
    response = getattr(Client(), method)(path, **kwargs, **bearer("coordinator"))
    assert response.status_code in (404, 422)
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] in ("not_found", "unknown_user", "invalid")


def test_it_answers_an_unexpected_failure_with_json_and_reports_it(demo, bearer, monkeypatch, caplog):
    def broken(caravan):
        raise RuntimeError("a bug in the report")

    monkeypatch.setattr(reports, "caravan_report", broken)  # a bug no request can reach today
    response = Client(raise_request_exception=False).get(
        "/api/v1/caravans/tanger-2025/report", HTTP_ACCEPT_LANGUAGE="fr", **bearer("coordinator")
    )
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "code": "server_error",
        "message": "Le serveur n'a pas pu répondre à cette demande. L'erreur a été enregistrée.",
    }
    assert "a bug in the report" in caplog.text  # logged for the admins, as Django's own 500 page is


def test_a_test_client_still_sees_the_failure_itself(demo, bearer, monkeypatch):
    monkeypatch.setattr(reports, "caravan_report", lambda caravan: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        Client().get("/api/v1/caravans/tanger-2025/report", **bearer("coordinator"))


@pytest.mark.parametrize("sent", ["[null, null]", '"agent"', "3", "null", '{"username": '])
def test_it_refuses_a_body_that_is_not_a_json_object(demo, bearer, sent):
    # Once read as an empty object: a list sent to the public finder got every programme's answer.
    for path in ("/api/v1/caravans/tanger-2025/team", "/api/v1/programmes/match"):
        response = Client().post(path, data=sent, content_type="application/json", **bearer("coordinator"))
        assert (response.status_code, response.json()["code"]) == (422, "invalid"), path


def test_it_refuses_a_number_where_a_date_is_written(demo, bearer):
    # pydantic alone reads 0 as 1970-01-01: the public finder answered for a cooperative founded then.
    response = Client().post(
        "/api/v1/programmes/match", data={"cooperative_founded": 0}, content_type="application/json"
    )
    assert (response.status_code, response.json()["code"]) == (422, "invalid")
    assert response.json()["errors"][0]["loc"][-1] == "cooperative_founded"
