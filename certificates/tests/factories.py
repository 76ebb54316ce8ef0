"""Plain factory functions for certificate tests: accepted participants and their check-ins."""

import datetime

from django.utils import timezone

from onsite.models import CheckIn
from registration.models import Decision
from registration.services import register
from registration.tests.factories import person


def participant(caravan, days=0, **fields):
    """An accepted registration checked in on the caravan's first `days` days."""
    registration = register(
        caravan, person(**fields), profile="project_holder", channel="staff", project_idea="عسل"
    )
    assert registration.decision == Decision.ACCEPTED, registration.reasons
    for date in caravan.dates()[:days]:
        check_in(registration, date)
    return registration


def check_in(registration, date, *, undone=False):
    now = timezone.now()
    return CheckIn.objects.create(
        registration=registration,
        day=date,
        at=now,
        undone_at=now + datetime.timedelta(seconds=30) if undone else None,
    )
