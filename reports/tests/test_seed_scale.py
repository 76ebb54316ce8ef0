"""`qafila seed-scale`: an invented national data set, reproducible, removable."""

import io

import pytest
from django.core.management import CommandError, call_command

from caravans.models import Caravan
from onsite.models import CheckIn
from people.models import Person
from registration.models import Registration


def seeded(*args):
    out = io.StringIO()
    call_command("seed_scale", "--caravans", "12", "--registrations", "600", *args, stdout=out)
    return out.getvalue()


def test_it_seeds_caravans_people_registrations_and_check_ins(places):
    seeded()
    assert Caravan.objects.filter(slug__startswith="scale-").count() == 12
    registrations = Registration.objects.filter(caravan__slug__startswith="scale-")
    assert registrations.count() == 600
    people = Person.objects.filter(registrations__in=registrations).distinct().count()
    assert people < registrations.count()  # some people come to several caravans
    assert CheckIn.objects.filter(registration__in=registrations).exists()
    assert (
        registrations.filter(decision="accepted").exclude(badge_code=None).count()
        == registrations.filter(decision="accepted").count()
    )


def test_it_refuses_to_seed_twice_and_removes_what_it_seeded(demo):
    seeded()
    with pytest.raises(CommandError, match="already there"):
        seeded()
    seeded("--replace")
    call_command("seed_scale", "--remove", stdout=io.StringIO())
    assert not Caravan.objects.filter(slug__startswith="scale-").exists()
    assert not Person.objects.filter(community_declared="seed-scale").exists()
    assert Caravan.objects.filter(slug="tanger-2025").exists()
