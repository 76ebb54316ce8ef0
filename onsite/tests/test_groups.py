"""Workshop groups as a service: people go to their best choices within capacities, cooperatives stay
together and sexes are balanced when asked, hand edits survive a new run unless redone, a full workshop
refuses a move, choices are checked, and every write is audited."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from caravans.models import Room, Session
from core.models import AuditEntry
from onsite.groups import grouping
from onsite.groups import services as groups
from onsite.groups.demo import load_demo_groups
from onsite.models import CheckIn, GroupAssignment
from people.services import find_or_create_cooperative
from places.models import Province
from registration.models import Decision, WorkshopPreference
from registration.services import register
from registration.tests.factories import person


def add_workshops(caravan, *capacities, day_index=0):
    """Parallel workshops of the given capacities on one day of the caravan (None: the room decides)."""
    day = caravan.days.order_by("date")[day_index]
    return [
        Session.objects.create(
            day=day,
            kind=Session.Kind.WORKSHOP,
            title_ar=f"ورشة {n}",
            title_fr=f"Atelier {n}",
            starts_at=datetime.time(15, 0),
            ends_at=datetime.time(17, 0),
            capacity=capacity,
        )
        for n, capacity in enumerate(capacities, start=1)
    ]


def accepted(caravan, cooperative=None, **fields):
    profile = "cooperative_member" if cooperative else "project_holder"
    registration = register(
        caravan, person(**fields), profile=profile, channel="staff", cooperative=cooperative,
        project_idea="تربية النحل",
    )  # fmt: skip
    assert registration.decision == Decision.ACCEPTED
    return registration


def choose(registration, *shops):
    for rank, shop in enumerate(shops, start=1):
        WorkshopPreference.objects.create(registration=registration, session=shop, rank=rank)


def cooperative(name):
    province = Province.objects.get(code="MA-TNG")
    found, _ = find_or_create_cooperative(name, province=province, founded_on=datetime.date(2024, 1, 1))
    return found


def group_of(registration, day):
    assignment = GroupAssignment.objects.filter(registration=registration, day=day).first()
    return assignment and assignment.session


@pytest.fixture
def organiser(demo):
    return get_user_model().objects.get(username="organiser")


def test_it_gives_first_choices_as_far_as_seats_allow(demo, organiser):
    small, large = add_workshops(demo, 2, 5)
    people = [accepted(demo) for _ in range(4)]
    for registration in people:
        choose(registration, small, large)
    result = groups.assign_slot(
        groups.slot_of(small), keep_cooperatives_together=False, balance_sexes=False, actor=organiser
    )
    placed = [group_of(r, small.day) for r in people]
    assert placed.count(small) == 2 and placed.count(large) == 2
    assert result.tally["first_choice"] == 2 and result.tally["second_choice"] == 2
    entry = AuditEntry.objects.get(action="groups.assigned")
    assert entry.actor == organiser and entry.details["placed"] == 4


def test_it_leaves_people_out_only_when_every_seat_is_taken(demo, organiser):
    only = add_workshops(demo, 2)[0]
    people = [accepted(demo) for _ in range(3)]
    result = groups.assign_slot(
        groups.slot_of(only), keep_cooperatives_together=False, balance_sexes=False, actor=organiser
    )
    assert GroupAssignment.objects.filter(session=only).count() == 2
    (out,) = result.left_out
    assert out.left_out_reason == grouping.NO_SEAT_LEFT
    assert out.participant_id in {r.pk for r in people}


def test_it_keeps_a_cooperative_together_when_asked(demo, organiser):
    first, second = add_workshops(demo, 3, 3)
    bees = cooperative("تعاونية النحلة")
    members = [accepted(demo, cooperative=bees) for _ in range(3)]
    choose(members[0], first)
    choose(members[1], second)
    choose(members[2], second)
    groups.assign_slot(
        groups.slot_of(first), keep_cooperatives_together=True, balance_sexes=False, actor=organiser
    )
    assert {group_of(m, first.day) for m in members} == {second}
    groups.assign_slot(
        groups.slot_of(first), keep_cooperatives_together=False, balance_sexes=False, actor=organiser
    )
    assert [group_of(m, first.day) for m in members] == [first, second, second]


def test_it_balances_women_and_men_when_asked(demo, organiser):
    first, second = add_workshops(demo, 4, 4)
    people = [accepted(demo, sex="female") for _ in range(4)] + [accepted(demo, sex="male") for _ in range(4)]
    groups.assign_slot(
        groups.slot_of(first), keep_cooperatives_together=False, balance_sexes=True, actor=organiser
    )
    for shop in (first, second):
        sexes = [r.person.sex for r in people if group_of(r, first.day) == shop]
        assert sorted(sexes) == ["female", "female", "male", "male"]


def test_it_says_how_many_first_choices_the_balance_cost(demo, organiser):
    first, second = add_workshops(demo, 4, 4)
    for _ in range(4):
        choose(accepted(demo, sex="female"), first, second)
        choose(accepted(demo, sex="male"), second, first)
    groups.assign_slot(
        groups.slot_of(first), keep_cooperatives_together=False, balance_sexes=True, actor=organiser
    )
    explained = groups.explanation(groups.slot_of(first))
    assert explained.tally["first_choice"] == 4 and explained.balance_cost == 4
    assert sum(row.placement.balanced_sexes for row in explained.rows) == 4
    groups.assign_slot(
        groups.slot_of(first), keep_cooperatives_together=False, balance_sexes=False, actor=organiser
    )
    assert groups.explanation(groups.slot_of(first)).balance_cost == 0


def test_it_keeps_hand_edits_when_the_groups_are_assigned_again(demo, organiser):
    first, second = add_workshops(demo, 2, 2)
    mover, *others = [accepted(demo) for _ in range(3)]
    for registration in [mover, *others]:
        choose(registration, first)
    day, slot = first.day, groups.slot_of(first)
    groups.assign_slot(slot, keep_cooperatives_together=False, balance_sexes=False, actor=organiser)
    target = second if group_of(mover, day) == first else first
    groups.move(mover, day, target, organiser)
    groups.assign_slot(slot, keep_cooperatives_together=False, balance_sexes=False, actor=organiser)
    assignment = GroupAssignment.objects.get(registration=mover, day=day)
    assert assignment.session == target and assignment.by_hand
    assert GroupAssignment.objects.filter(day=day, session=first).count() <= 2  # the kept seat counts
    groups.assign_slot(
        slot, keep_cooperatives_together=False, balance_sexes=False, actor=organiser, redo_hand_edits=True
    )
    assert not GroupAssignment.objects.filter(day=day, by_hand=True).exists()


def test_it_refuses_a_move_into_a_full_workshop(demo, organiser):
    first, second = add_workshops(demo, 1, 1)
    one, two = accepted(demo), accepted(demo)
    groups.move(one, first.day, first, organiser)
    with pytest.raises(groups.GroupError) as refusal:
        groups.move(two, first.day, first, organiser)
    assert refusal.value.code == "workshop_full"
    assert group_of(two, first.day) is None
    groups.move(one, first.day, first, organiser)  # already there: a quiet answer, not a refusal
    assert AuditEntry.objects.filter(action="groups.moved").count() == 1


def test_it_audits_a_move_with_where_the_person_was(demo, organiser):
    first, second = add_workshops(demo, 2, 2)
    registration = accepted(demo)
    groups.move(registration, first.day, first, organiser)
    groups.move(registration, first.day, second, organiser)
    entry = AuditEntry.objects.filter(action="groups.moved").order_by("id").last()
    assert entry.details == {"day": first.day.date.isoformat(), "before": first.pk, "after": second.pk}


def test_it_refuses_a_move_to_a_session_that_is_not_a_workshop_of_the_day(demo, organiser):
    (shop,) = add_workshops(demo, 5, day_index=1)
    plenary = Session.objects.filter(day__caravan=demo, kind=Session.Kind.PLENARY).first()
    registration = accepted(demo)
    for day, session in [(plenary.day, plenary), (demo.days.order_by("date")[0], shop)]:
        with pytest.raises(groups.GroupError) as refusal:
            groups.move(registration, day, session, organiser)
        assert refusal.value.code == "not_a_workshop"


def test_it_records_ranked_choices_and_refuses_bad_ones(demo, organiser):
    a, b, c, d = add_workshops(demo, 5, 5, 5, 5)
    registration = accepted(demo)
    day = a.day
    groups.set_preferences(registration, day, [c, a], organiser)
    assert groups.preferences(groups.slot_of(a))[registration.pk] == (c.pk, a.pk)
    refusals = [([a, b, c, d], "too_many_preferences"), ([a, a], "repeated_workshop")]
    other_day = add_workshops(demo, 5, day_index=1)
    refusals.append(([other_day[0]], "not_a_workshop"))
    for sessions, code in refusals:
        with pytest.raises(groups.GroupError) as refusal:
            groups.set_preferences(registration, day, sessions, organiser)
        assert refusal.value.code == code
    assert groups.preferences(groups.slot_of(a))[registration.pk] == (c.pk, a.pk)  # nothing half-saved
    assert AuditEntry.objects.filter(action="groups.preferences_recorded").count() == 1


def test_it_refuses_choices_for_someone_not_accepted(demo, organiser):
    (shop,) = add_workshops(demo, 5)
    young = person(birth_date=datetime.date.today() - datetime.timedelta(days=3000))
    refused = register(demo, young, profile="project_holder", channel="staff", project_idea="العسل")
    assert refused.decision != Decision.ACCEPTED
    with pytest.raises(groups.GroupError) as refusal:
        groups.set_preferences(refused, shop.day, [shop], organiser)
    assert refusal.value.code == "not_accepted"


def test_it_refuses_to_assign_a_day_without_workshops(demo, organiser):
    empty = groups.Slot(
        demo.days.order_by("date")[0], 1, ()
    )  # what the page of a day without workshops shows
    with pytest.raises(groups.GroupError) as refusal:
        groups.assign_slot(empty, keep_cooperatives_together=False, balance_sexes=False, actor=organiser)
    assert refusal.value.code == "no_workshops"


def test_it_assigns_only_the_people_checked_in_when_asked(demo, organiser):
    (shop,) = add_workshops(demo, 10)
    here, away = accepted(demo), accepted(demo)
    CheckIn.objects.create(registration=here, day=shop.day.date, at=timezone.now(), agent=organiser)
    groups.assign_slot(
        groups.slot_of(shop),
        keep_cooperatives_together=False,
        balance_sexes=False,
        actor=organiser,
        checked_in_only=True,
    )
    assert group_of(here, shop.day) == shop and group_of(away, shop.day) is None
    assert {row.registration for row in groups.explanation(groups.slot_of(shop)).rows} == {here}


def test_it_takes_the_room_s_seats_when_the_workshop_has_no_capacity(demo, organiser):
    (shop,) = add_workshops(demo, None)
    shop.room = Room.objects.create(
        venue=demo.venues.first(), name_ar="قاعة صغيرة", name_fr="Petite salle", capacity=1
    )
    shop.save()
    accepted(demo), accepted(demo)
    result = groups.assign_slot(
        groups.slot_of(shop), keep_cooperatives_together=False, balance_sexes=False, actor=organiser
    )
    assert GroupAssignment.objects.filter(session=shop).count() == 1 and len(result.left_out) == 1


def test_it_explains_a_hand_edit_as_a_choice_that_had_room(demo, organiser):
    first, second = add_workshops(demo, 3, 3)
    registration = accepted(demo)
    choose(registration, first, second)
    groups.assign_slot(
        groups.slot_of(first), keep_cooperatives_together=False, balance_sexes=False, actor=organiser
    )
    groups.move(registration, first.day, second, organiser)
    explained = groups.explanation(groups.slot_of(first))
    (row,) = explained.rows
    assert row.session == second and row.by_hand
    assert row.placement.outcome == "second_choice"
    assert row.placement.reasons == (grouping.CHOICE_HAD_ROOM,)
    assert explained.tally["second_choice"] == 1


def test_it_finds_participants_by_any_usual_spelling_of_their_name(demo):
    fatima = accepted(demo, full_name_ar="فاطمة الزهراء البقالي", full_name_latin="Fatima Zahra Bakkali")
    accepted(demo, full_name_ar="خديجة العلمي", full_name_latin="Khadija Alami")
    assert groups.find_participants(demo, "فاطمه البقالى") == [fatima]
    assert groups.find_participants(demo, "bakkali") == [fatima]
    assert groups.find_participants(demo, "") == []


def test_the_demo_gives_the_same_groups_every_time(demo, demo_registrations):
    load_demo_groups(demo)
    first = set(GroupAssignment.objects.values_list("registration_id", "session_id"))
    last_day = groups.days_with_workshops(demo)[-1]
    accepted_count = demo.registrations.filter(decision=Decision.ACCEPTED).count()
    assert GroupAssignment.objects.filter(day=last_day).count() == accepted_count
    assert WorkshopPreference.objects.exists()
    WorkshopPreference.objects.all().delete()
    GroupAssignment.objects.all().delete()
    load_demo_groups(demo)
    assert set(GroupAssignment.objects.values_list("registration_id", "session_id")) == first
