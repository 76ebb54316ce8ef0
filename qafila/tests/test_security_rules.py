"""The security rules of issue 16 in the test client, each one short: the served attacks are in
test_security_served.py."""

from urllib.parse import urlencode

import pytest
from django.test import Client

from caravans.tests.factories import DURING_DEMO_REGISTRATION
from core.addresses import client_ip
from core.checks import development_key
from core.text import without_controls
from people.models import Person, PossibleDuplicate
from places.models import Province
from registration.models import Registration

from .test_security_served import answers

ENTRY = "/staff/caravans/tanger-2025/registrations/new/"


def test_it_strips_direction_controls_and_keeps_the_letters_joiners():
    assert without_controls("\u202eفاطمة\u202c\u200f \u2067Fatima\u2069\u200b") == "فاطمة Fatima"
    assert without_controls("می\u200cخواهم") == "می\u200cخواهم"  # the non-joiner shapes the letters


def test_it_cleans_every_form_typed_before_a_view_reads_it(demo, time_machine):
    time_machine.move_to(DURING_DEMO_REGISTRATION)
    typed = answers(full_name_ar="\u202eنادية البكاري\u202c", province=Province.objects.get(code="MA-TNG").pk)
    body = urlencode(typed)
    Client().post("/caravans/tanger-2025/register/", body, content_type="application/x-www-form-urlencoded")
    assert Person.objects.get().full_name_ar == "نادية البكاري"


def test_an_agent_entering_a_known_cin_learns_and_changes_nothing(personas, demo):
    elsewhere = Person.objects.create(cin="ZT900001", full_name_ar="سلمى المرابط")
    row = answers(cin="ZT900001", province="طنجة أصيلة", full_name_ar="رحمة العمراني")
    answer = personas["agent"].post(ENTRY, row, follow=True)
    assert "سلمى" not in answer.content.decode()
    registration = Registration.objects.get()
    assert registration.person != elsewhere and registration.decision == "needs_review"
    assert PossibleDuplicate.objects.get(person=registration.person).other == elsewhere
    assert not elsewhere.registrations.exists()


def test_an_organiser_entering_a_known_cin_registers_that_person_as_before(personas, demo):
    known = Person.objects.create(cin="ZT900001", full_name_ar="سلمى المرابط")
    personas["organiser"].post(ENTRY, answers(cin="ZT900001", province="طنجة أصيلة"))
    assert Registration.objects.get().person == known


def test_signed_in_answers_are_not_stored_and_every_answer_has_a_policy(personas, demo):
    staff_page = personas["organiser"].get("/staff/caravans/tanger-2025/registrations/")
    assert "no-store" in staff_page["Cache-Control"]
    public_page = Client().get("/caravans/tanger-2025/")
    assert "no-store" not in public_page.get("Cache-Control", "")
    for answer in (staff_page, public_page):
        assert "script-src 'self'" in answer["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("proxies", "forwarded", "seen"),
    [
        (0, "198.51.100.7", "127.0.0.1"),  # no proxy: the header is the client's own say
        (1, "192.0.2.1, 198.51.100.7", "198.51.100.7"),  # what the proxy saw, not what the client wrote
        (2, "192.0.2.1, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        (1, "not an address", "127.0.0.1"),
        (2, "198.51.100.7", "127.0.0.1"),  # fewer values than proxies: the connection's address
    ],
)
def test_it_reads_the_client_address_behind_the_proxies(rf, settings, proxies, forwarded, seen):
    settings.QAFILA_PROXY_COUNT = proxies
    assert client_ip(rf.get("/", HTTP_X_FORWARDED_FOR=forwarded)) == seen


def test_check_deploy_refuses_the_development_key(settings):
    settings.SECRET_KEY = settings.QAFILA_DEV_SECRET_KEY
    assert [error.id for error in development_key(None)] == ["qafila.E001"]
    settings.SECRET_KEY = "a-real-secret-" + "x" * 40
    assert development_key(None) == []
