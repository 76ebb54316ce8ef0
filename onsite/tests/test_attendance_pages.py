"""The attendance pages: a trainer ticks who is in the room for their own sessions (and only theirs), or marks
everyone checked in at once; the session's QR code on the screen opens a public page where a participant types
their badge code and reads "present" in big words; wrong codes are braked, forged addresses not found."""

import datetime

import pytest
from django.utils import timezone, translation

from caravans.models import Day, Session, Speaker
from core.models import AuditEntry
from core.tests.i18n import ar
from onsite.attendance import services as attendance
from onsite.models import GroupAssignment, SessionAttendance
from onsite.services import check_in
from onsite.tests.pages import session, text
from registration.models import Decision
from registration.services import register
from registration.tests.factories import person

STAFF = "/staff/caravans/tanger-2025/"
LIST = STAFF + "attendance/"


def mark_url(session):
    return f"{LIST}{session.pk}/"


def qr_url(session):
    return f"{LIST}{session.pk}/qr/"


def scan_url(session):
    return f"/present/{attendance.session_token(session)}/"


def accepted(caravan, name):
    registration = register(
        caravan, person(full_name_ar=name), profile="project_holder", channel="staff", project_idea="العسل"
    )
    assert registration.decision == Decision.ACCEPTED
    return registration


@pytest.fixture
def people(demo):
    return [accepted(demo, name) for name in ["أمينة", "بشرى", "خديجة", "زينب"]]


@pytest.fixture
def own(demo):
    """A session of the demo trainer (ODCO): "Procédure de création des coopératives", second day."""
    return session(demo, "Procédure de création des coopératives (loi 112-12)")


@pytest.fixture
def not_own(demo):
    """A session the demo trainer does not speak at."""
    return session(demo, "L'économie sociale et solidaire")


@pytest.fixture
def today(demo):
    """The demo caravan moved so that it starts today, with an all-day training of the demo trainer today."""
    shift = timezone.localdate() - demo.start_date
    for day in Day.objects.filter(caravan=demo).order_by("-date" if shift.days > 0 else "date"):
        day.date += shift
        day.save()
    demo.start_date += shift
    demo.end_date += shift
    demo.save()
    training = Session.objects.create(
        day=Day.objects.get(caravan=demo, date=demo.start_date),
        kind=Session.Kind.TRAINING,
        title_ar="تدريب اليوم",
        title_fr="Formation du jour",
        starts_at=datetime.time(0, 0),
        ends_at=datetime.time(23, 59),
    )
    training.speakers.add(Speaker.objects.filter(caravan=demo, user__username="trainer").first())
    return training


# --- Who may use them -----------------------------------------------------------------------------------


def test_it_sends_anonymous_visitors_to_the_login_page(personas, own):
    for url in [LIST, mark_url(own), qr_url(own)]:
        response = personas["anonymous"].get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert personas["anonymous"].post(mark_url(own), {"all": "1"}).status_code == 302
    assert not SessionAttendance.objects.exists()


def test_it_refuses_check_in_agents(personas, own, people):
    for url in [LIST, mark_url(own), qr_url(own)]:
        assert personas["agent"].get(url).status_code == 403
    assert personas["agent"].post(mark_url(own), {"all": "1"}).status_code == 403
    assert not SessionAttendance.objects.exists()


def test_a_trainer_may_not_mark_a_session_they_do_not_give(personas, not_own, people):
    assert personas["trainer"].get(mark_url(not_own)).status_code == 403
    assert personas["trainer"].get(qr_url(not_own)).status_code == 403
    assert personas["trainer"].post(mark_url(not_own), {"present": [people[0].pk]}).status_code == 403
    assert not SessionAttendance.objects.exists()


def test_a_trainer_sees_only_their_own_sessions_in_the_list(personas, own, not_own):
    page = text(personas["trainer"].get(LIST))
    assert own.title_ar in page and not_own.title_ar not in page
    organiser_page = text(personas["organiser"].get(LIST))
    assert own.title_ar in organiser_page and not_own.title_ar in organiser_page
    assert ar("Pause") not in organiser_page  # breaks take no attendance


def test_a_break_has_no_attendance_page(personas, demo):
    pause = session(demo, "Pause")
    assert personas["organiser"].get(mark_url(pause)).status_code == 404


# --- The trainer's list ---------------------------------------------------------------------------------


def test_the_list_shows_everyone_expected_and_who_was_checked_in_that_day(personas, demo, own, people, staff):
    check_in(demo, people[0].badge_code, own.day.date, staff["agent"])
    response = personas["trainer"].get(mark_url(own))
    assert response.status_code == 200
    page = text(response)
    for registration in people:
        assert registration.person.full_name_ar in page
    assert page.count(ar("Arrival recorded")) == 1
    assert people[0].person.cin not in page and people[0].person.phone not in page


def test_a_trainer_ticks_who_is_in_the_room(personas, own, people):
    response = personas["trainer"].post(mark_url(own), {"present": [people[0].pk, people[2].pk]})
    assert response.status_code == 302 and response["Location"] == mark_url(own)
    assert attendance.present_ids(own) == {people[0].pk, people[2].pk}
    page = text(personas["trainer"].get(mark_url(own)))
    with translation.override("ar"):
        said = translation.ngettext("%(count)d person marked present.", "%(count)d people marked present.", 2)
    assert said % {"count": 2} in page


def test_unticking_a_box_takes_the_mark_back_but_a_scan_made_meanwhile_stays(personas, own, people, staff):
    attendance.mark_present(own, people[:2], staff["trainer"])
    # The page showed people 0 and 1 ticked; meanwhile person 3 scanned the QR code.
    attendance.mark_present(own, people[3:], staff["organiser"])
    personas["trainer"].post(mark_url(own), {"present": [people[0].pk], "was": [people[0].pk, people[1].pk]})
    assert attendance.present_ids(own) == {people[0].pk, people[3].pk}


def test_all_present_marks_everyone_checked_in_that_day(personas, demo, own, people, staff):
    for registration in people[:3]:
        check_in(demo, registration.badge_code, own.day.date, staff["agent"])
    personas["trainer"].post(mark_url(own), {"all": "1"})
    assert attendance.present_ids(own) == {r.pk for r in people[:3]}
    personas["trainer"].post(mark_url(own), {"all": "1"})
    assert SessionAttendance.objects.count() == 3


def test_all_present_marks_everyone_listed_when_the_desk_checked_nobody_in(personas, own, people):
    personas["organiser"].post(mark_url(own), {"all": "1"})
    assert attendance.present_ids(own) == {r.pk for r in people}


def test_a_workshop_lists_its_group_only(personas, demo, people, staff):
    group_1 = session(demo, "Atelier pratique : gestion de projet (groupe 2)")  # the demo trainer's
    group_2 = session(demo, "Atelier pratique : gestion de projet (groupe 1)")
    for registration, workshop in zip(people, [group_1, group_1, group_2, group_2], strict=True):
        GroupAssignment.objects.create(registration=registration, day=workshop.day, session=workshop)
    page = text(personas["trainer"].get(mark_url(group_1)))
    assert people[0].person.full_name_ar in page and people[1].person.full_name_ar in page
    assert people[2].person.full_name_ar not in page
    personas["trainer"].post(mark_url(group_1), {"present": [people[0].pk, people[2].pk, 99999, "x"]})
    assert attendance.present_ids(group_1) == {people[0].pk}  # only the group's, bad values ignored


def test_someone_who_scanned_in_from_another_group_is_on_the_list_to_be_kept_or_taken_back(
    personas, demo, people, staff
):
    group_1 = session(demo, "Atelier pratique : gestion de projet (groupe 2)")  # the demo trainer's
    group_2 = session(demo, "Atelier pratique : gestion de projet (groupe 1)")
    for registration, workshop in zip(people, [group_1, group_1, group_2, group_2], strict=True):
        GroupAssignment.objects.create(registration=registration, day=workshop.day, session=workshop)
    attendance.mark_present(group_1, [people[2]], staff["organiser"])  # as a scan of the session's QR does
    page = text(personas["trainer"].get(mark_url(group_1)))
    assert people[2].person.full_name_ar in page and people[3].person.full_name_ar not in page
    assert page.count(ar("From another group")) == 1
    personas["trainer"].post(mark_url(group_1), {"present": [people[0].pk], "was": [people[2].pk]})
    assert attendance.present_ids(group_1) == {people[0].pk}


# --- The QR code on the screen --------------------------------------------------------------------------


def test_the_qr_page_shows_a_qr_code_of_the_session_address_and_nothing_personal(personas, own, people):
    response = personas["trainer"].get(qr_url(own))
    assert response.status_code == 200
    content = response.content.decode()
    assert "<svg" in content and 'class="qr"' in content
    assert "http://testserver" + scan_url(own) in content
    for registration in people:
        assert registration.badge_code not in content and registration.person.full_name_ar not in content


def test_the_count_under_the_qr_code_refreshes_alone(personas, own, people, staff):
    attendance.mark_present(own, people[:3], staff["organiser"])
    response = personas["trainer"].get(qr_url(own), HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert "<svg" not in content and "<html" not in content
    with translation.override("ar"):
        said = translation.ngettext(
            "%(counter)s person marked present so far", "%(counter)s people marked present so far", 3
        )
    assert said % {"counter": 3} in text(response)


# --- The participant's phone ----------------------------------------------------------------------------


def test_anyone_opens_the_page_of_a_session_qr_code(personas, today):
    for persona in ["anonymous", "agent", "trainer", "organiser", "coordinator"]:
        response = personas[persona].get(scan_url(today))
        assert response.status_code == 200
        assert today.title_ar in text(response)


def test_a_forged_session_address_is_not_found(personas, today):
    assert personas["anonymous"].get(f"/present/{today.pk}:forged/").status_code == 404
    assert personas["anonymous"].post(f"/present/{today.pk}:forged/", {"code": "X"}).status_code == 404


def test_a_participant_types_their_badge_code_and_reads_present(personas, today, people):
    client = personas["anonymous"]
    response = client.post(scan_url(today), {"code": people[0].badge_code.lower()})
    assert response.status_code == 200
    assert ar("Present") in text(response) and ar("You are marked present. Thank you!") in text(response)
    assert attendance.present_ids(today) == {people[0].pk}
    again = client.post(scan_url(today), {"code": people[0].badge_code})
    assert ar("Already present") in text(again)
    assert SessionAttendance.objects.count() == 1


def test_the_phone_remembers_the_badge_code_for_the_next_session(personas, today, people):
    client = personas["anonymous"]
    client.post(scan_url(today), {"code": people[1].badge_code})
    assert f'value="{people[1].badge_code}"' in client.get(scan_url(today)).content.decode()


def test_an_unknown_code_is_refused_in_words(personas, today, people):
    response = personas["anonymous"].post(scan_url(today), {"code": "ABC-123"})
    assert response.status_code == 200
    assert ar("No badge has this code. Check the code printed on your badge.") in text(response)
    assert not SessionAttendance.objects.exists()


def test_too_many_wrong_codes_from_one_connection_are_braked(personas, settings, today, people):
    settings.QAFILA_ATTENDANCE_SCAN_FAILURES_PER_HOUR = 3
    client = personas["anonymous"]
    for _attempt in range(3):
        assert client.post(scan_url(today), {"code": "WRONGCODE9"}).status_code == 200
    response = client.post(scan_url(today), {"code": people[0].badge_code})
    assert response.status_code == 429
    assert not SessionAttendance.objects.exists()
    entries = AuditEntry.objects.filter(action="attendance.scan_refused")
    assert entries.count() == 3 and "127.0.0.1" not in str(entries[0].details)  # a hash, not the address


def test_good_codes_never_count_against_the_connection(personas, settings, today, people):
    settings.QAFILA_ATTENDANCE_SCAN_FAILURES_PER_HOUR = 1
    for registration in people:
        assert (
            personas["anonymous"].post(scan_url(today), {"code": registration.badge_code}).status_code == 200
        )
    assert len(attendance.present_ids(today)) == 4
