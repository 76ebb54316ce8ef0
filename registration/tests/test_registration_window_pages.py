"""The registration window seen from the registration side: the public form takes registrations only while it
is open, staff register people whenever they need to, the caravan page counts the places left, and a capacity
below the people already accepted is saved only once the organiser has read what it means."""

import datetime
from zoneinfo import ZoneInfo

from django.test import Client

from caravans.models import Caravan
from caravans.tests.factories import DURING_DEMO_REGISTRATION
from caravans.tests.test_staff_caravan import EDIT, edit_form
from core.tests.i18n import ar
from registration.models import Registration
from registration.services import cancel, register

from .factories import person
from .test_self_registration import REGISTER, answers, counts
from .test_staff_entry import ENTRY, row

PAGE = "/caravans/tanger-2025/"
AFTER = datetime.datetime(2025, 12, 2, 10, tzinfo=ZoneInfo("Africa/Casablanca"))  # ten months after it ended


def registered(caravan):
    return register(caravan, person(), profile="project_holder", channel="staff", project_idea="عسل")


def test_the_public_form_refuses_registrations_after_the_caravan_and_saves_nothing(demo, time_machine):
    time_machine.move_to(AFTER)
    page = Client().get(REGISTER).content.decode()
    assert ar("Registration is closed") in page and 'name="consent"' not in page
    visitor = Client()
    visitor.cookies.load({"django_language": "fr"})
    closed = "Les inscriptions ont été closes le lundi 3 février 2025 à <bdi>23:59</bdi>."
    assert closed in visitor.get(REGISTER).content.decode()
    response = Client().post(REGISTER, answers())
    assert response.status_code == 200 and ar("Registration is closed") in response.content.decode()
    assert counts() == (0, 0)


def test_the_public_form_says_when_it_opens_and_saves_nothing_before(demo, time_machine):
    opens = datetime.datetime(2025, 1, 25, 9, tzinfo=ZoneInfo("Africa/Casablanca"))
    Caravan.objects.filter(pk=demo.pk).update(registration_opens=opens)
    time_machine.move_to(DURING_DEMO_REGISTRATION)  # 20 January
    client = Client()
    client.cookies.load({"django_language": "fr"})
    page = client.get(REGISTER).content.decode()
    assert "Les inscriptions ouvrent le samedi 25 janvier 2025 à <bdi>09:00</bdi>." in page
    client.post(REGISTER, answers())
    assert counts() == (0, 0)
    time_machine.move_to(opens)
    assert client.post(REGISTER, answers()).status_code == 302
    assert counts() == (1, 1)


def test_staff_still_register_people_once_public_registration_is_closed(personas, time_machine):
    time_machine.move_to(AFTER)
    Caravan.objects.filter(slug="tanger-2025").update(status="running")
    assert personas["agent"].post(ENTRY, row()).status_code == 302
    assert Registration.objects.get().channel == "staff"


def test_the_caravan_page_counts_the_places_left_at_once(demo, time_machine):
    time_machine.move_to(DURING_DEMO_REGISTRATION)
    Caravan.objects.filter(pk=demo.pk).update(capacity=2)
    visitor = Client()
    visitor.cookies.load({"django_language": "fr"})
    assert "2 places restantes." in visitor.get(PAGE).content.decode()
    first = registered(demo)
    assert "1 place restante." in visitor.get(PAGE).content.decode()  # not the page cached a moment ago
    registered(demo)
    full = "Toutes les places sont prises : les nouvelles inscriptions vont sur la liste d'attente."
    assert full in visitor.get(PAGE).content.decode()
    cancel(first, None)
    assert "1 place restante." in visitor.get(PAGE).content.decode()


# --- A capacity below the people accepted -------------------------------------------------------------------


def test_a_capacity_below_the_people_accepted_asks_for_confirmation_and_says_what_it_means(demo, personas):
    for _ in range(5):
        registered(demo)
    organiser = personas["organiser"]
    response = organiser.post(EDIT, edit_form(demo, capacity=3))
    assert response.status_code == 200
    page = response.content.decode()
    assert ar("They all stay accepted: nobody loses their place.") in page
    assert 'name="capacity_confirmed" value="3"' in page
    demo.refresh_from_db()
    assert demo.capacity == 220  # nothing saved yet

    response = organiser.post(EDIT, edit_form(demo, capacity=3, capacity_confirmed="3"))
    assert response.status_code == 302
    demo.refresh_from_db()
    assert demo.capacity == 3 and demo.registrations.accepted().count() == 5  # nobody loses their place
    assert registered(demo).decision == "waitlisted"  # nobody new is accepted


def test_the_consequence_counts_the_cancellations_before_the_next_person_is_accepted(demo, personas):
    for _ in range(5):
        registered(demo)
    response = personas["organiser"].post(EDIT, edit_form(demo, capacity=3))
    assert response.context["form"].cancellations_needed() == 3  # 5 accepted: 2 above 3, and one more


def test_a_confirmation_of_another_number_asks_again(demo, personas):
    for _ in range(5):
        registered(demo)
    response = personas["organiser"].post(EDIT, edit_form(demo, capacity=2, capacity_confirmed="3"))
    assert response.status_code == 200 and 'name="capacity_confirmed" value="2"' in response.content.decode()
    demo.refresh_from_db()
    assert demo.capacity == 220


def test_a_capacity_at_or_above_the_people_accepted_is_saved_at_once(demo, personas):
    for _ in range(3):
        registered(demo)
    assert personas["organiser"].post(EDIT, edit_form(demo, capacity=3)).status_code == 302
    demo.refresh_from_db()
    assert demo.capacity == 3
