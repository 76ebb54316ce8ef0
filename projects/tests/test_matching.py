import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from people.models import Cooperative
from programmes.services import load_catalogue

from ..demo import demo_plan
from ..matching import facts_for, matches
from ..models import Project
from .factories import project

pytestmark = pytest.mark.django_db


def test_it_describes_a_holders_project_for_the_matcher(demo):
    made = project(demo, sector="honey", stage="structured")
    made.financial_plan = demo_plan("honey", Decimal(1), cooperative=False, with_loan=False).to_dict()
    made.save()
    facts = facts_for(made, on=datetime.date(2025, 2, 5))
    assert facts.applicant_form == "individual_project_holder"
    assert facts.holder_birth_date == datetime.date(1990, 5, 1) and facts.holder_sex == "female"
    assert facts.soulaliyate_member is True
    assert (facts.sector, facts.stage, facts.region_code) == ("honey", "structured", "MA-01")
    assert facts.project_cost == Decimal(57000) and facts.own_contribution > 0


def test_it_describes_a_cooperatives_project_with_its_founding_date(demo):
    cooperative = Cooperative.objects.create(name_ar="تعاونية", founded_on=datetime.date(2023, 5, 2))
    made = Project.objects.create(title="زيت", cooperative=cooperative, sector="olive_oil")
    facts = facts_for(made)
    assert facts.applicant_form == "cooperative"
    assert facts.cooperative_founded_on == datetime.date(2023, 5, 2)
    assert facts.project_cost is None and facts.holder_birth_date is None


def test_it_lists_every_open_programme_with_its_status_on_the_project_page(personas, demo):
    load_catalogue()
    made = project(demo, sector="goat_cheese")
    results = matches(made)
    assert results and {match.status for _p, match in results} <= {"eligible", "missing", "not_eligible"}
    page = personas["trainer"].get(reverse("projects:detail", args=[made.pk]))
    programme, match = results[0]
    assert programme.name in page.text
    assert f"match-{match.status}" in page.text


def confirmable(made):
    """A (programme, reason) a person must confirm, for this project."""
    for programme, match in matches(made):
        for reason in match.reasons:
            if reason.confirmable:
                return programme, reason
    raise AssertionError("no confirmable reason in the catalogue")


def test_it_lets_staff_confirm_a_condition_only_a_person_can_check(personas, demo):
    load_catalogue()
    made = project(demo, sector="goat_cheese")
    programme, reason = confirmable(made)
    url = reverse("projects:confirm_condition", args=[made.pk])
    assert personas["organiser"].post(url, {"condition": reason.condition}).status_code == 302
    made.refresh_from_db()
    assert made.confirmed_conditions == [reason.condition]
    assert reason.condition in facts_for(made).confirmed
    after = dict((p.key, m) for p, m in matches(made))[programme.key]
    assert reason.condition not in [r.condition for r in after.reasons]
    personas["organiser"].post(url, {"clear": "1"})
    made.refresh_from_db()
    assert made.confirmed_conditions == []


def test_it_refuses_confirmations_to_the_agent_and_to_a_personal_link(personas, demo):
    from django.test import Client

    from ..services import issue_personal_link

    made = project(demo)
    url = reverse("projects:confirm_condition", args=[made.pk])
    assert personas["agent"].post(url, {"condition": "x.status"}).status_code == 403
    _token, secret = issue_personal_link(None, made)
    phone = Client()
    phone.post(reverse("projects:open_link", args=[secret]))
    assert phone.post(url, {"condition": "x.status"}).status_code == 302  # to the login page
    made.refresh_from_db()
    assert made.confirmed_conditions == []
