"""The demo caravan's year after: contacts shared out to the demo trainer and agent, and a realistic mix of
cooperatives founded, projects financed, stalled and never reached; the same at every load."""

import time
from collections import Counter

import pytest

from programmes.services import load_catalogue
from projects.demo import load_demo_projects
from projects.followup.demo import load_demo_follow_ups
from projects.followup.models import FollowUp, Outcome
from projects.followup.services import MAX_ATTEMPTS
from projects.followup.state import standings
from projects.models import FoundingStep

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_after(demo, demo_registrations):
    load_catalogue()
    load_demo_projects(demo)
    started = time.perf_counter()
    statuses = load_demo_follow_ups(demo)
    return demo, statuses, time.perf_counter() - started


def figures(caravan):
    ids = list(caravan.projects.values_list("pk", flat=True))
    found = standings(caravan, ids).values()
    return {
        "followed_up": sum(s.followed_up for s in found),
        "founded": sum(s.cooperative_founded for s in found),
        "financed": sum(s.financing_obtained for s in found),
        "applied": sum(s.financing_applied for s in found),
        "blocked": sum(bool(s.blocker) for s in found),
        "active_12": sum(s.active_after_12_months for s in found),
        "stopped": sum(s.active is False for s in found),
        "jobs": sum(s.jobs for s in found),
        "sold": sum(s.first_sale_on is not None for s in found),
    }


def test_it_records_a_realistic_year_for_the_tangier_projects(year_after):
    caravan, statuses, seconds = year_after
    assert sum(statuses.values()) == 3 * 40
    assert statuses["reached"] > 60 and statuses["not_reached"] >= 3 and statuses["due"] >= 4
    made = figures(caravan)
    assert 0 < made["founded"] < made["applied"] and 0 < made["financed"] < made["applied"]
    assert made["blocked"] >= 3 and made["stopped"] >= 1 and made["active_12"] > 10
    assert made["jobs"] > 0 and made["sold"] > 0
    assert seconds < 2, f"the demo's follow-up took {seconds:.1f} s"


def test_its_cooperatives_have_their_court_register_number_and_their_checklist_agrees(year_after):
    caravan, _statuses, _seconds = year_after
    registered = Outcome.objects.filter(project__caravans=caravan, step="local_register", step_status="done")
    assert registered and all(outcome.reference.endswith("/2025") for outcome in registered)
    for outcome in registered:
        assert FoundingStep.objects.get(project=outcome.project, step="local_register").on == outcome.on


def test_its_holders_not_reached_were_tried_three_times_and_brought_nothing_back(year_after):
    caravan, _statuses, _seconds = year_after
    for contact in FollowUp.objects.filter(caravan=caravan, status="not_reached"):
        assert contact.attempts == MAX_ATTEMPTS and not contact.outcomes.exists()


def test_it_shares_the_contacts_out_to_the_demo_agent_and_trainer_with_some_still_to_make(year_after):
    caravan, _statuses, _seconds = year_after
    contacts = FollowUp.objects.filter(caravan=caravan)
    assert Counter(contacts.values_list("assigned_to__username", flat=True)) == {"agent": 60, "trainer": 60}
    assert contacts.filter(status="due", assigned_to__username="agent").exists()


def test_it_loads_the_same_year_again(year_after):
    caravan, statuses, _seconds = year_after
    made = figures(caravan)
    again = load_demo_follow_ups(caravan)
    assert again == statuses and figures(caravan) == made
    assert FollowUp.objects.filter(caravan=caravan).count() == 120
