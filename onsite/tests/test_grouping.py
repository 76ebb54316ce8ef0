"""Workshop groups: the solver finds the best assignment (checked against every possible one on small days),
respects capacities, keeps cooperatives together when asked, balances sexes when asked and says what it cost,
names who is left out and why, and explains every placement consistently, also after a hand edit."""

import itertools
import math
import random
from collections import Counter, defaultdict

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from onsite.groups.grouping import (
    BALANCED_SEXES,
    CHOICE_HAD_ROOM,
    FEMALE,
    KEPT_WITH_COOPERATIVE,
    MALE,
    NO_SEAT_LEFT,
    OUTCOMES,
    PREFERENCES_FULL,
    RANK_COSTS,
    ROUNDING_ALLOWANCE,
    UNRANKED_COST,
    Options,
    Participant,
    Workshop,
    assign,
    explain,
)

SEXES = [FEMALE, MALE, ""]
ALL_OPTIONS = st.builds(Options, keep_cooperatives_together=st.booleans(), balance_sexes=st.booleans())


@st.composite
def days(draw, max_people=7, max_workshops=3, max_capacity=4):
    shops = [
        Workshop(f"w{j}", draw(st.integers(0, max_capacity)))
        for j in range(draw(st.integers(1, max_workshops)))
    ]
    ids = [w.id for w in shops]
    people = [
        Participant(
            id=i,
            sex=draw(st.sampled_from(SEXES)),
            cooperative_id=draw(st.none() | st.integers(1, 3)),
            preferences=tuple(draw(st.lists(st.sampled_from(ids), max_size=3, unique=True))),
        )
        for i in range(draw(st.integers(0, max_people)))
    ]
    return people, shops


# --- the objective, written again from its definition, and every assignment tried ---------------------------


def cost_of(person, shop):
    if shop in person.preferences:
        return RANK_COSTS[person.preferences.index(shop)]
    return UNRANKED_COST if person.preferences else 0


def excess_of(people, assignment, options):
    known = [p for p in people if p.sex in (FEMALE, MALE)]
    if not known:
        return 0
    share = sum(p.sex == FEMALE for p in known) / len(known)
    women, counted = Counter(), Counter()
    for p in known:
        if assignment[p.id] is not None:
            women[assignment[p.id]] += p.sex == FEMALE
            counted[assignment[p.id]] += 1
    total = 0
    for shop in counted:
        beyond = abs(women[shop] - share * counted[shop]) - options.sex_tolerance * counted[shop]
        total += max(0, math.ceil(beyond - ROUNDING_ALLOWANCE - 1e-9))
    return total


def objective(people, assignment, options):
    """(people left out, preference cost + balance penalty): smaller is better, in that order."""
    left_out = sum(assignment[p.id] is None for p in people)
    preference = sum(cost_of(p, assignment[p.id]) for p in people if assignment[p.id] is not None)
    balance = options.balance_weight * excess_of(people, assignment, options) if options.balance_sexes else 0
    return left_out, preference + balance


def units_of(people, shops, options):
    if not options.keep_cooperatives_together:
        return [[p] for p in people]
    largest = max(w.capacity for w in shops)
    by_cooperative = defaultdict(list)
    for p in people:
        by_cooperative[p.cooperative_id if p.cooperative_id is not None else ("alone", p.id)].append(p)
    units = []
    for members in by_cooperative.values():
        units.extend([members] if len(members) <= largest else [[p] for p in members])
    return units


def brute_force_best(people, shops, options):
    units = units_of(people, shops, options)
    best = None
    for choice in itertools.product([w.id for w in shops] + [None], repeat=len(units)):
        seats = Counter()
        for unit, shop in zip(units, choice, strict=True):
            seats[shop] += len(unit)
        if any(seats[w.id] > w.capacity for w in shops):
            continue
        assignment = {p.id: shop for unit, shop in zip(units, choice, strict=True) for p in unit}
        value = objective(people, assignment, options)
        best = value if best is None else min(best, value)
    return best


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days(), ALL_OPTIONS)
def test_it_finds_as_good_an_assignment_as_trying_every_one(day, options):
    people, shops = day
    grouping = assign(people, shops, options)
    assert objective(people, grouping.assignment, options) == brute_force_best(people, shops, options)
    assert grouping.optimal
    check_consistent(people, shops, grouping, options)


# --- properties on larger random days -------------------------------------------------------------------------


def random_day(seed, n_people=80, n_shops=6):
    rnd = random.Random(seed)
    shops = [Workshop(f"w{j:02}", rnd.randint(5, 20)) for j in range(n_shops)]
    people = []
    while len(people) < n_people:
        size = rnd.randint(2, 5) if rnd.random() < 0.3 else 1
        shared = tuple(rnd.sample([w.id for w in shops], rnd.randint(0, 3)))
        for _ in range(size):
            own = (
                shared if rnd.random() < 0.7 else tuple(rnd.sample([w.id for w in shops], rnd.randint(0, 3)))
            )
            people.append(
                Participant(len(people), rnd.choice(SEXES), len(people) // 10 if size > 1 else None, own)
            )
    return people[:n_people], shops


def check_consistent(people, shops, grouping, options):
    """Everything the explanation says agrees with the assignment and with itself."""
    by_id = {p.id: p for p in people}
    capacity = {w.id: w.capacity for w in shops}
    assert [p.participant_id for p in grouping.placements] == sorted(by_id)
    loads = {load.workshop_id: load for load in grouping.workshops}
    placed = Counter(p.workshop_id for p in grouping.placements if p.workshop_id is not None)
    for shop, load in loads.items():
        members = [by_id[p.participant_id] for p in grouping.placements if p.workshop_id == shop]
        assert load.count == placed[shop] <= capacity[shop]
        assert load.women == sum(m.sex == FEMALE for m in members)
        assert load.men == sum(m.sex == MALE for m in members)
        assert load.first_choices == sum(m.preferences[:1] == (shop,) for m in members)
    for placement in grouping.placements:
        person, shop = by_id[placement.participant_id], placement.workshop_id
        choices = person.preferences
        if shop is None:
            assert placement.outcome == "left_out" and placement.left_out_reason
        elif not choices:
            assert placement.outcome == "no_preference"
        elif shop in choices:
            assert placement.outcome == OUTCOMES[choices.index(shop)]
        else:
            assert placement.outcome == "other_workshop"
        better = choices[: choices.index(shop)] if shop in choices else choices
        assert [m.workshop_id for m in placement.missed] == list(better)
        for missed in placement.missed:
            if missed.reason == PREFERENCES_FULL:
                assert loads[missed.workshop_id].free == 0
            if missed.reason == KEPT_WITH_COOPERATIVE:
                assert person.cooperative_id is not None and options.keep_cooperatives_together
        assert CHOICE_HAD_ROOM not in placement.reasons, (
            "the optimum never leaves a better choice's seat empty"
        )
        if not options.balance_sexes:
            assert BALANCED_SEXES not in placement.reasons
        assert placement.with_cooperative == (
            options.keep_cooperatives_together
            and shop is not None
            and sum(p.cooperative_id == person.cooperative_id for p in people) > 1
            and person.cooperative_id is not None
            and placement.participant_id not in _split_members(people, grouping)
        )


def _split_members(people, grouping):
    return {p.id for p in people if p.cooperative_id in grouping.split_cooperatives}


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), ALL_OPTIONS)
def test_it_explains_every_placement_consistently(seed, options):
    people, shops = random_day(seed)
    grouping = assign(people, shops, options)
    check_consistent(people, shops, grouping, options)
    assert sum(grouping.tally.values()) == len(people)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000))
@example(6841)  # a cooperative of 10 and no workshop above 9 seats: split, and said so
def test_it_keeps_each_cooperative_in_one_workshop_when_asked(seed):
    people, shops = random_day(seed)
    grouping = assign(people, shops, Options(keep_cooperatives_together=True))
    where = defaultdict(set)
    for person in people:
        if person.cooperative_id is not None:
            where[person.cooperative_id].add(grouping.placement(person.id).workshop_id)
    # A cooperative larger than every workshop is placed member by member, and said so.
    kept = {
        cooperative: shops_used
        for cooperative, shops_used in where.items()
        if cooperative not in grouping.split_cooperatives
    }
    assert kept and all(len(shops_used) == 1 for shops_used in kept.values())
    for cooperative in grouping.split_cooperatives:
        assert sum(p.cooperative_id == cooperative for p in people) > max(shop.capacity for shop in shops)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.booleans())
def test_it_seats_people_any_workshop_suits_in_the_smallest_groups_first(seed, together):
    """Whoever named no workshop, or none with a seat left, sits where moving them to a group with room
    would not make the groups more even: no group with room has two people fewer than theirs."""
    people, shops = random_day(seed, n_people=50)
    grouping = assign(people, shops, Options(keep_cooperatives_together=together))
    loads = {load.workshop_id: load for load in grouping.workshops}
    for placement in grouping.placements:
        if placement.outcome in ("no_preference", "other_workshop") and not placement.with_cooperative:
            here = loads[placement.workshop_id].count
            assert all(load.count + 1 >= here for load in loads.values() if load.free >= 1)


def test_it_gives_the_same_groups_whatever_order_the_day_comes_in():
    people, shops = random_day(7)
    options = Options(keep_cooperatives_together=True, balance_sexes=True)
    first = assign(people, shops, options)
    shuffled_people, shuffled_shops = people[:], shops[:]
    random.Random(1).shuffle(shuffled_people)
    random.Random(2).shuffle(shuffled_shops)
    assert assign(shuffled_people, shuffled_shops, options).assignment == first.assignment


# --- named situations -----------------------------------------------------------------------------------------


def test_it_gives_first_choices_where_seats_allow_and_names_the_full_workshop():
    shops = [Workshop("honey", 2), Workshop("argan", 2)]
    people = [Participant(i, FEMALE, None, ("honey", "argan")) for i in (1, 2, 3)]
    grouping = assign(people, shops)
    assert grouping.tally["first_choice"] == 2 and grouping.tally["second_choice"] == 1
    second = next(p for p in grouping.placements if p.outcome == "second_choice")
    assert second.workshop_id == "argan"
    assert [(m.workshop_id, m.reason) for m in second.missed] == [("honey", PREFERENCES_FULL)]


def test_it_says_who_is_left_out_when_seats_are_short():
    shops = [Workshop("honey", 2), Workshop("argan", 1)]
    people = [Participant(i, MALE, None, ("honey",)) for i in range(5)]
    grouping = assign(people, shops)
    assert len(grouping.left_out) == 2
    assert {p.workshop_id for p in grouping.placements} == {"honey", "argan", None}
    for placement in grouping.left_out:
        assert placement.outcome == "left_out" and placement.left_out_reason == NO_SEAT_LEFT
        assert placement.reasons == (PREFERENCES_FULL, NO_SEAT_LEFT)


def test_it_leaves_out_a_cooperative_that_no_longer_fits_anywhere_whole():
    shops = [Workshop("honey", 3), Workshop("argan", 3)]
    people = [Participant(i, FEMALE, i // 2, ("honey",)) for i in range(6)]  # three cooperatives of two
    grouping = assign(people, shops, Options(keep_cooperatives_together=True))
    assert [load.count for load in grouping.workshops] == [2, 2]
    assert len(grouping.left_out) == 2
    assert len({people[p.participant_id].cooperative_id for p in grouping.left_out}) == 1
    assert all(p.left_out_reason == KEPT_WITH_COOPERATIVE for p in grouping.left_out)


def test_it_places_a_cooperative_larger_than_every_workshop_member_by_member():
    shops = [Workshop("honey", 2), Workshop("argan", 2)]
    people = [Participant(i, FEMALE, "big", ("honey", "argan")) for i in range(3)]
    grouping = assign(people, shops, Options(keep_cooperatives_together=True))
    assert grouping.split_cooperatives == ("big",)
    assert not grouping.left_out and not any(p.with_cooperative for p in grouping.placements)


def test_it_keeps_a_cooperative_together_even_against_one_members_first_choice():
    shops = [Workshop("honey", 3), Workshop("argan", 3)]
    people = [
        Participant(1, FEMALE, "c", ("honey", "argan")),
        Participant(2, FEMALE, "c", ("honey", "argan")),
        Participant(3, FEMALE, "c", ("argan", "honey")),
    ]
    grouping = assign(people, shops, Options(keep_cooperatives_together=True))
    assert {p.workshop_id for p in grouping.placements} == {"honey"}
    assert grouping.placement(3).missed[0].reason == KEPT_WITH_COOPERATIVE
    assert all(p.with_cooperative for p in grouping.placements)


def test_it_balances_sexes_when_asked_and_says_what_it_cost():
    shops = [Workshop("honey", 4), Workshop("argan", 4)]
    women = [Participant(i, FEMALE, None, ("honey", "argan")) for i in range(4)]
    men = [Participant(i, MALE, None, ("argan", "honey")) for i in range(4, 8)]
    unbalanced = assign(women + men, shops)
    assert [(load.women, load.men) for load in unbalanced.workshops] == [(0, 4), (4, 0)]  # argan, honey
    grouping = assign(women + men, shops, Options(balance_sexes=True))
    assert [(load.women, load.men) for load in grouping.workshops] == [(2, 2), (2, 2)]
    assert grouping.balance_excess == 0 < unbalanced.balance_excess
    assert grouping.without_balance.tally["first_choice"] == 8
    assert grouping.tally["first_choice"] == 4 and grouping.tally["second_choice"] == 4
    moved = [p for p in grouping.placements if p.outcome == "second_choice"]
    assert all(p.balanced_sexes and p.reasons == (BALANCED_SEXES,) for p in moved)


def test_it_does_not_balance_by_sending_people_outside_their_choices():
    shops = [Workshop("honey", 4), Workshop("argan", 4)]
    women = [Participant(i, FEMALE, None, ("honey",)) for i in range(4)]
    men = [Participant(i, MALE, None, ("argan",)) for i in range(4, 8)]
    grouping = assign(women + men, shops, Options(balance_sexes=True))
    assert grouping.tally["first_choice"] == 8 and grouping.balance_excess > 0


@pytest.mark.parametrize("balance_sexes", [False, True])
def test_it_spreads_people_without_a_choice_over_the_smallest_groups_within_their_seats(balance_sexes):
    shops = [Workshop("honey", 10), Workshop("argan", 2), Workshop("saffron", 10)]
    wanting_honey = [Participant(i, FEMALE, None, ("honey",)) for i in range(4)]
    indifferent = [Participant(i, (FEMALE, MALE)[i % 2], None, ()) for i in range(10, 18)]
    grouping = assign(wanting_honey + indifferent, shops, Options(balance_sexes=balance_sexes))
    # argan fills up to its 2 seats; honey (4 who chose it) and saffron then even out at 5 each
    assert {load.workshop_id: load.count for load in grouping.workshops} == {
        "honey": 5,
        "argan": 2,
        "saffron": 5,
    }
    assert grouping.tally["first_choice"] == 4 and grouping.tally["no_preference"] == 8


def test_it_explains_a_hand_edit_and_tells_of_the_empty_seat_left_behind():
    shops = [Workshop("honey", 2), Workshop("argan", 2), Workshop("saffron", 1)]
    people = [Participant(i, FEMALE, None, ("honey", "argan")) for i in range(3)]
    assignment = assign(people, shops).assignment
    moved = next(pid for pid, shop in assignment.items() if shop == "honey")
    edited = explain(people, shops, {**assignment, moved: "saffron"})
    placement = edited.placement(moved)
    assert placement.outcome == "other_workshop" and placement.reasons == (CHOICE_HAD_ROOM,)
    assert edited.optimal is None
    overfilled = explain(people, shops, dict.fromkeys(assignment, "saffron"))
    assert [load.free for load in overfilled.workshops if load.workshop_id == "saffron"] == [-2]


def test_it_refuses_unknown_workshops_and_too_many_choices():
    shops = [Workshop(w, 5) for w in ("a", "b", "c", "d")]
    with pytest.raises(ValueError, match="unknown workshop"):
        assign([Participant(1, FEMALE, None, ("z",))], shops)
    with pytest.raises(ValueError, match="more than 3"):
        assign([Participant(1, FEMALE, None, ("a", "b", "c", "d"))], shops)
    with pytest.raises(ValueError, match="share an id"):
        assign([Participant(1), Participant(1)], shops)


def test_it_answers_an_empty_day_and_a_day_without_workshops():
    assert assign([], [Workshop("a", 3)]).placements == ()
    grouping = assign([Participant(1, MALE, None, ())], [])
    assert grouping.left_out[0].left_out_reason == NO_SEAT_LEFT
