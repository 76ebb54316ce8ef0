"""The follow-up worklist: whose contacts each role sees, its tabs, the phone to call, sharing contacts out, and
the caravan's follow-up months."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model

from core.models import AuditEntry
from projects.followup.models import FollowUp
from projects.followup.services import assign, plan_follow_ups, record_contact

from .factories import project, registration

pytestmark = pytest.mark.django_db
# The demo caravan ended on 6 Feb 2025: its 3-month contacts were due on 6 May 2025, its 6-month ones on 6 Aug.
IN_MAY = datetime.datetime(2025, 5, 10, 10, 0)


def url(caravan, tab=""):
    return f"/staff/caravans/{caravan.slug}/follow-up/" + (f"?tab={tab}" if tab else "")


def user(username):
    return get_user_model().objects.get(username=username)


def holder(caravan, phone, name_ar, name_latin):
    return registration(caravan, phone=phone, full_name_ar=name_ar, full_name_latin=name_latin).person


@pytest.fixture
def followed(demo):
    """Two projects of the demo caravan with their contacts planned: the first in the agent's charge."""
    first = project(demo, holder=holder(demo, "+212612345678", "فاطمة الزهراء", "Fatima Zahra"))
    second = project(demo, holder=holder(demo, "+212698765432", "خديجة الريفي", "Khadija Rifi"))
    plan_follow_ups(demo)
    assign(None, list(first.follow_ups.all()), user("agent"))
    return first, second


def test_it_plans_the_contacts_of_a_caravan_that_is_over_when_its_worklist_opens(demo, personas):
    project(demo)
    assert not FollowUp.objects.filter(caravan=demo).exists()
    assert personas["organiser"].get(url(demo)).status_code == 200
    assert FollowUp.objects.filter(caravan=demo).count() == 3


def test_it_shows_an_agent_only_the_contacts_in_their_charge(demo, personas, followed):
    first, second = followed
    with time_machine.travel(IN_MAY, tick=False):
        page = personas["agent"].get(url(demo)).content.decode()
    assert first.title in page and "فاطمة الزهراء" in page and "Fatima Zahra" in page
    assert "Khadija Rifi" not in page
    assert f"/follow-up/{first.follow_ups.get(months=3).pk}/" in page


def test_it_shows_an_organiser_every_contact_and_the_team_to_give_them_to(demo, personas, followed):
    with time_machine.travel(IN_MAY, tick=False):
        page = personas["organiser"].get(url(demo)).content.decode()
    assert "Fatima Zahra" in page and "Khadija Rifi" in page
    assert 'name="contacts"' in page and f'<option value="{user("agent").pk}"' in page


def test_it_sorts_contacts_into_due_late_coming_done_and_not_reached(demo, personas, followed):
    first, second = followed
    with time_machine.travel(datetime.datetime(2025, 8, 30, 10, 0), tick=False):
        record_contact(user("agent"), first.follow_ups.get(months=3), reached=True)
        for _attempt in range(3):
            record_contact(user("organiser"), second.follow_ups.get(months=3), reached=False)
        client = personas["organiser"]
        shown = {tab: client.get(url(demo, tab)).context["rows"] for tab in ("due", "late", "coming", "done")}
        not_reached = client.get(url(demo, "not_reached")).context["rows"]
        tabs = {tab.key: count for tab, count in client.get(url(demo)).context["tabs"]}
    months = {tab: sorted(row["contact"].months for row in rows) for tab, rows in shown.items()}
    # 30 Aug: both 6-month contacts (due 6 Aug) are due and late; the 12-month ones are coming.
    assert months == {"due": [6, 6], "late": [6, 6], "coming": [12, 12], "done": [3]}
    assert [row["contact"].project for row in not_reached] == [second]
    assert tabs == {"due": 2, "late": 2, "coming": 2, "done": 1, "not_reached": 1}


def test_it_gives_the_phone_to_call_to_the_caller_in_charge_and_to_organisers_and_audits_it(
    demo, personas, followed
):
    first, second = followed
    with time_machine.travel(IN_MAY, tick=False):
        organiser = personas["organiser"].get(url(demo)).content.decode()
        agent = personas["agent"].get(url(demo)).content.decode()
        trainer = personas["trainer"].get(url(demo)).content.decode()
    assert 'href="tel:+212612345678"' in organiser and 'href="tel:+212698765432"' in organiser
    # The agent calls the first holder: their number in full, and nobody else's.
    assert 'href="tel:+212612345678"' in agent and "+212698765432" not in agent and "98 76" not in agent
    assert "tel:" not in trainer and "+2126" not in trainer  # in charge of no contact
    viewed = AuditEntry.objects.filter(action="personal_data.viewed", details__page="follow_up")
    assert sorted(entry.actor.username for entry in viewed) == ["agent", "organiser"]


def test_it_keeps_an_agent_off_a_contact_outside_their_charge(demo, personas, followed):
    first, second = followed
    assign(None, list(second.follow_ups.all()), None)  # nobody's: the organiser's to give out
    contact_url = f"{url(demo)}{second.follow_ups.get(months=3).pk}/"
    with time_machine.travel(IN_MAY, tick=False):
        assert personas["agent"].get(contact_url).status_code in (403, 404)
        organiser = personas["organiser"].get(contact_url).content.decode()
    assert 'href="tel:+212698765432"' in organiser


def test_it_lets_an_organiser_give_the_ticked_contacts_to_a_trainer(demo, personas, followed):
    first, second = followed
    contacts = list(second.follow_ups.values_list("pk", flat=True))
    answer = personas["organiser"].post(
        f"{url(demo)}assign/", {"contacts": contacts, "user": user("trainer").pk, "tab": "coming"}
    )
    assert answer.status_code == 302 and answer["Location"].endswith("?tab=coming")
    assert set(second.follow_ups.values_list("assigned_to__username", flat=True)) == {"trainer"}
    assert AuditEntry.objects.filter(action="followup.assigned", details__to="trainer").exists()


def test_it_gives_every_contact_of_a_tab_at_once(demo, personas, followed):
    with time_machine.travel(IN_MAY, tick=False):
        personas["organiser"].post(
            f"{url(demo)}assign/", {"every": "1", "user": user("trainer").pk, "tab": "due"}
        )
    due_in_may = FollowUp.objects.filter(caravan=demo, months=3)
    assert set(due_in_may.values_list("assigned_to__username", flat=True)) == {"trainer"}
    assert FollowUp.objects.filter(caravan=demo, months=12, assigned_to__username="trainer").count() == 0


def test_it_refuses_sharing_contacts_out_to_trainers_and_agents(demo, personas, followed):
    first, _second = followed
    contact = first.follow_ups.get(months=3).pk
    for persona in ("trainer", "agent"):
        answer = personas[persona].post(
            f"{url(demo)}assign/", {"contacts": [contact], "user": user(persona).pk}
        )
        assert answer.status_code == 403
    assert first.follow_ups.get(months=3).assigned_to.username == "agent"


def test_it_lets_an_organiser_change_the_follow_up_months_and_plans_them(demo, personas, followed):
    first, _second = followed
    answer = personas["organiser"].post(f"{url(demo)}months/", {"months": "1، 6, 24"})
    assert answer.status_code == 302
    demo.refresh_from_db()
    assert demo.follow_up_months == [1, 6, 24]
    assert sorted(first.follow_ups.values_list("months", flat=True)) == [1, 6, 24]
    assert AuditEntry.objects.filter(action="followup.months_changed").exists()


@pytest.mark.parametrize("months", ["3, six", "0, 6", "", "1, 2, 3, 4, 5, 6, 7"])
def test_it_refuses_follow_up_months_it_cannot_plan(demo, personas, months):
    answer = personas["organiser"].post(f"{url(demo)}months/", {"months": months}, follow=True)
    demo.refresh_from_db()
    assert demo.follow_up_months == [3, 6, 12]
    assert [message.level_tag for message in answer.context["messages"]] == ["error"]


def test_it_refuses_the_worklist_to_someone_off_the_caravans_team(demo, client):
    client.force_login(get_user_model().objects.create_user("stranger"))
    assert client.get(url(demo)).status_code == 403
