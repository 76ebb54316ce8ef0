"""Workshops held at different times of a day are not alternatives: the wishes are ranked per time slot (the
workshops whose times overlap, directly or through a chain), up to three in each, on the entry forms as at
the venue; a day whose workshops are all at one time keeps its single list of three choices."""

import datetime
from types import SimpleNamespace

import pytest

from caravans.models import Session
from core.tests.i18n import ar
from registration.models import Registration
from registration.services import register
from registration.workshop_forms import field_name
from registration.workshops import PreferenceError, set_preferences, slots, slots_of

from .factories import person
from .test_staff_entry import ENTRY, row


def at(pk, starts, ends):
    return SimpleNamespace(
        pk=pk, starts_at=datetime.time.fromisoformat(starts), ends_at=datetime.time.fromisoformat(ends)
    )


def test_it_puts_workshops_whose_times_overlap_in_one_slot_and_the_next_time_in_another():
    sessions = [
        at(1, "09:00", "11:00"),
        at(2, "10:30", "12:00"),  # overlaps 1
        at(3, "11:30", "12:30"),  # overlaps 2 only: still the same time slot
        at(4, "12:30", "13:30"),  # starts as 3 ends: the next slot
        at(5, "15:00", "16:00"),
    ]
    found = slots_of("day", sessions)
    assert [(slot.number, slot.session_ids) for slot in found] == [(1, (1, 2, 3)), (2, (4,)), (3, (5,))]
    assert found[0].label == "09:00–12:30"


def workshop(day, title, starts, ends):
    return Session.objects.create(
        day=day, kind=Session.Kind.WORKSHOP, title_ar=f"ورشة {title}", title_fr=f"Atelier {title}",
        starts_at=datetime.time.fromisoformat(starts), ends_at=datetime.time.fromisoformat(ends),
    )  # fmt: skip


@pytest.fixture
def day(demo):
    """The study day with four morning workshops (09:00–11:00) and two afternoon ones (14:00–16:00)."""
    day = demo.days.order_by("date")[0]
    day.morning = [workshop(day, n, "09:00", "11:00") for n in ("honey", "argan", "saffron", "cactus")]
    day.afternoon = [workshop(day, n, "14:00", "16:00") for n in ("dates", "olives")]
    return day


def test_it_ranks_up_to_three_choices_in_each_time_slot(demo, day):
    registration = register(demo, person(), profile="project_holder", channel="staff", project_idea="العسل")
    honey, argan, saffron, cactus = day.morning
    dates, olives = day.afternoon
    set_preferences(registration, day, [olives, argan, honey, dates, saffron], None)  # slots may interleave
    wishes = registration.workshop_preferences.order_by("session__starts_at", "rank")
    assert [(w.session, w.rank) for w in wishes] == [
        (argan, 1),
        (honey, 2),
        (saffron, 3),
        (olives, 1),
        (dates, 2),
    ]
    with pytest.raises(PreferenceError) as refusal:
        set_preferences(registration, day, [honey, argan, saffron, cactus], None)
    assert refusal.value.code == "too_many_preferences"
    assert registration.workshop_preferences.count() == 5  # nothing half-saved


def test_the_entry_form_asks_for_each_time_slot_of_the_day_separately(personas, day):
    morning, afternoon = slots(day)
    page = personas["agent"].get(ENTRY).content.decode()
    legend = ar('Workshops held at the same time, <bdi dir="ltr">%(time)s</bdi>: one of them')
    assert legend % {"time": "09:00–11:00"} in page and legend % {"time": "14:00–16:00"} in page
    assert f'name="{field_name(morning, 3)}"' in page and f'name="{field_name(afternoon, 2)}"' in page
    assert f'name="{field_name(afternoon, 3)}"' not in page  # two workshops, two choices
    honey, argan, *_rest = day.morning
    dates, olives = day.afternoon
    choices = {
        field_name(morning, 1): argan.pk,
        field_name(morning, 2): honey.pk,
        field_name(afternoon, 1): olives.pk,
    }
    assert personas["agent"].post(ENTRY, row(**choices)).status_code == 302
    wishes = Registration.objects.get().workshop_preferences.order_by("session__starts_at", "rank")
    assert [(w.session, w.rank) for w in wishes] == [(argan, 1), (honey, 2), (olives, 1)]


def test_it_refuses_a_workshop_named_twice_in_one_time_slot_next_to_its_select(personas, day):
    morning, _afternoon = slots(day)
    honey = day.morning[0]
    response = personas["agent"].post(
        ENTRY, row(**{field_name(morning, 1): honey.pk, field_name(morning, 2): honey.pk})
    )
    assert response.status_code == 200 and response.context["form"].errors[field_name(morning, 2)]
    assert not Registration.objects.exists()


def test_a_day_with_workshops_at_one_time_shows_no_time_slot(personas, demo):
    page = personas["agent"].get(ENTRY).content.decode()
    assert 'class="slot"' not in page and 'name="workshop_' in page
