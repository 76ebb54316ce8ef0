"""A person is looked up through an index, never by reading every record: each registration (a form, each row
of a list) looks up the people it may be by CIN, phone, birth date and name. SQLite keeps no statistics by
default, so it picks an index by the query's shape alone: with a full index on `merged_into` (nearly all NULL)
it read the whole table for every look-up of an active person (a 20,000-row list: 84 s instead of 30 s)."""

import pytest
from django.db import connection

from core.tests.plans import plan
from people.models import Person

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite",
        reason="PostgreSQL plans from its statistics, not from the query's shape",
    ),
]


@pytest.mark.parametrize(
    "lookup",
    [
        {"cin": "KB123456"},
        {"cin__in": ["KB123456", "K445566"]},
        {"phone__in": ["0612345678", "0698765432"]},
        {"birth_date__in": ["1990-03-12"]},
        {"name_key__in": ["fatima alami"]},
    ],
)
def test_an_active_persons_look_up_searches_the_index_of_what_it_looks_for(lookup):
    field = next(iter(lookup)).split("__")[0]
    found = plan(Person.objects.active().filter(**lookup).values_list("pk", flat=True))
    assert found.startswith("SEARCH") and f"({field}=?)" in found, found
