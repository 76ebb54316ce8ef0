"""GET /api/v1/caravans/{slug}/report: the caravan's indicators, the same figures as the report page."""

from django.test import Client

from caravans.models import Caravan
from reports.indicators import caravan_report
from reports.tests.fixed import fixed_caravan

URL = "/api/v1/caravans/tanger-2025/report"


def test_it_refuses_callers_who_may_not_see_the_report(bearer):
    assert Client().get(URL).status_code == 401
    assert Client().get(URL, HTTP_AUTHORIZATION="Bearer nope").status_code == 401
    assert Client().get(URL, **bearer("trainer")).status_code == 403
    assert Client().get(URL, **bearer("agent")).status_code == 403
    assert Client().get("/api/v1/caravans/nowhere/report", **bearer("coordinator")).status_code == 404


def test_it_gives_the_report_figures_as_json(bearer, demo):
    fixed_caravan(demo)
    response = Client().get(URL, **bearer("organiser"))
    assert response.status_code == 200
    body = response.json()
    assert body == caravan_report(Caravan.objects.get(slug="tanger-2025"))
    assert body["participants"]["total"] == 4
    assert {item["key"]: item["count"] for item in body["participants"]["by_age_band"]}["25_34"] == 2


def test_it_agrees_with_the_registrations_api(bearer, demo_registrations):
    headers = bearer("coordinator")
    report = Client().get(URL, **headers).json()

    def listed(**query):
        return Client().get("/api/v1/caravans/tanger-2025/registrations", query, **headers).json()["count"]

    by_decision = {item["key"]: item["count"] for item in report["registrations"]["by_decision"]}
    assert by_decision == {decision: listed(decision=decision) for decision in by_decision}
    assert report["registrations"]["total"] == listed() == 232
    assert report["participants"]["total"] == listed(decision="accepted")
