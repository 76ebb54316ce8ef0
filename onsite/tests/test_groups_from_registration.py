"""Workshop wishes given on the public registration form are the ones the day's groups are made from."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from caravans.tests.factories import DURING_DEMO_REGISTRATION
from onsite.groups import services as groups
from registration.models import Registration
from registration.tests.test_self_registration import REGISTER, answers, someone_else
from registration.workshop_forms import field_name

from .test_groups import group_of


@pytest.fixture(autouse=True)
def registration_is_open(time_machine):
    time_machine.move_to(DURING_DEMO_REGISTRATION)


def test_it_gives_a_person_the_workshop_they_chose_first_on_the_form_when_there_is_room(demo):
    day = groups.days_with_workshops(demo)[0]
    wanted, other, *_rest = groups.workshops(day)
    wanted.capacity, other.capacity = 1, 5
    wanted.save(), other.save()
    (slot,) = groups.slots(day)
    Client().post(REGISTER, answers(**{field_name(slot, 1): wanted.pk, field_name(slot, 2): other.pk}))
    Client().post(REGISTER, someone_else(**{field_name(slot, 1): other.pk}))
    chooser, second = Registration.objects.order_by("pk")
    assert chooser.decision == second.decision == "accepted"
    organiser = get_user_model().objects.get(username="organiser")
    groups.assign_slot(slot, keep_cooperatives_together=False, balance_sexes=False, actor=organiser)
    assert group_of(chooser, day) == wanted and group_of(second, day) == other
    assert groups.preferences(slot)[chooser.pk] == (wanted.pk, other.pk)


def test_it_refuses_at_the_venue_the_choices_of_someone_not_accepted(demo):
    day = groups.days_with_workshops(demo)[0]
    demo.capacity = 0
    demo.save()
    (slot,) = groups.slots(day)
    Client().post(REGISTER, answers(**{field_name(slot, 1): slot.sessions[0].pk}))
    waiting = Registration.objects.get()
    assert waiting.decision == "waitlisted" and waiting.workshop_preferences.count() == 1
    organiser = get_user_model().objects.get(username="organiser")
    with pytest.raises(groups.GroupError) as refusal:
        groups.set_preferences(waiting, day, [], organiser)
    assert refusal.value.code == "not_accepted"
    assert waiting.workshop_preferences.count() == 1
