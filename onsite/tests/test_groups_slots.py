"""Workshops at different times of one day: each time slot (workshops whose times overlap) has its own groups,
its own run of the solver and its own page; a participant gets one group per slot, a hand move changes only
the group at that time, the explanation of each slot reads its own last run, the venue enters a person's
choices for every slot of the day, and the live board names every group of someone missing."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from caravans.models import Session
from core.tests.i18n import ar
from onsite.attendance import board
from onsite.groups import services as groups
from onsite.models import GroupAssignment
from onsite.tests.pages import text
from registration.workshop_forms import field_name

from .test_groups import accepted, choose


def workshop(day, title, starts, ends, capacity):
    return Session.objects.create(
        day=day,
        kind=Session.Kind.WORKSHOP,
        title_ar=f"ورشة {title}",
        title_fr=f"Atelier {title}",
        starts_at=datetime.time.fromisoformat(starts),
        ends_at=datetime.time.fromisoformat(ends),
        capacity=capacity,
    )


@pytest.fixture
def day(demo):
    """The study day with two morning workshops that overlap (honey 09:00–11:00, argan 10:00–12:00) and two
    afternoon ones (saffron, cactus, 14:00–16:00), three seats each; three people whose first choice is honey
    in the morning and saffron in the afternoon."""
    day = demo.days.order_by("date")[0]
    day.honey = workshop(day, "honey", "09:00", "11:00", 3)
    day.argan = workshop(day, "argan", "10:00", "12:00", 3)
    day.saffron = workshop(day, "saffron", "14:00", "16:00", 3)
    day.cactus = workshop(day, "cactus", "14:00", "16:00", 3)
    day.people = [accepted(demo) for _ in range(3)]
    for registration in day.people:
        choose(registration, day.honey)
        choose(registration, day.saffron)
    day.morning, day.afternoon = groups.slots(day)
    return day


@pytest.fixture
def organiser(demo):
    return get_user_model().objects.get(username="organiser")


def assign(slot, actor, **options):
    return groups.assign_slot(
        slot, keep_cooperatives_together=False, actor=actor, **{"balance_sexes": False, **options}
    )


def groups_of(registration):
    return set(GroupAssignment.objects.filter(registration=registration).values_list("session_id", flat=True))


def test_it_splits_the_day_into_the_times_its_workshops_are_held(day):
    assert [slot.session_ids for slot in groups.slots(day)] == [
        (day.honey.pk, day.argan.pk),
        (day.saffron.pk, day.cactus.pk),
    ]
    assert (day.morning.label, day.afternoon.label) == ("09:00–12:00", "14:00–16:00")


def test_it_gives_each_person_one_group_per_time_slot(day, organiser):
    assign(day.morning, organiser)
    assign(day.afternoon, organiser)
    for registration in day.people:
        assert groups_of(registration) == {day.honey.pk, day.saffron.pk}  # first choices, seats for all
    assert GroupAssignment.objects.count() == 6


def test_a_run_of_one_time_slot_leaves_the_other_alone(day, organiser):
    assign(day.afternoon, organiser)
    mover = day.people[0]
    groups.move(mover, day, day.cactus, organiser)
    before = set(
        GroupAssignment.objects.filter(session__in=day.afternoon.session_ids).values_list("pk", "session")
    )
    assign(day.morning, organiser, redo_hand_edits=True)
    after = set(
        GroupAssignment.objects.filter(session__in=day.afternoon.session_ids).values_list("pk", "session")
    )
    assert after == before and groups_of(mover) == {day.honey.pk, day.cactus.pk}


def test_a_hand_move_changes_only_the_group_at_that_time(day, organiser):
    assign(day.morning, organiser)
    assign(day.afternoon, organiser)
    mover = day.people[0]
    groups.move(mover, day, day.argan, organiser)
    assert groups_of(mover) == {day.argan.pk, day.saffron.pk}
    groups.move(mover, day, day.cactus, organiser)
    assert groups_of(mover) == {day.argan.pk, day.cactus.pk}
    assert GroupAssignment.objects.filter(registration=mover, by_hand=True).count() == 2


def test_it_explains_each_time_slot_with_its_own_last_run(day, organiser):
    assign(day.morning, organiser, balance_sexes=True)
    assign(day.afternoon, organiser)
    morning, afternoon = groups.explanation(day.morning), groups.explanation(day.afternoon)
    assert morning.options.balance_sexes and not afternoon.options.balance_sexes
    assert [session for session, _load in morning.workshops] == [day.honey, day.argan]
    rows = {row.registration: row for row in afternoon.rows}
    assert all(
        rows[r].session == day.saffron and rows[r].placement.outcome == "first_choice" for r in day.people
    )


def test_the_page_of_a_time_slot_shows_its_workshops_and_links_the_other(personas, day, organiser):
    assign(day.afternoon, organiser)
    url = reverse("onsite:groups_day", args=[day.caravan.slug, day.pk])
    page = personas["trainer"].get(url).content.decode()
    morning, afternoon = text(personas["trainer"].get(url)), text(personas["trainer"].get(url + "?slot=2"))
    assert day.honey.title_ar in morning and day.saffron.title_ar not in morning
    link = ar('Workshops of <bdi dir="ltr">%(time)s</bdi>') % {"time": "14:00–16:00"}
    assert f'<a href="{url}?slot=2">{link}</a>' in page
    assert "14:00–16:00" in afternoon and day.cactus.title_ar in afternoon
    assert ar("No groups yet for these workshops.") in morning
    assert day.people[0].person.full_name_ar in afternoon
    assert personas["trainer"].get(url + "?slot=3").status_code == 404


def test_it_assigns_and_moves_within_the_time_slot_of_the_page(personas, day):
    client = personas["trainer"]
    assign_url = reverse("onsite:groups_assign", args=[day.caravan.slug, day.pk]) + "?slot=2"
    response = client.post(assign_url, {})
    assert response["Location"].endswith("?slot=2")
    assert GroupAssignment.objects.filter(session__in=day.afternoon.session_ids).exists()
    assert not GroupAssignment.objects.filter(session__in=day.morning.session_ids).exists()
    mover = day.people[0]
    move_url = reverse("onsite:groups_move", args=[day.caravan.slug, day.pk, mover.pk]) + "?slot=2"
    assert f'action="{move_url}"' in client.get(response["Location"]).content.decode()
    response = client.post(move_url, {"session": day.honey.pk})  # a workshop of another time: not offered
    assert response.status_code == 302 and groups_of(mover) == {day.saffron.pk}
    client.post(move_url, {"session": day.cactus.pk})
    assert groups_of(mover) == {day.cactus.pk}


def test_the_venue_enters_a_person_s_choices_for_every_time_slot_of_the_day(personas, day):
    fatima = day.people[0]
    url = reverse("onsite:groups_preferences", args=[day.caravan.slug, day.pk, fatima.pk])
    page = personas["organiser"].get(url)
    legend = ar('Workshops held at the same time, <bdi dir="ltr">%(time)s</bdi>: one of them')
    for time in ("09:00–12:00", "14:00–16:00"):
        assert f"<legend>{legend % {'time': time}}</legend>" in page.content.decode()
    assert page.context["form"][field_name(day.morning, 1)].value() == day.honey.pk  # what she chose
    choices = {
        field_name(day.morning, 1): day.argan.pk,
        field_name(day.morning, 2): day.honey.pk,
        field_name(day.afternoon, 1): day.cactus.pk,
    }
    assert personas["organiser"].post(url, choices).status_code == 302
    assert groups.preferences(day.morning)[fatima.pk] == (day.argan.pk, day.honey.pk)
    assert groups.preferences(day.afternoon)[fatima.pk] == (day.cactus.pk,)


def test_the_board_names_every_group_of_someone_missing(day, organiser):
    assign(day.morning, organiser)
    assign(day.afternoon, organiser)
    missing = {r.pk: r.groups for r in board.missing(day.caravan, day.date)}
    assert missing[day.people[0].pk] == [day.honey, day.saffron]  # by time
