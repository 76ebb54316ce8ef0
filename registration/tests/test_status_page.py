"""A participant finds their own registration again on the caravan's status page, with the reference they got
(or their CIN) and their date of birth: its decision, their place on the waiting list, their badge code; and
cancels it if they cannot come."""

import datetime

import pytest
from django.test import Client

from caravans.models import Caravan
from caravans.services import copy_caravan
from caravans.tests.factories import DURING_DEMO_REGISTRATION
from core.models import AuditEntry
from core.qr import qr_svg
from core.tests.i18n import ar
from registration import ratelimit
from registration.reasons import message
from registration.services import register

from .factories import person

STATUS = "/caravans/tanger-2025/status/"
CANCEL = "/caravans/tanger-2025/status/cancel/"
NOT_FOUND = (
    "We found no registration with these details. Check what you typed, or ask the organisers: they can find "
    "your registration."
)


@pytest.fixture(autouse=True)
def before_the_caravan(time_machine):
    time_machine.move_to(DURING_DEMO_REGISTRATION)


def registered(caravan, **fields):
    """A project holder born on 1 May 1990, registered by staff."""
    return register(caravan, person(**fields), profile="project_holder", channel="staff", project_idea="عسل")


def look_up(client, code, birth_date="01/05/1990"):
    return client.post(STATUS, {"code": code, "birth_date": birth_date})


def test_it_shows_an_accepted_person_their_decision_and_badge_code_with_its_qr_code(demo):
    registration = registered(demo)
    client = Client()
    response = look_up(client, registration.reference_display)
    assert response.status_code == 302 and response["Location"] == STATUS  # nothing personal in the address
    page = client.get(STATUS).content.decode()
    assert ar("You are accepted.") in page
    assert registration.badge_code in page and str(qr_svg(registration.badge_code)) in page
    assert 'href="/caravans/tanger-2025/"' in page and 'href="/caravans/tanger-2025/programme.pdf"' in page
    assert registration.person.cin not in page and registration.person.phone not in page


def test_it_finds_the_registration_by_cin_or_by_the_reference_typed_loosely(demo):
    registration = registered(demo, cin="KB654321")
    typed = registration.reference_display.lower().replace("-", " ")  # "qf 7k3m 9pxa"
    for code in ["kb 654321", typed, registration.reference]:
        client = Client()
        look_up(client, code, birth_date="1/5/1990")
        assert ar("You are accepted.") in client.get(STATUS).content.decode(), code


def test_it_tells_a_person_on_the_waiting_list_their_place(demo):
    Caravan.objects.filter(pk=demo.pk).update(capacity=1)
    registered(demo)
    registered(demo)
    third = registered(demo)
    client = Client()
    look_up(client, third.reference)
    page = client.get(STATUS).content.decode()
    assert ar("You are number %(position)s on the waiting list.", position=2) in page
    assert third.badge_code is None and "<svg" not in page


def test_it_says_why_someone_cannot_take_part(demo):
    registration = registered(demo, birth_date=datetime.date(2010, 5, 1))
    client = Client()
    look_up(client, registration.reference, birth_date="01/05/2010")
    page = client.get(STATUS).content.decode()
    assert registration.decision == "ineligible" and message("under_age", "ar") in page
    assert CANCEL not in page  # nothing to cancel


@pytest.mark.parametrize(
    "code,birth_date",
    [
        ("right reference", "02/05/1990"),  # the right reference, another date of birth
        ("QF-2345-6789", "01/05/1990"),  # a reference nobody has
        ("KB999999", "01/05/1990"),  # a CIN not registered
    ],
)
def test_a_wrong_lookup_gets_one_neutral_sentence_that_reveals_nothing(demo, code, birth_date):
    registration = registered(demo)
    if code == "right reference":
        code = registration.reference_display
    client = Client()
    response = look_up(client, code, birth_date)
    page = response.content.decode()
    assert response.status_code == 200 and ar(NOT_FOUND) in page
    assert ar("You are accepted.") not in page and registration.person.full_name_ar not in page
    assert client.get(STATUS).context["form"] is not None  # nothing kept: the form again


def test_the_lookup_is_never_read_from_the_address(demo):
    registration = registered(demo)
    page = Client().get(f"{STATUS}?code={registration.reference}&birth_date=01/05/1990").content.decode()
    assert ar("You are accepted.") not in page and 'name="code"' in page


def test_the_status_of_one_caravan_is_not_shown_on_another(demo):
    other = copy_caravan(demo, "tetouan-2025")
    Caravan.objects.filter(pk=other.pk).update(status="registration_open")
    registration = registered(demo)
    client = Client()
    look_up(client, registration.reference)
    page = client.get("/caravans/tetouan-2025/status/").content.decode()
    assert ar("You are accepted.") not in page and 'name="code"' in page
    assert look_up(client, registration.reference).status_code == 302  # still found on its own caravan


def test_it_keeps_the_registration_in_the_session_not_in_the_page(demo):
    registration = registered(demo, cin="KB654321")
    client = Client()
    look_up(client, "KB654321")
    assert client.session[f"registration.status.{demo.pk}"] == registration.pk
    for url in (STATUS, CANCEL):
        page = client.get(url).content.decode()
        assert 'type="hidden" name="code"' not in page and "KB654321" not in page and "1990" not in page


def test_done_hides_the_registration_on_this_device(demo):
    registration = registered(demo)
    client = Client()
    look_up(client, registration.reference)
    client.post(STATUS, {"forget": "1"})
    page = client.get(STATUS).content.decode()
    assert ar("You are accepted.") not in page and 'name="code"' in page


# --- Cancelling ---------------------------------------------------------------------------------------------


def test_cancelling_asks_first_then_frees_the_place_for_the_next_person_waiting(demo):
    Caravan.objects.filter(pk=demo.pk).update(capacity=1)
    accepted, waiting = registered(demo), registered(demo)
    client = Client()
    look_up(client, accepted.reference)
    confirm = client.get(CANCEL)
    assert ar("Your place goes to the next person on the waiting list.") in confirm.content.decode()
    accepted.refresh_from_db()
    assert accepted.decision == "accepted"  # asking changes nothing

    response = client.post(CANCEL)  # nothing typed again: the registration is the one found
    assert response.status_code == 302 and response["Location"] == STATUS
    accepted.refresh_from_db()
    waiting.refresh_from_db()
    assert (accepted.decision, waiting.decision) == ("cancelled", "accepted") and waiting.badge_code
    assert AuditEntry.objects.filter(action="registration.cancelled", object_id=str(accepted.pk)).exists()
    assert AuditEntry.objects.filter(action="registration.promoted", object_id=str(waiting.pk)).exists()
    assert accepted.history.last().justification
    assert ar("This registration is cancelled.") in client.get(STATUS).content.decode()


def test_cancelling_is_refused_without_a_lookup_in_this_browser(demo):
    registration = registered(demo)
    response = Client().post(CANCEL)
    assert response.status_code == 302 and response["Location"] == STATUS
    registration.refresh_from_db()
    assert registration.decision == "accepted"


def test_cancelling_is_refused_once_the_caravan_has_begun(demo, time_machine):
    registration = registered(demo)
    client = Client()
    look_up(client, registration.reference)
    time_machine.move_to("2025-02-04 08:00+01:00")
    assert CANCEL not in client.get(STATUS).content.decode()
    assert client.post(CANCEL).status_code == 302
    registration.refresh_from_db()
    assert registration.decision == "accepted"


# --- A brake on guessing ------------------------------------------------------------------------------------


def test_it_refuses_lookups_after_ten_wrong_ones_from_one_connection_in_an_hour(demo):
    registration = registered(demo)
    client = Client(REMOTE_ADDR="41.250.10.7")
    for day in range(2, 12):
        look_up(client, registration.reference, birth_date=f"{day:02d}/05/1990")
    response = look_up(client, registration.reference)  # right, but too late
    assert response.status_code == 429
    assert ar("Too many tries from this connection in the last hour.") in response.content.decode()
    assert f"registration.status.{demo.pk}" not in client.session
    entries = AuditEntry.objects.filter(action="registration.status_not_found")
    assert entries.count() == 10 and "41.250.10.7" not in str(list(entries.values_list("details", flat=True)))
    assert look_up(Client(REMOTE_ADDR="41.250.10.8"), registration.reference).status_code == 302


def test_lookups_that_find_the_registration_are_not_counted(demo):
    registration = registered(demo)
    client = Client(REMOTE_ADDR="41.250.10.7")
    for _ in range(12):
        assert look_up(client, registration.reference).status_code == 302
    assert not AuditEntry.objects.filter(action="registration.status_not_found").exists()
    assert not AuditEntry.objects.filter(action=ratelimit.ACTION).exists()  # nor as registrations


def test_it_does_not_exist_for_a_draft_caravan(demo):
    Caravan.objects.filter(pk=demo.pk).update(status="draft")
    assert Client().get(STATUS).status_code == 404
    assert look_up(Client(), "QF-2345-6789").status_code == 404
    assert Client().post(CANCEL).status_code == 404


def test_it_answers_in_the_visitors_language(demo):
    registration = registered(demo)
    client = Client()
    client.cookies.load({"django_language": "fr"})
    look_up(client, registration.reference)
    assert "Vous êtes accepté(e)." in client.get(STATUS).content.decode()
