import datetime

import pytest

from ..demo import load_demo_projects
from ..finance import Plan, compute
from ..models import Project

pytestmark = pytest.mark.django_db


def test_it_loads_about_forty_projects_at_every_stage_with_sensible_plans(demo, demo_registrations):
    stages = load_demo_projects(demo, today=datetime.date(2025, 3, 1))
    assert sum(stages.values()) == 40 and set(stages) >= {"idea", "structured", "founding", "funded"}
    projects = Project.objects.filter(caravans=demo)
    assert projects.values("sector").distinct().count() >= 8
    for project in projects.exclude(stage="idea"):
        plan = Plan.from_dict(project.financial_plan)
        assert plan.total_financing >= plan.total_investment > 0
        results = compute(plan)
        assert results.years[0].gross_margin > 0, project.title
    founding = projects.filter(stage="founding")
    assert all(p.founding_steps.filter(status="in_progress").exists() for p in founding)


def test_it_can_be_loaded_again_without_piling_up(demo, demo_registrations):
    load_demo_projects(demo)
    load_demo_projects(demo)
    assert Project.objects.count() == 40


AGRICULTURE = {
    "generation_green_terres_collectives",
    "cam_generation_green",
    "indh_ariej",
    "tamwil_el_fellah",
    "ada_solidarity_agriculture",
}


def test_its_goat_cheese_projects_qualify_for_the_agriculture_programmes(demo, demo_registrations):
    # Goat cheese is livestock, hence agriculture: no programme for agriculture may refuse it for its sector.
    from programmes.services import load_catalogue

    from ..matching import matches

    load_catalogue()
    load_demo_projects(demo, today=datetime.date(2025, 3, 1))
    cheese = Project.objects.filter(caravans=demo, sector="goat_cheese")
    assert cheese.exists()
    for made in cheese:
        found = {programme.key: match for programme, match in matches(made)}
        assert all("sector_not_covered" not in found[key].codes for key in AGRICULTURE), made.title
    # Whatever each project still misses (a founding step, a fact to confirm), none of them refuses it.
    for made in cheese:
        found = {programme.key: match for programme, match in matches(made)}
        refused = {key: found[key].codes for key in AGRICULTURE if found[key].status == "not_eligible"}
        assert refused == {}, (made.title, made.stage, refused)
