"""The organisers' live board: expected against checked in per day, attended against expected per session and
per workshop group, and who is missing with a phone to call, only for those who may see phones (and audited);
it refreshes itself through an htmx partial, in a few queries whatever the number of participants."""

import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from caravans.models import Session
from core.models import AuditEntry
from core.permissions import PERMISSIONS, Role
from core.tests.i18n import ar
from onsite.attendance import board
from onsite.attendance.services import mark_present
from onsite.models import GroupAssignment
from onsite.services import check_in, undo_check_in
from onsite.tests.pages import session, text
from people.models import mask_phone
from registration.models import Decision
from registration.services import register
from registration.tests.factories import person

BOARD = "/staff/caravans/tanger-2025/board/"


@pytest.fixture
def small(demo, staff):
    """Four accepted participants (A, B, C, D) and one refused; on day 1 A, B, C checked in (and D checked in
    then undone); on day 2 A only. Day 2's workshops: group 1 = A, B; group 2 = C, D. Marked present: A and B at
    day 1's "Mécanismes de financement", A at group 1."""
    names = ["أمينة العلوي", "بشرى الإدريسي", "جميلة السوسي", "دنيا الفاسي"]
    a, b, c, d = [
        register(
            demo, person(full_name_ar=n), profile="project_holder", channel="staff", project_idea="العسل"
        )
        for n in names
    ]
    young = person(birth_date=datetime.date.today() - datetime.timedelta(days=3000))
    refused = register(demo, young, profile="project_holder", channel="staff", project_idea="العسل")
    assert refused.decision != Decision.ACCEPTED
    day1, day2 = demo.dates()[:2]
    for registration in (a, b, c, d):
        check_in(demo, registration.badge_code, day1, staff["agent"])
    undo_check_in(check_in(demo, d.badge_code, day1, staff["agent"]).checkin, staff["agent"])
    check_in(demo, a.badge_code, day2, staff["agent"])
    group1 = session(demo, "Atelier pratique : gestion de projet (groupe 1)")
    group2 = session(demo, "Atelier pratique : gestion de projet (groupe 2)")
    for registration, workshop in [(a, group1), (b, group1), (c, group2), (d, group2)]:
        GroupAssignment.objects.create(registration=registration, day=workshop.day, session=workshop)
    finance = session(demo, "Mécanismes de financement")
    mark_present(finance, [a, b], staff["trainer"])
    mark_present(group1, [a], staff["trainer"])
    return {"a": a, "b": b, "c": c, "d": d, "finance": finance, "group1": group1, "group2": group2}


# --- The figures ----------------------------------------------------------------------------------------


def test_it_counts_expected_and_checked_in_for_each_day(demo, small):
    day1, day2, day3 = demo.dates()
    assert [(f.date, f.expected, f.checked_in, f.missing) for f in board.days(demo)] == [
        (day1, 4, 3, 1),
        (day2, 4, 1, 3),
        (day3, 4, 0, 4),
    ]


def test_it_counts_each_session_against_everyone_and_each_workshop_against_its_group(demo, small):
    day1, day2 = demo.dates()[:2]
    first = {f.session.pk: f for f in board.sessions(demo, day1)}
    finance = first[small["finance"].pk]
    assert (finance.grouped, finance.expected, finance.checked_in, finance.attended, finance.percent) == (
        False,
        4,
        3,
        2,
        50,
    )
    assert all(f.session.kind not in Session.NO_ATTENDANCE for f in first.values())
    second = {f.session.pk: f for f in board.sessions(demo, day2)}
    group1, group2 = second[small["group1"].pk], second[small["group2"].pk]
    assert (group1.grouped, group1.expected, group1.checked_in, group1.attended) == (True, 2, 1, 1)
    assert (group2.grouped, group2.expected, group2.checked_in, group2.attended) == (True, 2, 0, 0)


def test_it_lists_the_missing_of_the_day_with_their_workshop(demo, small):
    day1, day2 = demo.dates()[:2]
    assert board.missing(demo, day1) == [small["d"]]  # an undone check-in is no check-in
    missing = board.missing(demo, day2)
    assert missing == [small["b"], small["c"], small["d"]]
    assert [r.groups for r in missing] == [[small["group1"]], [small["group2"]], [small["group2"]]]


def test_it_counts_in_the_same_few_queries_whatever_the_number_of_participants(demo):
    from registration.demo import load_demo_registrations

    def figures():
        day = demo.dates()[0]
        with CaptureQueriesContext(connection) as captured:
            days, sessions = board.days(demo), board.sessions(demo, day)
            # The board shows each missing person's name and workshop: read them in the same queries.
            missing = [(r.person.full_name_ar, r.groups) for r in board.missing(demo, day)]
        return len(captured), days[0], sessions, missing

    with_nobody, day, _sessions, missing = figures()
    assert (day.expected, missing) == (0, [])
    accepted = load_demo_registrations(demo)["accepted"]
    queries, day, sessions, missing = figures()
    assert queries == with_nobody <= 12
    assert (day.expected, day.checked_in, len(missing)) == (accepted, 0, accepted) and accepted > 100
    assert sessions and all(f.expected == accepted for f in sessions if not f.grouped)


# --- The page -------------------------------------------------------------------------------------------


def test_it_sends_anonymous_visitors_to_the_login_page(personas):
    response = personas["anonymous"].get(BOARD)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_refuses_trainers_and_agents(personas):
    assert personas["trainer"].get(BOARD).status_code == 403
    assert personas["agent"].get(BOARD).status_code == 403


def test_an_organiser_sees_the_figures_and_calls_the_missing(personas, demo, small):
    response = personas["organiser"].get(BOARD, {"day": demo.dates()[1].isoformat()})
    assert response.status_code == 200
    content = response.content.decode()
    assert f'href="tel:{small["b"].person.phone}"' in content
    assert small["c"].person.full_name_ar in text(response)
    assert small["a"].person.full_name_ar not in text(response)  # came that day
    assert 'hx-trigger="every 10s"' in content
    entry = AuditEntry.objects.get(action="personal_data.viewed")
    assert entry.details["page"] == "live_board" and entry.actor.username == "organiser"


def test_a_board_left_open_is_audited_once_a_quarter_hour_not_at_each_refresh(personas, demo, small):
    for _refresh in range(5):
        personas["organiser"].get(BOARD, {"day": demo.dates()[1].isoformat()}, HTTP_HX_REQUEST="true")
    assert AuditEntry.objects.filter(action="personal_data.viewed").count() == 1


def test_phones_are_masked_for_a_role_that_may_not_see_personal_data(monkeypatch, personas, demo, small):
    monkeypatch.setitem(PERMISSIONS, "personal_data.view", {Role.COORDINATOR})
    response = personas["organiser"].get(BOARD, {"day": demo.dates()[1].isoformat()})
    content = response.content.decode()
    assert small["b"].person.phone not in content and "tel:" not in content
    assert mask_phone(small["b"].person.phone) in html.unescape(content)
    assert not AuditEntry.objects.filter(action="personal_data.viewed").exists()


def test_the_refresh_sends_only_the_board(personas, demo, small):
    response = personas["coordinator"].get(BOARD, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert content.startswith('<div id="board"') and "<html" not in content
    assert ar("Live board") not in content


def test_a_refresh_with_nothing_new_costs_the_phone_nothing(personas, demo, small, staff):
    client, day = personas["organiser"], demo.dates()[1].isoformat()
    first = client.get(BOARD, {"day": day}, HTTP_HX_REQUEST="true")
    assert first.status_code == 200 and first["ETag"] and "HX-Request" in first["Vary"]
    again = client.get(BOARD, {"day": day}, HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and not again.content
    check_in(demo, small["b"].badge_code, demo.dates()[1], staff["agent"])
    changed = client.get(BOARD, {"day": day}, HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert f'href="tel:{small["b"].person.phone}"' not in changed.content.decode()  # b has arrived


def test_an_etag_is_no_way_around_the_permission_check(personas, demo, small):
    etag = personas["organiser"].get(BOARD, HTTP_HX_REQUEST="true")["ETag"]
    assert personas["trainer"].get(BOARD, HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH=etag).status_code == 403


def test_an_unknown_day_in_the_address_shows_the_nearest_caravan_day(personas, demo, small):
    response = personas["organiser"].get(BOARD, {"day": "1999-01-01"})
    assert response.status_code == 200
    # The demo caravan is over: its last day is the nearest to today.
    assert response.context["day"] == demo.dates()[-1]
