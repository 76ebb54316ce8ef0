"""A caravan's places are counted at every decision (a form, each chunk of a list): from an index, without
reading its other registrations (SQLite keeps no statistics by default: see people/tests/test_lookup_plans.py)."""

import pytest
from django.db import connection

from core.tests.plans import plan
from registration.models import Registration

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite",
        reason="PostgreSQL plans from its statistics, not from the query's shape",
    ),
]


def test_the_places_taken_are_counted_from_an_index_without_reading_the_registrations():
    found = plan(Registration.objects.filter(caravan_id=1, decision="accepted"))
    assert "(caravan_id=? AND decision=?)" in found, found
