"""A caravan's public registration opens and closes: by its status, its opening and closing times, and never once
the caravan has begun; its public page says where registration stands and where the caravan takes place."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils.html import escape

from caravans.models import Caravan, Venue
from caravans.services import copy_caravan
from core.tests.i18n import ar

from .factories import DURING_DEMO_REGISTRATION
from .test_staff_caravan import edit_form

PAGE = "/caravans/tanger-2025/"
EDIT = "/staff/caravans/tanger-2025/"
CASABLANCA = ZoneInfo("Africa/Casablanca")


def at(day, hour=10, minute=0):
    """A moment on the local clock of the caravans, in 2025."""
    month, day = day
    return datetime.datetime(2025, month, day, hour, minute, tzinfo=CASABLANCA)


def french(client=None):
    """A client that reads the pages in French (their dates are easier to assert there)."""
    client = client or Client()
    client.cookies.load({"django_language": "fr"})
    return client


def with_window(caravan, opens=None, closes=None):
    Caravan.objects.filter(pk=caravan.pk).update(registration_opens=opens, registration_closes=closes)
    caravan.refresh_from_db()
    return caravan


# --- The rule (the demo caravan runs 4–6 February 2025) ---------------------------------------------------


def test_it_is_open_within_its_window_while_the_status_says_so(demo):
    with_window(demo, opens=at((1, 6), 9), closes=at((2, 1), 18))
    assert demo.registration_state(at((1, 6), 8, 59)) == "upcoming"
    assert demo.registration_state(at((1, 6), 9)) == "open"
    assert demo.registration_state(at((2, 1), 17, 59)) == "open"
    assert demo.registration_state(at((2, 1), 18)) == "closed"


def test_without_a_closing_time_it_closes_when_the_caravan_begins(demo):
    assert demo.registration_is_open(at((2, 3), 23, 59))
    assert not demo.registration_is_open(at((2, 4), 0, 0))
    assert not demo.registration_is_open(at((12, 2)))  # ten months later


@pytest.mark.parametrize("status", ["draft", "running", "closed"])
def test_it_is_closed_by_any_other_status_even_within_its_window(demo, status):
    demo.status = status
    assert demo.registration_state(at((1, 20))) == "closed"


def test_the_public_status_says_registration_is_closed_once_it_is(demo):
    assert demo.public_status(at((1, 20))) == ar("Registration open")
    assert demo.public_status(at((12, 2))) == ar("Registration closed")
    demo.status = "running"
    assert demo.public_status(at((12, 2))) == ar("Running")


def test_its_closing_time_is_read_as_the_last_minute_of_the_day_before_when_it_is_midnight(demo):
    assert demo.registration_last_minute() == at((2, 3), 23, 59)
    with_window(demo, closes=at((2, 2), 18))
    assert demo.registration_last_minute() == at((2, 2), 18)


# --- The public page ----------------------------------------------------------------------------------------


def test_the_february_caravan_no_longer_says_registration_is_open_in_december(demo, time_machine):
    time_machine.move_to(at((12, 2)))
    page = Client().get(PAGE).content.decode()
    assert ar("Registration closed") in page and ar("Registration is closed.") in page
    assert "/caravans/tanger-2025/register/" not in page
    for_the_list = Client().get("/").content.decode()
    assert ar("Registration closed") in for_the_list and ar("Registration open") not in for_the_list


def test_the_page_says_until_when_and_how_many_places_are_left(demo, time_machine):
    time_machine.move_to(DURING_DEMO_REGISTRATION)
    with_window(demo, closes=at((2, 1), 18))
    page = french().get(PAGE).content.decode()
    assert "Les inscriptions sont ouvertes jusqu'au samedi 1 février 2025 à <bdi>18:00</bdi>." in page
    assert "220 places restantes." in page
    assert 'href="/caravans/tanger-2025/register/"' in page


def test_the_page_says_when_registration_opens(demo, time_machine):
    time_machine.move_to(at((1, 2)))
    with_window(demo, opens=at((1, 6), 9))
    page = french().get(PAGE).content.decode()
    assert "Les inscriptions ouvrent le lundi 6 janvier 2025 à <bdi>09:00</bdi>." in page
    assert "/caravans/tanger-2025/register/" not in page


def test_the_cached_page_changes_the_moment_registration_closes(demo, time_machine, settings):
    settings.QAFILA_CACHE_SECONDS = 24 * 3600  # however long the page is kept
    time_machine.move_to(at((2, 3), 23, 59), tick=False)
    assert "/caravans/tanger-2025/register/" in Client().get(PAGE).content.decode()
    time_machine.move_to(at((2, 4), 0, 0), tick=False)
    page = Client().get(PAGE).content.decode()
    assert "/caravans/tanger-2025/register/" not in page and ar("Registration is closed.") in page


def test_the_page_says_where_the_caravan_takes_place_with_a_map_link(demo):
    page = Client().get(PAGE).content.decode()
    venue = Venue.objects.get(caravan=demo)
    assert venue.name_ar in page and venue.address_ar in page
    link = "https://www.openstreetmap.org/search?query=Boulevard+Mohammed+V%2C+Tanger%2C+Maroc"
    assert venue.map_url() == link and escape(link) in page


def test_the_map_link_adds_the_city_when_the_address_lacks_it(demo):
    venue = Venue(
        caravan=demo, name_ar="دار الشباب", name_fr="Maison des jeunes", address_fr="Rue 12, Mghogha"
    )
    assert venue.map_url().endswith("query=Rue+12%2C+Mghogha%2C+Tanger%2C+Maroc")
    venue.address_fr = ""
    assert venue.map_url().endswith("query=Maison+des+jeunes%2C+Tanger%2C+Maroc")


# --- The settings form and the copy -------------------------------------------------------------------------


def test_an_organiser_sets_the_opening_and_closing_times(demo, personas):
    form = edit_form(demo, registration_opens="2025-01-06T09:00", registration_closes="2025-02-01T18:00")
    assert personas["organiser"].post(EDIT, form).status_code == 302
    demo.refresh_from_db()
    assert (demo.registration_opens, demo.registration_closes) == (at((1, 6), 9), at((2, 1), 18))


@pytest.mark.parametrize(
    "opens,closes,field",
    [
        ("2025-01-06T09:00", "2025-01-06T08:00", "registration_closes"),
        ("", "2025-02-04T10:00", "registration_closes"),  # during the first day
        ("2025-02-05T09:00", "", "registration_opens"),
    ],
)
def test_it_refuses_a_window_that_ends_before_it_opens_or_after_the_caravan_begins(
    demo, personas, opens, closes, field
):
    form = edit_form(demo, registration_opens=opens, registration_closes=closes)
    response = personas["organiser"].post(EDIT, form)
    assert response.status_code == 200 and field in response.context["form"].errors
    demo.refresh_from_db()
    assert demo.registration_opens is None and demo.registration_closes is None


def test_the_copy_for_the_next_stop_shifts_the_window_with_the_dates(demo):
    with_window(demo, opens=at((1, 6), 9), closes=at((2, 1), 18))
    copy = copy_caravan(demo, "tetouan-2025", start=datetime.date(2025, 3, 10))  # 34 days later
    assert copy.registration_opens == at((2, 9), 9)
    assert copy.registration_closes == at((3, 7), 18)


def test_the_copy_keeps_the_local_hour_across_a_change_of_the_clock(demo):
    # Morocco moves its clocks back for Ramadan (23 February 2025) and forward after it (6 April 2025).
    with_window(demo, closes=at((2, 1), 18))
    copy = copy_caravan(demo, "fes-2025", start=datetime.date(2025, 3, 4))
    assert copy.registration_closes.astimezone(CASABLANCA).time() == datetime.time(18, 0)


# --- Status changes ask for confirmation --------------------------------------------------------------------


def test_a_status_change_first_says_what_will_happen_and_changes_nothing(demo, personas):
    page = personas["organiser"].get(EDIT + "status/?status=running")
    assert page.status_code == 200
    text = page.content.decode()
    assert ar("The public registration form closes now, even if its closing time has not come.") in text
    assert 'name="status" value="running"' in text
    demo.refresh_from_db()
    assert demo.status == "registration_open"
    personas["organiser"].post(EDIT + "status/", {"status": "running"})
    demo.refresh_from_db()
    assert demo.status == "running"


def test_opening_registration_says_until_when_the_form_takes_registrations(demo, personas, time_machine):
    time_machine.move_to(DURING_DEMO_REGISTRATION)
    Caravan.objects.filter(pk=demo.pk).update(status="draft")
    text = french(personas["organiser"]).get(EDIT + "status/?status=registration_open").content.decode()
    assert "La page de la caravane et son programme deviennent publics" in text
    assert "jusqu'au lundi 3 février 2025 à <bdi>23:59</bdi>" in text


def test_reopening_after_the_window_warns_that_nobody_can_register(demo, personas, time_machine):
    time_machine.move_to(at((12, 2)))
    Caravan.objects.filter(pk=demo.pk).update(status="running")
    text = personas["organiser"].get(EDIT + "status/?status=registration_open").content.decode()
    assert (
        ar(
            "Its registration period is over: nobody can register on the public form. To open it, set a later closing time in the settings (before the first day)."
        )
        in text
    )


def test_a_status_jump_is_refused_before_any_confirmation(demo, personas):
    response = personas["organiser"].get(EDIT + "status/?status=closed", follow=True)
    assert response.redirect_chain[-1][0] == EDIT
    assert ar("A caravan moves one step at a time: draft, registration open, running, closed.") in (
        response.content.decode()
    )


@pytest.mark.parametrize("persona", ["trainer", "agent"])
def test_the_confirmation_is_refused_to_trainers_and_agents(demo, personas, persona):
    assert personas[persona].get(EDIT + "status/?status=running").status_code == 403
    assert personas["anonymous"].get(EDIT + "status/?status=running").status_code == 302
