"""A caravan's hub: its phase, its checklist read from what was done, and the pages and documents of each role."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import resolve, reverse

from caravans.models import BudgetLine, Caravan, Session
from caravans.tests.factories import organiser_of_another_caravan
from certificates.services import issue_all
from certificates.tests.factories import participant
from core.models import AuditEntry
from core.tests.i18n import ar
from onsite.models import GroupAssignment
from onsite.tests.pages import text
from projects.followup.services import plan_follow_ups
from projects.tests.factories import project
from qafila import hub

from .links import links
from .test_permission_matrix import EXPECTED, OK

HUB = "/staff/caravans/tanger-2025/hub/"


def page(client):
    response = client.get(HUB)
    assert response.status_code == 200
    return response


def steps(response):
    return {step.key: step for step in response.context["steps"]}


def names(response):
    """The URL names the page links to."""
    return {resolve(url.split("?")[0]).view_name for url in links(response.content.decode(), HUB)}


def test_it_shows_the_phase_and_what_comes_next(personas):
    response = page(personas["organiser"])
    done = {key for key, step in steps(response).items() if step.done}
    # The demo: a full programme, an organiser and an agent, registration open; nothing printed yet.
    assert done == {"programme", "team", "registration"}
    assert response.context["next_step"].key == "badges"
    words = text(response)
    assert ar("Next:") + " " + ar("Badges printed") in words
    assert ar("Not downloaded yet") in words
    # Its status still says registration is open, but its days are over.
    assert 'aria-current="step">' + ar("After") in response.content.decode()


def test_it_marks_the_badges_printed_from_their_first_download_only(personas):
    badges = reverse("documents:badges_pdf", args=["tanger-2025"])
    assert personas["organiser"].get(badges + "?profile=project_holder").status_code == 200
    assert personas["coordinator"].get(badges).status_code == 200
    printed = AuditEntry.objects.filter(action="badges.printed")
    assert printed.count() == 1 and printed.get().details == {"badges": 0, "profile": "project_holder"}
    step = steps(page(personas["coordinator"]))["badges"]
    organiser = get_user_model().objects.get(username="organiser")
    assert step.done and organiser.get_full_name() in step.detail


def test_it_marks_groups_formed_and_certificates_issued(demo, personas):
    someone = participant(demo, days=3)
    workshops = Session.objects.filter(day__caravan=demo, kind=Session.Kind.WORKSHOP).select_related("day")
    before = steps(page(personas["organiser"]))
    assert not before["groups"].done and not before["certificates"].done
    for day in {session.day for session in workshops}:
        GroupAssignment.objects.create(
            registration=someone, day=day, session=next(s for s in workshops if s.day == day)
        )
    issue_all(demo, None)
    after = steps(page(personas["organiser"]))
    assert after["groups"].done and after["certificates"].done
    assert not after["report"].done  # final once the caravan is closed


def test_it_links_each_role_only_to_pages_it_may_open(personas):
    for persona in ("coordinator", "organiser", "trainer", "agent"):
        shown = names(page(personas[persona]))
        refused = sorted(name for name in shown if EXPECTED[name][persona] != OK)
        assert not refused, f"{persona} sees links it may not open: {refused}"


def test_it_gives_organisers_the_badges_and_every_sign_in_sheet(demo, personas):
    response = page(personas["organiser"])
    shown = names(response)
    assert {"documents:badges_pdf", "documents:sign_in_sheet_day", "documents:sign_in_sheet_session"} <= shown
    assert {"documents:sign_in_sheet_group", "reports:caravan_report", "onsite:checkin"} <= shown
    html = response.content.decode()
    for date in demo.dates():
        assert reverse("documents:sign_in_sheet_day", args=[demo.slug, date]) in html
    for session in Session.objects.filter(day__caravan=demo).exclude(kind__in=Session.NO_ATTENDANCE):
        assert reverse("documents:sign_in_sheet_session", args=[demo.slug, session.pk]) in html
    # The badges of one province or profile: a form that asks the badges document.
    assert 'action="/staff/caravans/tanger-2025/badges.pdf"' in html and 'name="province"' in html


def test_it_gives_a_trainer_the_group_sheets_and_an_agent_the_desk(personas):
    trainer = names(page(personas["trainer"]))
    assert {"documents:sign_in_sheet_group", "onsite:groups", "caravans:staff_my_sessions"} <= trainer
    assert "documents:sign_in_sheet_day" not in trainer and "documents:badges_pdf" not in trainer
    response = page(personas["agent"])
    agent = names(response)
    assert {"onsite:checkin", "onsite:walk_in", "surveys:index"} <= agent
    assert "registration:staff_registrations" not in agent and "documents:sign_in_sheet_day" not in agent
    # No step of the checklist is an agent's to do: the desk comes first, the checklist after.
    html = response.content.decode()
    assert html.index("/staff/caravans/tanger-2025/check-in/") < html.index('id="checklist-title"')
    organiser = page(personas["organiser"]).content.decode()
    assert organiser.index('id="checklist-title"') < organiser.index("/staff/caravans/tanger-2025/check-in/")


def test_the_staff_home_links_each_caravan_to_its_hub(personas):
    for persona in ("coordinator", "organiser", "trainer", "agent"):
        assert HUB in personas[persona].get("/staff/").content.decode(), persona


def test_it_refuses_the_staff_of_another_caravan_and_strangers(demo, personas):
    assert organiser_of_another_caravan(demo).get(HUB).status_code == 403
    response = personas["anonymous"].get(HUB)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize(
    "status,today,expected",
    [
        ("draft", "2025-02-05", "draft"),
        ("registration_open", "2025-01-20", "registration"),
        ("registration_open", "2025-02-04", "days"),
        ("running", "2025-01-30", "days"),
        ("running", "2025-02-07", "after"),
        ("closed", "2025-02-05", "after"),
    ],
)
def test_it_tells_the_phase_from_the_status_and_the_date(status, today, expected):
    caravan = Caravan(status=status, start_date=datetime.date(2025, 2, 4), end_date=datetime.date(2025, 2, 6))
    assert hub.phase(caravan, datetime.date.fromisoformat(today)) == expected


def test_after_the_days_it_follows_the_account_and_the_follow_up_contacts(demo, personas):
    before = steps(page(personas["organiser"]))
    assert not before["account"].done and not before["follow_up"].done
    assert before["follow_up"].detail == ar("Planned once the caravan is over.")

    line = BudgetLine.objects.create(caravan=demo, category="venue", label="قاعة", planned_mad=30000)
    project(demo)
    plan_follow_ups(demo)  # the demo's days are long over: every contact is due
    middle = steps(page(personas["organiser"]))
    assert not middle["account"].done  # a line without its amount spent
    assert middle["account"].detail == ar(
        "Budget lines with their amount spent: %(spent)s of %(count)s", spent=0, count=1
    )
    assert not middle["follow_up"].done
    assert middle["follow_up"].detail == ar(
        "Due now: %(due)s · Reached: %(reached)s of %(count)s", due=3, reached=0, count=3
    )

    line.spent_mad = 24000
    line.save()
    demo.follow_ups.update(status="reached")
    after = steps(page(personas["organiser"]))
    assert after["account"].done and after["follow_up"].done
    assert after["follow_up"].url == f"/staff/caravans/{demo.slug}/follow-up/"
