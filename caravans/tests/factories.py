"""Plain factory functions for caravan tests (no JSON fixtures)."""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.test import Client

from caravans.models import StaffAssignment
from caravans.services import copy_caravan
from core.permissions import Role

# A morning when the demo caravan (4–6 February 2025, no opening or closing time set) takes registrations on
# its public form: tests that register there move the clock to it (`time_machine.move_to`).
DURING_DEMO_REGISTRATION = datetime.datetime(2025, 1, 20, 10, 0, tzinfo=ZoneInfo("Africa/Casablanca"))


def organiser_of_another_caravan(demo):
    """A logged-in client of the organiser of `tetouan-2025`, a copy of `demo`."""
    other = copy_caravan(demo, "tetouan-2025", start=datetime.date(2025, 3, 10))
    user = get_user_model().objects.create_user("other-organiser")
    StaffAssignment.objects.create(user=user, caravan=other, role=Role.ORGANISER)
    client = Client()
    client.force_login(user)
    return client
