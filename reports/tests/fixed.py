"""A small fixed data set on the demo caravan (first day 2025-02-04), whose figures the tests count by hand.

| who | sex | born | age on day 1 | province | profile | sector | decision |
| A | woman | 1990-05-01 | 34 (25–34) | MA-TNG | project holder | honey | accepted |
| B | man | 2000-02-04 | 25 (birthday that day) | MA-TET | cooperative member | (cooperative: olive_oil) | accepted |
| C | woman | 2000-02-05 | 24 (birthday next day) | MA-TNG | project holder | honey | accepted |
| D | woman | year 1960 only | 65 | none | cooperative member | none | accepted |
| E | man | none | unknown | MA-TNG | project holder | agriculture | ineligible: outside_region |
| F | woman | 1990-05-01 | 34 | MA-TNG | project holder | honey | needs_review: missing_cin, cin_unusual |
| G | woman | 1990-05-01 | 34 | MA-TNG | project holder | honey | waitlisted: capacity_full |

Check-ins: A on days 1 and 2, B on day 1, C on day 1 but undone. Present at the first workshop: A and B; A is
assigned to its group.
"""

import datetime

from django.utils import timezone

from caravans.models import Session
from onsite.models import CheckIn, GroupAssignment, SessionAttendance
from people.models import Cooperative
from places.models import Province
from registration.models import Registration
from registration.tests.factories import person

DAY1, DAY2 = datetime.date(2025, 2, 4), datetime.date(2025, 2, 5)


def registration(
    caravan, who, *, decision="accepted", reasons=(), profile="project_holder", sector="", **facts
):
    return Registration.objects.create(
        caravan=caravan,
        person=who,
        profile=profile,
        sector=sector,
        decision=decision,
        reasons=list(reasons),
        channel="staff",
        **facts,
    )


def fixed_caravan(caravan):
    """Load the table above into `caravan`; returns {letter: registration}."""
    tet = Province.objects.get(code="MA-TET")
    olive = Cooperative.objects.create(name_ar="تعاونية الزيتون", sector="olive_oil")
    made = {
        "A": registration(caravan, person(), sector="honey"),
        "B": registration(
            caravan,
            person(sex="male", birth_date=datetime.date(2000, 2, 4), province=tet),
            profile="cooperative_member",
            cooperative=olive,
        ),
        "C": registration(caravan, person(birth_date=datetime.date(2000, 2, 5)), sector="honey"),
        "D": registration(
            caravan, person(birth_date=None, birth_year=1960, province=None), profile="cooperative_member"
        ),
        "E": registration(
            caravan,
            person(sex="male", birth_date=None),
            decision="ineligible",
            reasons=["outside_region"],
            sector="agriculture",
        ),
        "F": registration(
            caravan, person(), decision="needs_review", reasons=["missing_cin", "cin_unusual"], sector="honey"
        ),
        "G": registration(
            caravan, person(), decision="waitlisted", reasons=["capacity_full"], sector="honey"
        ),
    }
    now = timezone.now()
    CheckIn.objects.create(registration=made["A"], day=DAY1, at=now)
    CheckIn.objects.create(registration=made["A"], day=DAY2, at=now)
    CheckIn.objects.create(registration=made["B"], day=DAY1, at=now)
    CheckIn.objects.create(registration=made["C"], day=DAY1, at=now, undone_at=now)
    workshop = first_workshop(caravan)
    for letter in "AB":
        SessionAttendance.objects.create(
            registration=made[letter], session=workshop, channel="trainer", at=now
        )
    GroupAssignment.objects.create(registration=made["A"], day=workshop.day, session=workshop)
    return made


def first_workshop(caravan):
    return (
        Session.objects.filter(day__caravan=caravan, kind=Session.Kind.WORKSHOP)
        .order_by("day__date", "starts_at", "id")
        .first()
    )
