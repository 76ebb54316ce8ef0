import datetime

import pytest

from core.models import AuditEntry
from people.duplicates import DuplicateError, keep_apart
from people.models import PossibleDuplicate
from registration.models import Decision
from registration.services import merge_duplicate, register

from .factories import person


@pytest.fixture
def organiser(django_user_model, demo):
    return django_user_model.objects.get(username="organiser")


def pair_of(new, old):
    return PossibleDuplicate.objects.create(person=new, other=old, score=0.95, reasons=["same_phone"])


def test_merging_keeps_the_absorbed_record_and_completes_the_kept_one(organiser):
    old = person(full_name_latin="Fatima Zahra El Idrissi", birth_date=None)
    new = person(cin="", full_name_ar="فاطمة الزهراء الإدريسي", birth_date=datetime.date(1991, 3, 2))
    kept = merge_duplicate(pair_of(new, old), old, organiser)
    new.refresh_from_db()
    assert kept == old and new.merged_into == old
    assert kept.birth_date == datetime.date(1991, 3, 2)
    assert PossibleDuplicate.objects.get().status == PossibleDuplicate.Status.MERGED
    assert AuditEntry.objects.filter(action="person.merged", actor=organiser).exists()


def test_merging_moves_registrations_and_cancels_a_second_one_to_the_same_caravan(demo, organiser):
    old, new = person(), person(cin="")
    first = register(demo, old, profile="project_holder", channel="import", project_idea="عسل")
    second = register(demo, new, profile="project_holder", channel="walk_in", project_idea="عسل")
    merge_duplicate(pair_of(new, old), old, organiser)
    first.refresh_from_db(), second.refresh_from_db()
    assert first.decision == Decision.ACCEPTED
    assert second.decision == Decision.CANCELLED and second.person == new  # history stays with its record


def test_keeping_apart_closes_the_review_and_a_pair_is_reviewed_once(organiser):
    pair = pair_of(person(cin=""), person())
    keep_apart(pair, organiser)
    assert PossibleDuplicate.objects.get().status == PossibleDuplicate.Status.KEPT_APART
    with pytest.raises(DuplicateError) as refusal:
        merge_duplicate(pair, pair.person, organiser)
    assert refusal.value.code == "already_reviewed"


def test_it_refuses_to_keep_a_record_outside_the_pair(organiser):
    with pytest.raises(DuplicateError) as refusal:
        merge_duplicate(pair_of(person(cin=""), person()), person(), organiser)
    assert refusal.value.code == "not_in_pair"
