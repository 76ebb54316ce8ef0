"""Check-in at the venue: the first scan of a badge on a day checks the person in, every other one says when
and by whom; unknown badges, registrations not accepted and dates outside the caravan are refused; an agent may
take back their own mistaken scan for two minutes."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core.models import AuditEntry
from onsite.models import UNDO_WINDOW, CheckIn
from onsite.services import CheckInError, check_in, undo_check_in
from registration.models import Registration
from registration.services import cancel, register
from registration.tests.factories import person


@pytest.fixture
def accepted(demo):
    return register(
        demo, person(), profile="project_holder", channel="staff", project_idea="تربية النحل وبيع العسل"
    )


def first_day(caravan):
    return caravan.dates()[0]


def test_it_checks_a_person_in_on_the_first_scan_of_the_day(demo, accepted, staff):
    outcome = check_in(demo, accepted.badge_code, first_day(demo), staff["agent"])
    assert outcome.code == "checked_in" and outcome.registration == accepted
    checkin = CheckIn.objects.get()
    assert outcome.checkin == checkin
    assert (checkin.registration, checkin.day, checkin.agent) == (accepted, first_day(demo), staff["agent"])
    assert checkin.is_active


def test_the_agents_screen_gets_the_person_and_province_as_stored(demo, accepted, staff):
    registration = check_in(demo, accepted.badge_code, first_day(demo), staff["agent"]).registration
    stored = Registration.objects.select_related("person__province").get(pk=accepted.pk)
    assert (registration.person.full_name_ar, registration.person.province) == (
        stored.person.full_name_ar,
        stored.person.province,
    )
    assert (
        registration.person.birth_date == stored.person.birth_date
        and registration.person.province is not None
    )


def test_a_repeat_scan_says_when_and_by_whom_and_records_nothing(demo, accepted, staff):
    first = check_in(demo, accepted.badge_code, first_day(demo), staff["agent"]).checkin
    again = check_in(demo, accepted.badge_code, first_day(demo), staff["organiser"])
    assert again.code == "already" and again.checkin == first
    assert (again.checkin.at, again.checkin.agent) == (first.at, staff["agent"])
    assert CheckIn.objects.count() == 1


def test_each_day_of_the_caravan_has_its_own_check_in(demo, accepted, staff):
    outcomes = [check_in(demo, accepted.badge_code, day, staff["agent"]).code for day in demo.dates()]
    assert outcomes == ["checked_in"] * len(demo.dates())
    assert sorted(CheckIn.objects.values_list("day", flat=True)) == demo.dates()


def test_a_typed_code_is_read_without_regard_to_case_spaces_or_dashes(demo, accepted, staff):
    code = accepted.badge_code
    typed = f" {code[:5].lower()}-{code[5:]} "
    assert check_in(demo, typed, first_day(demo), staff["agent"]).code == "checked_in"


def test_it_refuses_an_unknown_code(demo, accepted, staff):
    for code in ("ZZZZZZZZZZ", "", None):
        assert check_in(demo, code, first_day(demo), staff["agent"]).code == "unknown_code"
    assert not CheckIn.objects.exists()


def test_it_refuses_the_badge_of_another_caravan(demo, accepted, staff):
    from caravans.services import copy_caravan

    other = copy_caravan(demo, "tetouan-2025", start=datetime.date(2025, 3, 10))
    outcome = check_in(other, accepted.badge_code, first_day(other), staff["coordinator"])
    assert outcome.code == "unknown_code"


def test_it_refuses_a_registration_that_is_not_accepted(demo, accepted, staff):
    cancel(accepted, staff["organiser"], "ne vient plus")
    outcome = check_in(demo, accepted.badge_code, first_day(demo), staff["agent"])
    assert outcome.code == "not_accepted" and outcome.registration == accepted
    assert not CheckIn.objects.exists()


def test_it_refuses_a_date_that_is_not_a_caravan_day(demo, accepted, staff):
    for day in (demo.start_date - datetime.timedelta(days=1), demo.end_date + datetime.timedelta(days=1)):
        assert check_in(demo, accepted.badge_code, day, staff["agent"]).code == "not_a_caravan_day"
    assert not CheckIn.objects.exists()


def test_the_check_in_row_records_who_and_when_and_a_repeat_records_nothing(demo, accepted, staff):
    # The row is the check-in's own record (no separate audit entry: see services._insert).
    before = timezone.now()
    checkin = check_in(demo, accepted.badge_code, first_day(demo), staff["agent"]).checkin
    check_in(demo, accepted.badge_code, first_day(demo), staff["agent"])
    stored = CheckIn.objects.get()
    assert (stored.pk, stored.registration, stored.day, stored.agent) == (
        checkin.pk,
        accepted,
        first_day(demo),
        staff["agent"],
    )
    assert before <= stored.at <= timezone.now() and stored.undone_at is None


def test_the_database_refuses_a_second_active_check_in_of_the_same_day(demo, accepted, staff):
    check_in(demo, accepted.badge_code, first_day(demo), staff["agent"])
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(
            registration=accepted, day=first_day(demo), at=datetime.datetime.now(datetime.UTC)
        )


def test_a_check_in_lost_to_another_agent_answers_already_with_the_winner(demo, accepted, staff):
    # The other agent's row is committed first: ours is refused by the constraint, and theirs is the answer.
    winner = CheckIn.objects.create(
        registration=accepted,
        day=first_day(demo),
        at=datetime.datetime.now(datetime.UTC),
        agent=staff["organiser"],
    )
    outcome = check_in(demo, accepted.badge_code, first_day(demo), staff["agent"])
    assert (
        outcome.code == "already"
        and outcome.checkin == winner
        and outcome.checkin.agent == staff["organiser"]
    )
    assert CheckIn.objects.count() == 1


# --- Undo -------------------------------------------------------------------------------------------------


def test_the_agent_may_undo_their_own_check_in_and_check_the_person_in_again(demo, accepted, staff):
    checkin = check_in(demo, accepted.badge_code, first_day(demo), staff["agent"]).checkin
    undone = undo_check_in(checkin, staff["agent"])
    assert undone.undone_by == staff["agent"] and undone.undone_at and not undone.is_active
    entry = AuditEntry.objects.get(action="checkin.undone")
    assert (entry.actor, entry.object_id) == (staff["agent"], str(checkin.pk))
    again = check_in(demo, accepted.badge_code, first_day(demo), staff["agent"])
    assert again.code == "checked_in" and again.checkin != checkin
    assert CheckIn.objects.count() == 2 and CheckIn.objects.active().get() == again.checkin


def test_another_agent_may_not_undo_a_check_in(demo, accepted, staff):
    checkin = check_in(demo, accepted.badge_code, first_day(demo), staff["agent"]).checkin
    with pytest.raises(CheckInError) as refusal:
        undo_check_in(checkin, staff["organiser"])
    assert refusal.value.code == "not_your_checkin"
    checkin.refresh_from_db()
    assert checkin.is_active and not AuditEntry.objects.filter(action="checkin.undone").exists()


def test_a_check_in_may_not_be_undone_after_two_minutes(demo, accepted, staff):
    checkin = check_in(demo, accepted.badge_code, first_day(demo), staff["agent"]).checkin
    # As if it had been scanned just over two minutes ago.
    CheckIn.objects.filter(pk=checkin.pk).update(at=F("at") - UNDO_WINDOW - datetime.timedelta(seconds=1))
    with pytest.raises(CheckInError) as refusal:
        undo_check_in(checkin, staff["agent"])
    assert refusal.value.code == "too_late"
    checkin.refresh_from_db()
    assert checkin.is_active


def test_a_check_in_may_still_be_undone_just_before_two_minutes(demo, accepted, staff):
    checkin = check_in(demo, accepted.badge_code, first_day(demo), staff["agent"]).checkin
    CheckIn.objects.filter(pk=checkin.pk).update(at=F("at") - UNDO_WINDOW + datetime.timedelta(seconds=5))
    assert not undo_check_in(checkin, staff["agent"]).is_active


def test_a_check_in_is_undone_only_once(demo, accepted, staff):
    checkin = check_in(demo, accepted.badge_code, first_day(demo), staff["agent"]).checkin
    undo_check_in(checkin, staff["agent"])
    with pytest.raises(CheckInError) as refusal:
        undo_check_in(checkin, staff["agent"])
    assert refusal.value.code == "already_undone"
    assert AuditEntry.objects.filter(action="checkin.undone").count() == 1


def test_a_check_in_costs_a_fixed_handful_of_queries(demo, accepted, staff, django_assert_max_num_queries):
    # Read the registration, insert the check-in (in a savepoint here, inside the test's transaction): the
    # morning rush is 200 of these in an hour. A repeat: the refused insert, the read of the earlier check-in.
    with django_assert_max_num_queries(5):
        assert check_in(demo, accepted.badge_code, first_day(demo), staff["agent"]).code == "checked_in"
    with django_assert_max_num_queries(6):
        assert check_in(demo, accepted.badge_code, first_day(demo), staff["agent"]).code == "already"
