"""A caravan's year after (the demo caravan, last day 2025-02-06), recorded through the follow-up services,
whose outcome figures the tests count by hand.

| project | holder | age on day 1 | province | what the follow-up recorded |
| founded | woman | 34 (25–34) | MA-TNG | reached at 3 months: court registration done; applied, then obtained 45 000 MAD; 3 jobs for women, 1 for a man, 2 under 35; at 12 months: still active |
| refused | man | 65 (60 and over) | MA-TET | reached at 3 months: applied; at 6 months: refused, blocked by financing |
| stalled | woman | 24 (18–24) | MA-TNG | reached at 3 months: blocked by the paperwork; at 12 months: stopped |
| silent | woman | 34 (25–34) | MA-TNG | three calls at 3 months, nobody answered: not reached |

Budget: venue planned 20 000, spent 18 000; catering planned 9 000, spent 9 000; printing planned 500, nothing
spent: the cost is what was spent, 27 000 MAD, for 4 participants (the holders).
"""

import datetime

from caravans.models import BudgetLine
from places.models import Province
from programmes.models import SupportProgramme
from projects.followup.models import FollowUp
from projects.followup.services import build_outcome, plan_follow_ups, record_contact
from projects.tests.factories import project, registration

EXPECTED = {
    "projects": 4,
    "followed_up": 3,
    "cooperatives_founded": 1,
    "financing_applied": 2,
    "financing_obtained": 1,
    "financing_amount_mad": "45000.00",
    "jobs": 4,
    "active_after_12_months": 1,
    "cost_per_participant_mad": "6750.00",
    "cost_per_cooperative_founded_mad": "27000.00",
}


def contact(made, months):
    return FollowUp.objects.get(project=made, months=months)


def followed_caravan(caravan, actor=None):
    """Record the table above on `caravan`; returns {name: project}."""
    tetouan = Province.objects.get(code="MA-TET")
    holders = {
        "founded": registration(caravan),
        "refused": registration(caravan, sex="male", birth_date=datetime.date(1960, 1, 1), province=tetouan),
        "stalled": registration(caravan, birth_date=datetime.date(2000, 2, 5)),
        "silent": registration(caravan),
    }
    made = {name: project(caravan, holder=held.person) for name, held in holders.items()}
    plan_follow_ups(caravan)
    programme = SupportProgramme.objects.create(
        key="impact-test",
        name_ar="برنامج الدعم",
        name_fr="Programme d'appui",
        checked_on=datetime.date(2025, 1, 1),
    )
    founded, refused, stalled = made["founded"], made["refused"], made["stalled"]
    record_contact(actor, contact(founded, 3), reached=True, on=datetime.date(2025, 5, 6), outcomes=[
        build_outcome(founded, "founding_step", "2025-04-20", step="local_register", step_status="done",
                      reference="RC 1234"),
        build_outcome(founded, "financing", "2025-05-01", programme=programme, financing="applied"),
    ])  # fmt: skip
    record_contact(actor, contact(founded, 6), reached=True, on=datetime.date(2025, 8, 6), outcomes=[
        build_outcome(founded, "financing", "2025-08-01", programme=programme, financing="obtained",
                      amount_mad="45000"),
        build_outcome(founded, "jobs", "2025-08-01", jobs_women=3, jobs_men=1, jobs_under_35=2),
    ])  # fmt: skip
    record_contact(actor, contact(founded, 12), reached=True, on=datetime.date(2026, 2, 10), outcomes=[
        build_outcome(founded, "activity", "2026-02-10", active=True),
    ])  # fmt: skip
    record_contact(actor, contact(refused, 3), reached=True, on=datetime.date(2025, 5, 6), outcomes=[
        build_outcome(refused, "financing", "2025-04-15", programme=programme, financing="applied"),
    ])  # fmt: skip
    record_contact(actor, contact(refused, 6), reached=True, on=datetime.date(2025, 8, 6), outcomes=[
        build_outcome(refused, "financing", "2025-07-20", programme=programme, financing="refused"),
        build_outcome(refused, "blocker", "2025-08-06", blocker="financing", support_asked="قرض صغير"),
    ])  # fmt: skip
    record_contact(actor, contact(stalled, 3), reached=True, on=datetime.date(2025, 5, 6), outcomes=[
        build_outcome(stalled, "blocker", "2025-05-06", blocker="paperwork"),
    ])  # fmt: skip
    record_contact(actor, contact(stalled, 12), reached=True, on=datetime.date(2026, 2, 12), outcomes=[
        build_outcome(stalled, "activity", "2026-02-12", active=False),
    ])  # fmt: skip
    for _attempt in range(3):
        record_contact(actor, contact(made["silent"], 3), reached=False)
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(caravan=caravan, category="venue", planned_mad=20000, spent_mad=18000),
            BudgetLine(caravan=caravan, category="catering", planned_mad=9000, spent_mad=9000),
            BudgetLine(caravan=caravan, category="printing", planned_mad=500),
        ]
    )
    return made
