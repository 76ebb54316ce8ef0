"""What became of a caravan's projects and what it cost, counted from the outcomes its follow-up recorded."""

import datetime
import io
import json

import pytest
from django.core.management import call_command

from caravans.models import BudgetLine
from people.models import Cooperative
from projects.followup.models import FollowUp
from projects.followup.services import build_outcome, plan_follow_ups, record_contact
from projects.models import Project
from projects.tests.factories import project, registration
from reports.impact import behind, caravan_impact, holders, links_of
from reports.indicators import caravan_report

from .followed import EXPECTED, followed_caravan

pytestmark = pytest.mark.django_db


def steps(items):
    return {entry["key"]: (entry["count"], entry["steps"]) for entry in items}


def test_it_counts_the_funnel_the_jobs_and_the_costs_from_the_outcomes_recorded(demo):
    followed_caravan(demo)
    found = caravan_impact(demo)
    assert {key: found[key] for key in EXPECTED} == EXPECTED
    assert (found["jobs_women"], found["jobs_men"], found["jobs_under_35"]) == (3, 1, 2)
    assert (found["cost_basis"], found["cost_mad"], found["cost_per_project_financed_mad"]) == (
        "spent",
        "27000.00",
        "27000.00",
    )
    assert [(entry["key"], entry["count"]) for entry in found["funnel"]] == [
        ("projects", 4),
        ("followed_up", 3),
        ("cooperatives_founded", 1),
        ("financing_applied", 2),
        ("financing_obtained", 1),
        ("active_after_12_months", 1),
    ]


def test_the_report_carries_the_same_figures_for_its_participants(demo):
    followed_caravan(demo)
    report = caravan_report(demo)
    assert report["impact"] == caravan_impact(demo)
    assert report["impact"]["participants"] == report["participants"]["total"] == 4


def test_it_breaks_the_funnel_down_by_the_holders_sex_age_and_province(demo):
    followed_caravan(demo)
    found = caravan_impact(demo)
    by_sex = steps(found["by_sex"])
    assert by_sex["female"][0] == 3 and by_sex["female"][1]["cooperatives_founded"] == 1
    assert by_sex["male"][1] == {
        "projects": 1,
        "followed_up": 1,
        "cooperatives_founded": 0,
        "financing_applied": 1,
        "financing_obtained": 0,
        "active_after_12_months": 0,
    }
    bands = steps(found["by_age_band"])
    assert {key: count for key, (count, _steps) in bands.items()} == {"18_24": 1, "25_34": 2, "60_plus": 1}
    assert bands["18_24"][1]["followed_up"] == 1 and bands["18_24"][1]["active_after_12_months"] == 0
    provinces = steps(found["by_province"])
    assert list(provinces) == ["MA-TNG", "MA-TET"]
    assert (
        provinces["MA-TNG"][1]["financing_obtained"] == 1 and provinces["MA-TET"][1]["financing_applied"] == 1
    )


def test_it_takes_the_planned_cost_until_something_is_spent(demo):
    made = followed_caravan(demo)
    BudgetLine.objects.filter(caravan=demo).update(spent_mad=None)
    found = caravan_impact(demo)
    assert (found["cost_basis"], found["cost_mad"], found["cost_per_participant_mad"]) == (
        "planned",
        "29500.00",
        "7375.00",
    )
    # Nothing founded any more: no cost per cooperative founded, rather than a division by zero.
    made["founded"].outcomes.filter(kind="founding_step").delete()
    assert caravan_impact(demo)["cost_per_cooperative_founded_mad"] is None


def test_it_gives_no_cost_to_a_caravan_without_budget_lines(demo):
    followed_caravan(demo)
    BudgetLine.objects.filter(caravan=demo).delete()
    found = caravan_impact(demo)
    assert found["cost_basis"] is None
    assert [
        found[key] for key in ("cost_mad", "cost_per_participant_mad", "cost_per_cooperative_founded_mad")
    ] == [
        None,
        None,
        None,
    ]


def test_it_counts_a_caravan_without_projects_as_zeros_and_nulls(demo):
    found = caravan_impact(demo)
    assert (found["projects"], found["financing_amount_mad"], found["cost_per_cooperative_founded_mad"]) == (
        0,
        "0.00",
        None,
    )
    assert found["by_sex"] == found["by_age_band"] == found["by_province"] == []


def test_a_cooperatives_project_without_a_holder_is_held_by_its_first_registered_member(demo):
    olive = Cooperative.objects.create(name_ar="تعاونية الزيتون", sector="olive_oil")
    first = registration(demo, sex="male")
    second = registration(demo)
    for held in (first, second):
        held.cooperative = olive
        held.save()
    theirs = Project.objects.create(title="زيت الزيتون", cooperative=olive)
    theirs.caravans.add(demo)
    assert holders(links_of(demo))[demo.pk, theirs.pk].registration == first.pk
    assert steps(caravan_impact(demo)["by_sex"])["male"][0] == 1


def test_it_lists_the_projects_behind_each_step_and_bucket(demo):
    made = followed_caravan(demo)
    registration_of = {name: project.holder.registrations.get().pk for name, project in made.items()}
    assert behind(demo, "cooperatives_founded") == [(made["founded"].pk, registration_of["founded"])]
    assert [pk for pk, _r in behind(demo, "financing_applied")] == [made["founded"].pk, made["refused"].pk]
    assert [pk for pk, _r in behind(demo, "followed_up:province:MA-TET")] == [made["refused"].pk]
    assert [pk for pk, _r in behind(demo, "jobs")] == [made["founded"].pk]
    for nonsense in ("everything", "projects:colour:red", ""):
        with pytest.raises(ValueError):
            behind(demo, nonsense)


def test_it_counts_an_outcome_recorded_later_at_once(demo):
    made = followed_caravan(demo)
    silent = made["silent"]
    at_6 = FollowUp.objects.get(project=silent, months=6)
    record_contact(None, at_6, reached=True, on=datetime.date(2025, 8, 10), outcomes=[
        build_outcome(silent, "founding_step", "2025-08-01", step="local_register", step_status="done"),
    ])  # fmt: skip
    found = caravan_impact(demo)
    assert (found["followed_up"], found["cooperatives_founded"]) == (4, 2)
    assert found["cost_per_cooperative_founded_mad"] == "13500.00"


def test_it_reads_the_figures_in_a_fixed_number_of_queries(demo, django_assert_max_num_queries):
    followed_caravan(demo)
    with django_assert_max_num_queries(6):
        caravan_impact(demo)
    for _more in range(5):
        project(demo)
    plan_follow_ups(demo)
    with django_assert_max_num_queries(6):
        caravan_impact(demo)


def test_qafila_report_writes_the_outcomes_in_its_json(demo, tmp_path):
    followed_caravan(demo)
    out = tmp_path / "report.json"
    call_command(
        "report", "--caravan", demo.slug, "--format", "json", "--out", str(out), stdout=io.StringIO()
    )
    written = json.loads(out.read_text(encoding="utf-8"))["impact"]
    assert {key: written[key] for key in EXPECTED} == EXPECTED
