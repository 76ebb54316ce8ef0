"""The workshop-group pages: organisers and trainers see a day's workshops and groups explained in words,
assign them with options, move someone by hand (with htmx or a plain form), enter someone's choices found
by name; check-in agents and strangers are refused."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.models import AuditEntry
from core.tests.i18n import ar
from onsite.groups import services as groups
from onsite.models import GroupAssignment
from onsite.tests.pages import text
from registration.models import WorkshopPreference
from registration.workshop_forms import field_name

from .test_groups import accepted, add_workshops, choose


def day_url(day, name="onsite:groups_day", *args):
    return reverse(name, args=[day.caravan.slug, day.pk, *args])


@pytest.fixture
def day(demo):
    """A day with two workshops of two seats, three people who all want the first one."""
    first, second = add_workshops(demo, 2, 2)
    people = [
        accepted(demo, full_name_ar=name_ar, full_name_latin=name_latin)
        for name_ar, name_latin in [
            ("فاطمة الزهراء البقالي", "Fatima Zahra Bakkali"),
            ("خديجة العلمي", "Khadija Alami"),
            ("مريم التطواني", "Meryem Tetouani"),
        ]
    ]
    for registration in people:
        choose(registration, first)
    first.day.people = people
    first.day.shops = (first, second)
    return first.day


def assign(day):
    organiser = get_user_model().objects.get(username="organiser")
    groups.assign_slot(
        groups.slot_of(day.shops[0]), keep_cooperatives_together=False, balance_sexes=False, actor=organiser
    )


@pytest.mark.parametrize("persona", ["coordinator", "organiser", "trainer"])
def test_it_shows_the_groups_of_the_day_explained_to_who_runs_them(personas, day, persona):
    assign(day)
    page = text(personas[persona].get(day_url(day)))
    first, second = day.shops
    assert first.title_ar in page and second.title_ar in page
    for registration in day.people:
        assert registration.person.full_name_ar in page
    assert ar("1st choice") in page and ar("Not among their choices") in page
    assert ar("%(workshop)s was full.") % {"workshop": first.title_ar} in page
    assert ar("Assign the groups") in page  # trainers split the room too


def test_it_lists_the_days_with_workshops(personas, day):
    page = text(personas["trainer"].get(reverse("onsite:groups", args=[day.caravan.slug])))
    assert str(day.date.year) in page
    assert day.shops[0].title_ar in page


@pytest.mark.parametrize("persona", ["agent", "anonymous"])
def test_it_refuses_check_in_agents_and_strangers(personas, day, persona):
    client = personas[persona]
    registration = day.people[0]
    responses = [
        client.get(reverse("onsite:groups", args=[day.caravan.slug])),
        client.get(day_url(day)),
        client.post(day_url(day, "onsite:groups_assign"), {"balance_sexes": "on"}),
        client.post(day_url(day, "onsite:groups_move", registration.pk), {"session": day.shops[1].pk}),
        client.get(day_url(day, "onsite:groups_find")),
        client.get(day_url(day, "onsite:groups_preferences", registration.pk)),
    ]
    for response in responses:
        if persona == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403
    assert not GroupAssignment.objects.exists() and WorkshopPreference.objects.count() == 3


def test_it_assigns_the_groups_with_the_options_ticked(personas, day):
    response = personas["trainer"].post(day_url(day, "onsite:groups_assign"), {"balance_sexes": "on"})
    assert response.status_code == 302 and response["Location"] == day_url(day)
    assert GroupAssignment.objects.filter(day=day).count() == 3
    details = AuditEntry.objects.get(action="groups.assigned").details
    assert details["balance_sexes"] and not details["keep_cooperatives_together"]
    page = personas["trainer"].get(day_url(day)).content.decode()
    assert re.search(r'name="balance_sexes"[^>]*checked', page)  # the options of the last run, ticked
    assert ar("women and men balanced") in page


def test_it_says_when_the_day_has_no_workshops(personas, demo):
    empty = demo.days.order_by("date")[0]
    response = personas["organiser"].post(day_url(empty, "onsite:groups_assign"), follow=True)
    assert ar("This day has no workshops to split the participants into.") in text(response)


def test_it_moves_someone_by_hand_without_javascript(personas, day):
    assign(day)
    registration = GroupAssignment.objects.filter(day=day, session=day.shops[0]).first().registration
    url = day_url(day, "onsite:groups_move", registration.pk)
    response = personas["organiser"].post(url, {"session": day.shops[1].pk})
    assert response.status_code == 302 and response["Location"].endswith(f"#p{registration.pk}")
    moved = GroupAssignment.objects.get(registration=registration, day=day)
    assert moved.session == day.shops[1] and moved.by_hand
    assert ar("changed by hand") in text(personas["organiser"].get(day_url(day)))


def test_it_swaps_only_the_line_and_the_counts_with_htmx(personas, day):
    assign(day)
    mover = GroupAssignment.objects.filter(day=day, session=day.shops[0]).first().registration
    url = day_url(day, "onsite:groups_move", mover.pk)
    response = personas["organiser"].post(url, {"session": day.shops[1].pk}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert body.lstrip().startswith(f'<li id="p{mover.pk}"')
    assert 'id="group-workshops" hx-swap-oob="true"' in body
    assert "2 / 2" in text(response) or "2/2" in text(response)  # the second workshop's new count
    assert GroupAssignment.objects.get(registration=mover).session == day.shops[1]


def test_it_refuses_a_move_into_a_full_workshop_and_says_why(personas, day):
    assign(day)
    full, other = day.shops
    assert GroupAssignment.objects.filter(session=full).count() == 2
    mover = GroupAssignment.objects.get(day=day, session=other).registration
    url = day_url(day, "onsite:groups_move", mover.pk)
    response = personas["organiser"].post(url, {"session": full.pk}, HTTP_HX_REQUEST="true")
    assert ar("This workshop is full: move someone out of it first.") in text(response)
    response = personas["organiser"].post(url, {"session": full.pk}, follow=True)
    assert ar("This workshop is full: move someone out of it first.") in text(response)
    assert GroupAssignment.objects.get(registration=mover).session == other


def test_it_finds_a_participant_by_name_and_records_their_choices(personas, day):
    client = personas["trainer"]
    fatima = day.people[0]
    response = client.post(day_url(day, "onsite:groups_find"), {"q": "فاطمه البقالى"})
    found = text(response)
    assert fatima.person.full_name_ar in found and day.people[1].person.full_name_ar not in found
    url = day_url(day, "onsite:groups_preferences", fatima.pk)
    assert url in response.content.decode()
    first, second = day.shops
    slot = groups.slot_of(first)
    response = client.post(url, {field_name(slot, 1): second.pk, field_name(slot, 2): first.pk})
    assert response.status_code == 302
    assert groups.preferences(slot)[fatima.pk] == (second.pk, first.pk)


def test_it_refuses_the_same_workshop_twice_and_keeps_the_earlier_choices(personas, day):
    fatima = day.people[0]
    url = day_url(day, "onsite:groups_preferences", fatima.pk)
    first = day.shops[0]
    slot = groups.slot_of(first)
    response = personas["organiser"].post(url, {field_name(slot, 1): first.pk, field_name(slot, 2): first.pk})
    assert response.status_code == 200
    assert ar("The same workshop is named twice.") in text(response)
    assert groups.preferences(slot)[fatima.pk] == (first.pk,)


def test_it_has_no_page_for_a_day_of_another_caravan_or_someone_not_accepted(personas, day):
    client = personas["organiser"]
    assert client.get(reverse("onsite:groups_day", args=[day.caravan.slug, 999_999])).status_code == 404
    assert client.get(day_url(day, "onsite:groups_preferences", 999_999)).status_code == 404
