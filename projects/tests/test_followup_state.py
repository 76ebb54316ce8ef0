"""What a caravan's follow-up counts: the plan of contacts, and a project's standing read from its outcomes."""

import datetime
from decimal import Decimal

import pytest

from programmes.models import SupportProgramme
from projects.followup.models import FollowUp, Outcome
from projects.followup.services import FollowUpError, build_outcome, plan_follow_ups, record_contact
from projects.followup.state import standing
from projects.services import set_founding_step

from .factories import project

pytestmark = pytest.mark.django_db


@pytest.fixture
def caravan(demo):
    return demo


def test_it_plans_one_contact_per_project_at_3_6_and_12_months_after_the_last_day(caravan):
    followed = project(caravan)
    assert plan_follow_ups(caravan) == 3 * caravan.projects.count()
    dues = list(FollowUp.objects.filter(project=followed).order_by("months").values_list("months", "due"))
    assert dues == [
        (3, datetime.date(2025, 5, 6)),
        (6, datetime.date(2025, 8, 6)),
        (12, datetime.date(2026, 2, 6)),
    ]
    assert plan_follow_ups(caravan) == 0


def test_it_moves_untouched_contacts_when_the_plan_changes_and_keeps_those_worked_on(caravan):
    followed = project(caravan)
    plan_follow_ups(caravan)
    worked = FollowUp.objects.get(project=followed, months=3)
    record_contact(None, worked, reached=False, on=datetime.date(2025, 5, 7))
    caravan.follow_up_months = [1, 12]
    caravan.save()
    plan_follow_ups(caravan)
    assert set(FollowUp.objects.filter(project=followed).values_list("months", flat=True)) == {1, 3, 12}


def test_it_counts_a_cooperative_founded_financed_and_active_after_twelve_months(caravan):
    followed = project(caravan)
    plan_follow_ups(caravan)
    programme = SupportProgramme.objects.create(
        key="p-test", name_ar="برنامج", name_fr="Programme", checked_on=datetime.date(2025, 1, 1)
    )
    at_6 = FollowUp.objects.get(project=followed, months=6)
    set_founding_step(None, followed, "local_register", status="in_progress", documents=["registration_form"])
    outcomes = [
        build_outcome(followed, "founding_step", "2025-07-01", step="local_register", step_status="done",
                      reference="RC 1234"),
        build_outcome(followed, "financing", "2025-07-15", programme=programme, financing="applied"),
        build_outcome(followed, "financing", "2025-08-01", programme=programme, financing="obtained",
                      amount_mad="45 000,00"),
        build_outcome(followed, "jobs", "2025-08-01", jobs_women=3, jobs_men=1, jobs_under_35=2),
    ]  # fmt: skip
    record_contact(None, at_6, reached=True, on=datetime.date(2025, 8, 6), outcomes=outcomes)
    now = standing(caravan, followed)
    assert (now.followed_up, now.founded_on, now.financing_obtained) == (
        True,
        datetime.date(2025, 7, 1),
        True,
    )
    assert (now.financing_amount_mad, now.jobs, now.active_after_12_months) == (Decimal("45000.00"), 4, False)
    assert followed.founding_steps.get(step="local_register").status == "done"
    assert followed.founding_steps.get(step="local_register").documents == ["registration_form"]  # kept
    at_12 = FollowUp.objects.get(project=followed, months=12)
    record_contact(
        None, at_12, reached=True, outcomes=[build_outcome(followed, "activity", "2026-02-10", active=True)]
    )
    assert standing(caravan, followed).active_after_12_months


def test_it_keeps_every_outcome_as_history_and_the_latest_decides(caravan):
    followed = project(caravan)
    plan_follow_ups(caravan)
    contact = FollowUp.objects.get(project=followed, months=3)
    record_contact(None, contact, reached=True, outcomes=[
        build_outcome(followed, "jobs", "2025-05-01", jobs_women=2),
        build_outcome(followed, "jobs", "2025-05-20", jobs_women=5, jobs_men=1),
    ])  # fmt: skip
    assert Outcome.objects.filter(project=followed).count() == 2
    assert standing(caravan, followed).jobs == 6


@pytest.mark.parametrize(
    "kind, fields, code",
    [
        ("founding_step", {"step": "nowhere", "step_status": "done"}, "unknown_step"),
        ("financing", {"financing": "obtained"}, "missing_programme"),
        ("jobs", {"jobs_women": "-1"}, "invalid_number"),
        ("jobs", {"jobs_women": 1, "jobs_under_35": 2}, "too_many_young"),
        ("activity", {}, "missing_active"),
        ("blocker", {"blocker": "weather"}, "missing_blocker"),
        ("first_sale", {"amount_mad": "beaucoup"}, "invalid_amount"),
    ],
)
def test_it_refuses_an_outcome_that_says_too_little_or_nonsense(caravan, kind, fields, code):
    with pytest.raises(FollowUpError) as refused:
        build_outcome(project(caravan), kind, "2025-05-01", **fields)
    assert refused.value.code == code


def test_it_refuses_a_date_in_the_future_and_records_nothing(caravan):
    followed = project(caravan)
    plan_follow_ups(caravan)
    with pytest.raises(FollowUpError) as refused:
        build_outcome(followed, "activity", datetime.date.today() + datetime.timedelta(days=2), active=True)
    assert refused.value.code == "future_date"
    assert not Outcome.objects.filter(project=followed).exists()


def test_it_gives_up_on_a_contact_after_three_attempts_nobody_answered(caravan):
    followed = project(caravan)
    plan_follow_ups(caravan)
    contact = FollowUp.objects.get(project=followed, months=3)
    for _attempt in range(3):
        contact = record_contact(None, contact, reached=False)
    assert (contact.status, contact.attempts) == ("not_reached", 3)
