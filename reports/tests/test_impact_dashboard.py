"""The national dashboard's outcomes: each caravan's funnel and costs as its report counts them, and the trend
over caravans and years."""

import datetime

import pytest

from caravans.models import BudgetLine
from caravans.services import copy_caravan
from projects.followup.models import FollowUp
from projects.followup.services import build_outcome, plan_follow_ups, record_contact
from projects.tests.factories import project
from reports.impact import CONTRACT_KEYS, caravan_impact
from reports.national import Filters, dashboard

from .followed import EXPECTED, followed_caravan

URL = "/staff/dashboard/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def two_years(demo):
    """The followed caravan of February 2025, and a copy in March 2026 with one project founded a month later
    and a planned budget of 10 000 MAD."""
    made = followed_caravan(demo)
    later = copy_caravan(demo, "tanger-2026", start=datetime.date(2026, 3, 10))
    theirs = project(later)
    plan_follow_ups(later)
    record_contact(None, FollowUp.objects.get(project=theirs, months=3), reached=True, outcomes=[
        build_outcome(theirs, "founding_step", "2026-04-20", step="local_register", step_status="done"),
    ])  # fmt: skip
    BudgetLine.objects.create(caravan=later, category="venue", planned_mad=10000)
    return demo, later, made


def outcomes_of(figures, slug):
    return next(caravan["outcomes"] for caravan in figures["caravans"] if caravan["slug"] == slug)


def test_each_caravan_has_the_outcomes_of_its_report(two_years):
    demo, later, _made = two_years
    figures = dashboard()
    for caravan in (demo, later):
        report = caravan_impact(caravan)
        found = outcomes_of(figures, caravan.slug)
        assert {key: found[key] for key in CONTRACT_KEYS} == {key: report[key] for key in CONTRACT_KEYS}
    assert {key: outcomes_of(figures, demo.slug)[key] for key in EXPECTED} == EXPECTED
    assert outcomes_of(figures, later.slug)["cost_basis"] == "planned"


def test_it_adds_the_outcomes_up_per_year_of_the_caravans(two_years):
    years = {year["year"]: year for year in dashboard()["outcomes_by_year"]}
    assert list(years) == ["2025", "2026"]
    assert (years["2025"]["projects"], years["2025"]["cooperatives_founded"], years["2025"]["jobs"]) == (
        4,
        1,
        4,
    )
    assert years["2025"]["financing_amount_mad"] == "45000.00"
    assert (years["2026"]["cooperatives_founded"], years["2026"]["cost_per_cooperative_founded_mad"]) == (
        1,
        "10000.00",
    )
    assert years["2026"]["cost_per_project_financed_mad"] is None


def test_a_province_filter_counts_the_projects_of_its_holders_and_no_cost(two_years):
    figures = dashboard(Filters(province="MA-TET"))
    found = outcomes_of(figures, "tanger-2025")
    assert (found["projects"], found["financing_applied"], found["cooperatives_founded"]) == (1, 1, 0)
    assert found["cost_mad"] is None and found["cost_per_participant_mad"] is None


def test_the_dashboard_shows_the_trend_in_date_order_linked_to_each_report(personas, two_years):
    page = personas["coordinator"].get(URL).content.decode()
    assert "بعد القوافل: ماذا حل بالمشاريع" in page
    older = page.index("/staff/caravans/tanger-2025/report/#impact")
    newer = page.index("/staff/caravans/tanger-2026/report/#impact")
    assert older < newer  # the oldest caravan first
    assert "45\u202f000" in page and "10\u202f000" in page
    assert "التعاونيات المؤسسة حسب سنة القوافل" in page
    assert personas["organiser"].get(URL).status_code == 403
