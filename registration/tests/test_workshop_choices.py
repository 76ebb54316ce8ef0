"""A person ranks the workshops they would like to attend when they register, on the public form or through a
staff member's quick entry: optional, up to three per time slot of a day, kept whatever the decision, checked
before anything is saved."""

import datetime

import pytest
from django.test import Client

from caravans.models import Caravan, Session
from caravans.tests.factories import DURING_DEMO_REGISTRATION
from core.models import AuditEntry
from registration.models import Registration, WorkshopPreference
from registration.services import register
from registration.workshop_forms import field_name
from registration.workshops import PreferenceError, set_preferences, slots_by_day

from .factories import person
from .test_self_registration import REGISTER, answers, ar, counts
from .test_staff_entry import ENTRY, row


@pytest.fixture(autouse=True)
def registration_is_open(time_machine):
    time_machine.move_to(DURING_DEMO_REGISTRATION)


@pytest.fixture
def shops(demo):
    """The demo caravan's first day with workshops (all at the same time: one time slot), and that slot's
    workshops (at least three)."""
    _day, (slot,) = slots_by_day(demo)[0]
    assert len(slot.sessions) >= 3
    return slot, list(slot.sessions)


def field(slot, rank):
    return field_name(slot, rank)


def wishes(registration):
    return list(registration.workshop_preferences.order_by("rank").values_list("session_id", "rank"))


def test_it_offers_each_day_s_workshops_to_rank_on_the_public_form(shops):
    slot, sessions = shops
    page = Client().get(REGISTER).content.decode()
    assert ar("Workshops you would like to attend") in page
    assert f'name="{field(slot, 1)}"' in page and f'name="{field(slot, 3)}"' in page
    assert f'name="{field(slot, 4)}"' not in page  # three choices at most
    assert sessions[0].title_ar in page and ar("1st choice") in page


def test_it_stores_the_ranked_choices_with_the_self_registration(shops):
    slot, (a, b, c, *_rest) = shops
    response = Client().post(REGISTER, answers(**{field(slot, 1): c.pk, field(slot, 2): a.pk}))
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert wishes(registration) == [(c.pk, 1), (a.pk, 2)]
    entry = AuditEntry.objects.get(action="groups.preferences_recorded")
    assert entry.details == {"day": slot.day.date.isoformat(), "sessions": [c.pk, a.pk]}


def test_it_registers_someone_who_chooses_no_workshop(shops):
    assert Client().post(REGISTER, answers()).status_code == 302
    assert not WorkshopPreference.objects.exists()
    assert not AuditEntry.objects.filter(action="groups.preferences_recorded").exists()


def test_it_keeps_the_wishes_of_a_person_put_on_the_waiting_list(demo, shops):
    Caravan.objects.filter(pk=demo.pk).update(capacity=0)
    slot, (a, *_rest) = shops
    Client().post(REGISTER, answers(**{field(slot, 1): a.pk}))
    registration = Registration.objects.get()
    assert registration.decision == "waitlisted" and wishes(registration) == [(a.pk, 1)]


def test_it_refuses_a_workshop_named_twice_and_saves_nothing(shops):
    slot, (a, b, *_rest) = shops
    before = counts()
    response = Client().post(
        REGISTER, answers(**{field(slot, 1): a.pk, field(slot, 2): b.pk, field(slot, 3): a.pk})
    )
    assert response.status_code == 200
    assert ar("The same workshop is named twice.") in response.content.decode()
    assert response.context["form"].errors[field(slot, 3)]  # next to the select that repeats
    assert counts() == before and not WorkshopPreference.objects.exists()


def test_it_refuses_a_session_that_is_not_one_of_the_day_s_workshops(demo, shops):
    slot, _sessions = shops
    plenary = Session.objects.filter(day=slot.day).exclude(kind=Session.Kind.WORKSHOP).first()
    _other_day, (other_slot,) = slots_by_day(demo)[1]
    other_shops = other_slot.sessions
    before = counts()
    for wrong in [plenary.pk, other_shops[0].pk, 999999, "abc"]:
        response = Client().post(REGISTER, answers(**{field(slot, 1): wrong}))
        assert response.status_code == 200 and response.context["form"].errors[field(slot, 1)]
    assert counts() == before and not WorkshopPreference.objects.exists()


def test_it_shows_no_workshop_part_when_the_caravan_has_none(demo):
    Session.objects.filter(day__caravan=demo, kind=Session.Kind.WORKSHOP).delete()
    page = Client().get(REGISTER).content.decode()
    assert ar("Workshops you would like to attend") not in page and 'name="workshop_' not in page
    assert Client().post(REGISTER, answers()).status_code == 302


def test_it_stores_the_choices_a_staff_member_enters_and_forgets_them_for_the_next_person(personas, shops):
    slot, (a, b, *_rest) = shops
    agent = personas["agent"]
    page = agent.get(ENTRY).content.decode()
    assert ar("Workshops the person would like to attend") in page
    response = agent.post(ENTRY, row(**{field(slot, 1): b.pk, field(slot, 2): a.pk}))
    assert response.status_code == 302
    assert wishes(Registration.objects.get()) == [(b.pk, 1), (a.pk, 2)]
    following = agent.get(ENTRY)
    assert following.context["form"][field(slot, 1)].value() in (None, "")


def test_it_refuses_a_repeated_workshop_in_the_quick_entry(personas, shops):
    slot, (a, *_rest) = shops
    response = personas["agent"].post(ENTRY, row(**{field(slot, 1): a.pk, field(slot, 2): a.pk}))
    assert response.status_code == 200 and response.context["form"].errors[field(slot, 2)]
    assert not Registration.objects.exists() and not WorkshopPreference.objects.exists()


def test_it_refuses_the_quick_entry_to_a_trainer(personas, shops):
    slot, (a, *_rest) = shops
    assert personas["trainer"].post(ENTRY, row(**{field(slot, 1): a.pk})).status_code == 403
    assert not WorkshopPreference.objects.exists()


def test_it_refuses_wishes_for_a_day_of_another_caravan(demo, shops):
    slot, (a, *_rest) = shops
    other = Caravan.objects.create(
        slug="autre", title_ar="قافلة", title_fr="Caravane", region=demo.region, city_ar="أصيلة", city_fr="Asilah",
        start_date=demo.start_date,
        end_date=demo.end_date, capacity=10,
    )  # fmt: skip
    registration = register(other, person(), profile="project_holder", channel="staff", project_idea="العسل")
    with pytest.raises(PreferenceError) as refusal:
        set_preferences(registration, slot.day, [a], None)
    assert refusal.value.code == "other_caravan"
    assert not WorkshopPreference.objects.exists()


def test_it_replaces_earlier_wishes_for_the_same_day(demo, shops):
    slot, (a, b, c, *_rest) = shops
    born = datetime.date(1990, 1, 1)
    registration = register(
        demo, person(birth_date=born), profile="project_holder", channel="staff", project_idea="العسل"
    )
    set_preferences(registration, slot.day, [a, b], None)
    set_preferences(registration, slot.day, [c], None)
    assert wishes(registration) == [(c.pk, 1)]
