"""The demo caravan's registrations: every case of the registration issue shows, decided by the real rules."""

from collections import Counter

import pytest

from caravans.demo import load_demo_caravan
from people.models import Person, PossibleDuplicate, SoulaliyateCommunity
from registration.demo import CASES, DUPLICATES, PEOPLE, load_demo_registrations
from registration.eligibility import decision_for
from registration.models import Decision, DecisionRecord, Registration


@pytest.fixture
def loaded(demo, demo_registrations):
    return demo, demo_registrations


def reasons_of(caravan):
    return Counter(
        code for reasons in caravan.registrations.values_list("reasons", flat=True) for code in reasons
    )


def snapshot(caravan):
    return (
        Counter(caravan.registrations.values_list("decision", flat=True)),
        reasons_of(caravan),
        Person.objects.count(),
        PossibleDuplicate.objects.filter(status=PossibleDuplicate.Status.PENDING).count(),
    )


def test_it_registers_about_230_people_mostly_accepted_below_the_capacity(loaded):
    caravan, decisions = loaded
    registrations = caravan.registrations.all()
    assert registrations.count() == PEOPLE + DUPLICATES == sum(decisions.values())
    assert decisions == Counter(registrations.values_list("decision", flat=True))
    accepted = decisions[Decision.ACCEPTED]
    assert 0.7 * registrations.count() < accepted < caravan.capacity
    assert (
        decisions[Decision.INELIGIBLE]
        >= sum(CASES[c] for c in ("outside_region", "cooperative_too_old", "under_age", "no_project_idea"))
        - 3
    )  # a person may meet two cases
    assert decisions[Decision.NEEDS_REVIEW] >= 15 and decisions[Decision.WAITLISTED] == 0


def test_every_case_of_the_issue_shows_with_its_reason(loaded):
    caravan, _ = loaded
    reasons = reasons_of(caravan)
    for code in ("outside_region", "cooperative_too_old", "under_age", "no_project_idea"):
        assert reasons[code] >= 3, code
    for code in ("missing_cin", "cin_unusual", "membership_unverified", "possible_duplicate"):
        assert reasons[code] >= 3, code
    for registration in caravan.registrations.all():
        assert registration.decision == decision_for(registration.reasons), registration.reasons


def test_decisions_are_the_rules_own_with_their_history(loaded):
    caravan, _ = loaded
    assert (
        DecisionRecord.objects.filter(registration__caravan=caravan).count() == caravan.registrations.count()
    )
    assert not DecisionRecord.objects.exclude(kind=DecisionRecord.Kind.RULES).exists()


def test_about_60_percent_are_women(loaded):
    caravan, _ = loaded
    sexes = Counter(caravan.registrations.values_list("person__sex", flat=True))
    assert 0.55 <= sexes["female"] / sum(sexes.values()) <= 0.65


def test_people_come_from_the_whole_region_and_a_few_from_outside(loaded):
    caravan, _ = loaded
    regions = Counter(caravan.registrations.values_list("person__province__region__code", flat=True))
    provinces = set(
        caravan.registrations.filter(person__province__region__code="MA-01").values_list(
            "person__province__code", flat=True
        )
    )
    assert len(provinces) == 8  # every prefecture and province of Tanger-Tétouan-Al Hoceïma
    assert 0 < sum(n for code, n in regions.items() if code != "MA-01") < 10


def test_likely_duplicates_wait_in_review(loaded):
    caravan, _ = loaded
    pending = PossibleDuplicate.objects.filter(status=PossibleDuplicate.Status.PENDING)
    assert pending.count() >= 5
    for pair in pending:
        new = Registration.objects.get(person=pair.person, caravan=caravan)
        assert new.decision == Decision.NEEDS_REVIEW and "possible_duplicate" in new.reasons
        assert Registration.objects.filter(person=pair.other, caravan=caravan).exists()


def test_every_accepted_registration_has_its_own_badge_code(loaded):
    caravan, _ = loaded
    codes = list(caravan.registrations.accepted().values_list("badge_code", flat=True))
    assert all(codes) and len(set(codes)) == len(codes)


def test_cooperatives_have_founding_dates_and_communities_are_marked_as_demo_data(loaded):
    caravan, _ = loaded
    members = caravan.registrations.filter(profile="cooperative_member")
    assert members.count() > 50 and not members.filter(cooperative__founded_on=None).exists()
    communities = SoulaliyateCommunity.objects.all()
    assert communities.count() >= 8
    assert all("(تجريبي)" in c.name_ar and "(démo)" in c.name_fr for c in communities)


def test_it_is_deterministic_and_idempotent(loaded):
    caravan, _ = loaded
    first = snapshot(caravan)
    assert load_demo_registrations(caravan) == first[0]  # the same caravan again: nothing happens
    assert snapshot(caravan) == first
    recreated = load_demo_caravan()  # what `qafila demo` does on a second run
    load_demo_registrations(recreated)
    assert snapshot(recreated) == first
