"""Session attendance: a trainer marks a list present in bulk (saving it twice changes nothing) and takes a
mistake back; a participant's badge code typed on the page of the session's QR code marks them present once,
and unknown codes, other caravans' badges, forged addresses and closed sessions are refused; `attendance_of`
gives each registration its days at the venue and its sessions."""

import datetime

import pytest
from django.utils import timezone, translation

from caravans.models import Caravan, Day, Session
from core.models import AuditEntry
from onsite.attendance import services as attendance
from onsite.attendance.services import (
    AttendanceError,
    attendance_of,
    mark_absent,
    mark_present,
    present_by_scan,
)
from onsite.models import SessionAttendance
from onsite.services import check_in, undo_check_in
from registration.models import Decision
from registration.services import register
from registration.tests.factories import person


def accepted(caravan, **fields):
    registration = register(
        caravan, person(**fields), profile="project_holder", channel="staff", project_idea="العسل"
    )
    assert registration.decision == Decision.ACCEPTED
    return registration


def session(caravan, title_fr, day_index=0):
    return Session.objects.get(day__caravan=caravan, day__date=caravan.dates()[day_index], title_fr=title_fr)


def during(a_session, minutes_after_start=10):
    """An aware moment `minutes_after_start` after the session starts (local time of the caravan)."""
    start = datetime.datetime.combine(a_session.day.date, a_session.starts_at)
    return timezone.make_aware(start + datetime.timedelta(minutes=minutes_after_start))


@pytest.fixture
def finance(demo):
    """The plenary "Mécanismes de financement" of the first day, 12:10–13:00."""
    return session(demo, "Mécanismes de financement")


@pytest.fixture
def three(demo):
    return [accepted(demo) for _ in range(3)]


# --- The trainer's list ---------------------------------------------------------------------------------


def test_it_marks_a_list_present_in_one_go(demo, finance, three, staff):
    assert mark_present(finance, three, staff["trainer"]) == 3
    marks = SessionAttendance.objects.filter(session=finance)
    assert {m.registration for m in marks} == set(three)
    assert {(m.channel, m.by) for m in marks} == {("trainer", staff["trainer"])}
    entry = AuditEntry.objects.get(action="attendance.marked")
    assert entry.details["registrations"] == sorted(r.pk for r in three)


def test_saving_the_same_list_again_changes_nothing(demo, finance, three, staff):
    mark_present(finance, three[:2], staff["trainer"])
    first_marks = list(SessionAttendance.objects.values_list("id", "at"))
    assert mark_present(finance, three[:2], staff["trainer"]) == 0
    assert mark_present(finance, three, staff["trainer"]) == 1
    assert set(first_marks) <= set(SessionAttendance.objects.values_list("id", "at"))
    assert SessionAttendance.objects.count() == 3
    assert AuditEntry.objects.filter(action="attendance.marked").count() == 2  # no entry for nothing done


def test_a_person_listed_twice_is_marked_once(demo, finance, three, staff):
    assert mark_present(finance, [three[0], three[0]], staff["trainer"]) == 1


def test_it_takes_a_mistaken_mark_back(demo, finance, three, staff):
    mark_present(finance, three, staff["trainer"])
    assert mark_absent(finance, [three[1]], staff["trainer"]) == 1
    assert set(attendance.present_ids(finance)) == {three[0].pk, three[2].pk}
    assert AuditEntry.objects.get(action="attendance.unmarked").details["registrations"] == [three[1].pk]
    assert mark_absent(finance, [three[1]], staff["trainer"]) == 0


def test_it_refuses_a_whole_list_with_someone_of_another_caravan(demo, finance, three, staff):
    other = Caravan.objects.create(
        slug="fes-2025",
        title_ar="قافلة فاس",
        title_fr="Caravane de Fès",
        region=demo.region,
        city_ar="فاس",
        city_fr="Fès",
        start_date=demo.start_date,
        end_date=demo.end_date,
        capacity=50,
        status=Caravan.Status.REGISTRATION_OPEN,
    )
    stranger = accepted(other)
    with pytest.raises(AttendanceError) as refusal:
        mark_present(finance, [*three, stranger], staff["trainer"])
    assert refusal.value.code == "other_caravan"
    assert not SessionAttendance.objects.exists()  # all or nothing


def test_it_refuses_a_registration_that_is_not_accepted(demo, finance, staff):
    young = person(birth_date=datetime.date.today() - datetime.timedelta(days=3000))
    refused = register(demo, young, profile="project_holder", channel="staff", project_idea="العسل")
    with pytest.raises(AttendanceError) as refusal:
        mark_present(finance, [refused], staff["trainer"])
    assert refusal.value.code == "not_accepted"


# --- The participant's phone ----------------------------------------------------------------------------


def test_a_badge_code_typed_during_the_session_marks_its_holder_present(demo, finance, three):
    token = attendance.session_token(finance)
    outcome = present_by_scan(token, three[0].badge_code, now=during(finance))
    assert outcome.code == "present" and outcome.registration == three[0]
    mark = SessionAttendance.objects.get()
    assert (mark.registration, mark.session, mark.channel, mark.by) == (three[0], finance, "scan", None)
    assert AuditEntry.objects.filter(action="attendance.scanned").count() == 1


def test_a_second_scan_quietly_says_already(demo, finance, three):
    token = attendance.session_token(finance)
    present_by_scan(token, three[0].badge_code, now=during(finance))
    again = present_by_scan(token, three[0].badge_code.lower(), now=during(finance, 30))
    assert again.code == "already" and again.ok
    assert SessionAttendance.objects.count() == 1


def test_a_scan_after_the_trainer_marked_the_person_says_already(demo, finance, three, staff):
    mark_present(finance, three[:1], staff["trainer"])
    outcome = present_by_scan(attendance.session_token(finance), three[0].badge_code, now=during(finance))
    assert outcome.code == "already"
    assert SessionAttendance.objects.get().channel == "trainer"


def test_it_refuses_an_unknown_code(demo, finance, three):
    outcome = present_by_scan(attendance.session_token(finance), "ZZZZZZZZZZ", now=during(finance))
    assert outcome.code == "unknown_code" and not outcome.ok
    assert present_by_scan(attendance.session_token(finance), "", now=during(finance)).code == "unknown_code"
    assert not SessionAttendance.objects.exists()


def test_it_refuses_a_badge_of_another_caravan(demo, finance):
    other = Caravan.objects.create(
        slug="oujda-2025",
        title_ar="قافلة وجدة",
        title_fr="Caravane d'Oujda",
        region=demo.region,
        city_ar="وجدة",
        city_fr="Oujda",
        start_date=demo.start_date,
        end_date=demo.end_date,
        capacity=50,
        status=Caravan.Status.REGISTRATION_OPEN,
    )
    stranger = accepted(other)
    outcome = present_by_scan(attendance.session_token(finance), stranger.badge_code, now=during(finance))
    assert outcome.code == "other_caravan"
    assert not SessionAttendance.objects.exists()


def test_it_refuses_a_forged_or_damaged_session_address(demo, finance, three):
    token = attendance.session_token(finance)
    pk, signature = token.split(":", 1)
    other_session = session(demo, "L'économie sociale et solidaire")
    for bad in [f"{other_session.pk}:{signature}", token[:-2], "", "12", f"{pk}:"]:
        assert present_by_scan(bad, three[0].badge_code, now=during(finance)).code == "bad_token"
    assert not SessionAttendance.objects.exists()


def test_a_break_has_no_qr_code(demo, three):
    pause = session(demo, "Pause")
    assert attendance.session_from_token(attendance.session_token(pause)) is None


def test_it_refuses_scans_on_another_day_or_long_before_or_after(demo, finance, three):
    token = attendance.session_token(finance)
    code = three[0].badge_code
    assert present_by_scan(token, code, now=during(finance) + datetime.timedelta(days=1)).code == "not_today"
    assert present_by_scan(token, code, now=during(finance, -45)).code == "not_open"
    assert present_by_scan(token, code, now=during(finance, -25)).code == "present"  # half an hour early
    later = session(demo, "Coopératives qui réussissent : des modèles à suivre")
    token = attendance.session_token(later)  # 14:30–16:00: open until 17:00
    assert present_by_scan(token, code, now=during(later, 150)).code == "present"
    assert present_by_scan(token, three[1].badge_code, now=during(later, 160)).code == "not_open"


def test_every_refusal_has_a_translated_message(demo):
    for code in attendance.MESSAGES:
        message, said = attendance.Outcome(code).message, set()
        for language in ("en", "ar", "fr"):
            with translation.override(language):
                said.add(str(message))
        assert len(said) == 3, code  # an Arabic and a French sentence, neither left in English


# --- What the certificate rule reads --------------------------------------------------------------------


def test_attendance_of_gives_each_accepted_registration_its_days_and_sessions(
    demo, finance, three, staff, django_assert_max_num_queries
):
    first, second = demo.dates()[:2]
    marketing = session(demo, "Marketing et marketing digital", day_index=1)
    check_in(demo, three[0].badge_code, first, staff["agent"])
    check_in(demo, three[0].badge_code, second, staff["agent"])
    undone = check_in(demo, three[1].badge_code, first, staff["agent"]).checkin
    undo_check_in(undone, staff["agent"])
    mark_present(finance, three[:2], staff["trainer"])
    mark_present(marketing, three[:1], staff["trainer"])
    with django_assert_max_num_queries(3):
        records = attendance_of(demo)
    assert set(records) == {r.pk for r in three}
    assert records[three[0].pk].days == {first, second}
    assert records[three[0].pk].sessions == {finance.pk, marketing.pk}
    assert records[three[1].pk].days == frozenset()  # an undone check-in does not count
    assert records[three[1].pk].sessions == {finance.pk}
    assert records[three[2].pk] == attendance.NOBODY


def test_the_sessions_that_count_leave_out_breaks_and_ceremonies(demo):
    kinds = set(attendance.sessions_of(demo).values_list("kind", flat=True))
    assert kinds and not kinds & {Session.Kind.BREAK, Session.Kind.OPENING_CLOSING}
    assert Day.objects.filter(caravan=demo).count() == len(demo.dates())
