"""GET /api/v1/caravans/{slug}/outcomes: what became of the caravan's projects, the same figures as its report,
its page and the national dashboard."""

import pytest
from django.test import Client

from caravans.models import BudgetLine
from reports.impact import CONTRACT_KEYS
from reports.national import dashboard
from reports.tests.followed import EXPECTED, followed_caravan

URL = "/api/v1/caravans/tanger-2025/outcomes"
NNBSP = "\u202f"

pytestmark = pytest.mark.django_db


def test_it_refuses_callers_who_may_not_see_the_report(bearer):
    assert Client().get(URL).status_code == 401
    assert Client().get(URL, **bearer("trainer")).status_code == 403
    assert Client().get(URL, **bearer("agent")).status_code == 403
    assert Client().get("/api/v1/caravans/nowhere/outcomes", **bearer("coordinator")).status_code == 404


def test_it_gives_the_contracts_keys_with_amounts_as_decimal_strings(bearer, demo):
    followed_caravan(demo)
    body = Client().get(URL, **bearer("organiser")).json()
    assert list(body)[: len(CONTRACT_KEYS)] == list(CONTRACT_KEYS)
    assert {key: body[key] for key in CONTRACT_KEYS} == EXPECTED


def test_it_gives_null_costs_when_there_is_nothing_to_divide(bearer, demo):
    body = Client().get(URL, **bearer("coordinator")).json()
    assert (body["projects"], body["financing_amount_mad"]) == (0, "0.00")
    assert body["cost_per_participant_mad"] is None and body["cost_per_cooperative_founded_mad"] is None
    BudgetLine.objects.create(caravan=demo, category="venue", planned_mad=1000)
    assert Client().get(URL, **bearer("coordinator")).json()["cost_per_cooperative_founded_mad"] is None


def test_the_report_json_its_page_the_dashboard_and_the_api_agree(bearer, personas, demo):
    """Outcomes recorded through the follow-up (an application then obtained, a refusal, a stalled project, a
    project nobody reached), read back everywhere they are shown."""
    followed_caravan(demo)
    headers = bearer("coordinator")
    api = Client().get(URL, **headers).json()
    report = Client().get("/api/v1/caravans/tanger-2025/report", **headers).json()["impact"]
    national = next(c["outcomes"] for c in dashboard()["caravans"] if c["slug"] == "tanger-2025")
    for key in CONTRACT_KEYS:
        assert api[key] == report[key] == national[key], key
    assert api == {key: report[key] for key in api}
    funnel = {entry["key"]: entry["count"] for entry in report["funnel"]}
    assert all(funnel[key] == api[key] for key in funnel)

    page = personas["organiser"].get("/staff/caravans/tanger-2025/report/").content.decode()
    for key in ("cooperatives_founded", "financing_obtained", "followed_up"):
        assert f'?by=outcome&amp;key={key}">{api[key]}</a>' in page, key
    assert f">45{NNBSP}000{NNBSP}درهم</a>" in page
    board = personas["coordinator"].get("/staff/dashboard/").content.decode()
    row = board[board.index("/staff/caravans/tanger-2025/report/#impact") :].split("</tr>")[0]
    cells = [cell.split("</td>")[0] for cell in row.split('<td class="n">')[1:]]
    assert cells[:6] == [str(api[key]) for key in ("projects", "followed_up", "cooperatives_founded",
                                                   "financing_applied", "financing_obtained",
                                                   "active_after_12_months")]  # fmt: skip
    assert cells[6] == f"45{NNBSP}000" and cells[7] == f"6{NNBSP}750"
