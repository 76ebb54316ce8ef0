"""A person registers themselves on the public page of a caravan, on a phone, in Arabic first."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from caravans.models import Caravan
from caravans.tests.factories import DURING_DEMO_REGISTRATION
from core.models import AuditEntry
from core.tests.i18n import ar
from people.models import Cooperative, Person, PossibleDuplicate
from places.models import Province
from registration import ratelimit
from registration.models import Registration
from registration.reasons import message
from registration.services import register

from .factories import person

REGISTER = "/caravans/tanger-2025/register/"
DONE = "/caravans/tanger-2025/register/done/"
_cins = iter(range(200000, 300000))


@pytest.fixture(autouse=True)
def registration_is_open(time_machine):
    time_machine.move_to(DURING_DEMO_REGISTRATION)


def answers(**changes):
    """What a project holder of Tanger-Assilah writes in the form."""
    data = {
        "full_name_ar": "فاطمة الزهراء العلمي",
        "full_name_latin": "Fatima Zahra El Alami",
        "cin": "KB123456",
        "sex": "female",
        "birth_date": "12/03/1990",
        "phone": "06 12 34 56 78",
        "province": Province.objects.get(code="MA-TNG").pk,
        "commune": "",
        "community": "أولاد علي",
        "profile": "project_holder",
        "cooperative_name": "",
        "cooperative_founded": "",
        "project_idea": "تربية النحل وبيع العسل",
        "sector": "",
        "consent": "on",
    }
    return {**data, **changes}


def someone_else(**changes):
    """Another person altogether: another CIN, phone and name."""
    n = next(_cins)
    return answers(
        cin=f"KB{n}", phone=f"0661{n:06d}", full_name_ar=f"مريم {n}", full_name_latin="", **changes
    )


def counts():
    return Person.objects.count(), Registration.objects.count()


def test_it_shows_the_form_in_arabic_with_a_plain_consent_notice(demo):
    page = Client().get(REGISTER).content.decode()
    assert 'lang="ar"' in page and 'dir="rtl"' in page
    assert "مديرية الشؤون القروية" in page  # DAR, the organiser, keeps the data
    assert "CNDP" in page and "6 فبراير 2027" in page  # who to complain to; kept two years after the caravan
    assert 'name="consent"' in page
    assert "طنجة-أصيلة — Tanger-Assilah" in page  # the provinces of the caravan's region, in both scripts
    assert "Casablanca" not in page


def test_it_registers_a_person_with_their_own_consent_and_shows_the_decision_elsewhere(demo):
    client = Client()
    response = client.post(REGISTER, answers())
    assert response.status_code == 302 and response["Location"] == DONE  # nothing personal in the address
    registration = Registration.objects.get()
    person = registration.person
    assert (registration.channel, registration.decision, registration.created_by) == (
        "self",
        "accepted",
        None,
    )
    assert (person.cin, person.phone, person.birth_date) == (
        "KB123456",
        "+212612345678",
        datetime.date(1990, 3, 12),
    )
    assert person.community_declared == "أولاد علي" and person.province.code == "MA-TNG"
    assert person.consent_channel == "self" and person.consent_at and person.consent_recorded_by is None
    page = client.get(DONE).content.decode()
    assert ar("You are accepted.") in page
    assert "KB123456" not in page and "0612345678" not in page  # the phone is shown masked
    assert "06 •• •• •• 78" in page


def test_its_confirmation_is_only_for_the_browser_that_registered(demo):
    Client().post(REGISTER, answers())
    response = Client().get(DONE)
    assert response.status_code == 302 and response["Location"] == REGISTER


def test_it_tells_what_the_organisers_will_check(demo):
    client = Client()
    client.post(REGISTER, answers(cin="K1234"))  # a plausible CIN of unusual shape: accepted, then checked
    registration = Registration.objects.get()
    assert registration.decision == "needs_review" and registration.reasons == ["cin_unusual"]
    assert message("cin_unusual", "ar") in client.get(DONE).content.decode()


def test_it_says_why_someone_cannot_take_part(demo):
    client = Client()
    client.post(REGISTER, answers(birth_date="2012"))
    assert Registration.objects.get().decision == "ineligible"
    page = client.get(DONE).content.decode()
    assert message("under_age", "ar") in page


def test_it_gives_a_place_on_the_waiting_list(demo):
    Caravan.objects.filter(pk=demo.pk).update(capacity=1)
    Client().post(REGISTER, someone_else())
    client = Client()
    client.post(REGISTER, answers())
    assert Registration.objects.latest("id").decision == "waitlisted"
    page = client.get(DONE).content.decode()
    assert ar("You are number %(position)s on the waiting list.", position=1) in page


def test_it_records_a_cooperative_with_its_founding_date(demo):
    Client().post(
        REGISTER,
        answers(
            profile="cooperative_member",
            project_idea="",
            cooperative_name="تعاونية النور",
            cooperative_founded="15/06/2023",
        ),
    )
    registration = Registration.objects.get()
    assert registration.cooperative == Cooperative.objects.get(name_ar="تعاونية النور")
    assert registration.cooperative.founded_on == datetime.date(2023, 6, 15)
    assert registration.decision == "accepted"


def test_it_sends_a_likely_duplicate_to_review(demo):
    known = (
        person(  # from an old list: no CIN, the name spelled a little differently, same phone and birth date
            cin="",
            full_name_latin="",
            full_name_ar="فاطمه الزهراء العلمى",
            phone="+212612345678",
            birth_date=datetime.date(1990, 3, 12),
        )
    )
    Client().post(REGISTER, answers())
    registration = Registration.objects.get()
    assert registration.decision == "needs_review" and "possible_duplicate" in registration.reasons
    assert PossibleDuplicate.objects.get(person=registration.person).other == known


@pytest.mark.parametrize(
    "changes,field,code",
    [
        ({"cin": "123456"}, "cin", "invalid_cin"),
        ({"cin": "ك123456"}, "cin", "invalid_cin"),  # the card's letters are Latin
        ({"cin": " - "}, "cin", "required"),
        ({"phone": "12 34"}, "phone", "invalid_phone"),
        ({"phone": "0800 12 34 56"}, "phone", "invalid_phone"),  # toll-free: nobody to call
        ({"birth_date": "31/02/1990"}, "birth_date", "invalid_date"),
        ({"birth_date": "03/25/1990"}, "birth_date", "invalid_date"),  # day first, never swapped
        ({"birth_date": "12/03/2999"}, "birth_date", "invalid_date"),
        ({"birth_date": ""}, "birth_date", "required"),
        ({"cooperative_founded": "45/13/2020"}, "cooperative_founded", "invalid_date"),
        ({"consent": ""}, "consent", "required"),
        ({"full_name_ar": "", "full_name_latin": " "}, "full_name_ar", "missing_name"),
        ({"project_idea": ""}, "project_idea", "missing_project_idea"),
        ({"profile": "cooperative_member"}, "cooperative_name", "missing_cooperative_name"),
        ({"profile": ""}, "profile", "required"),
        ({"sex": ""}, "sex", "required"),
        ({"community": ""}, "community", "required"),
        ({"province": ""}, "province", "required"),
    ],
)
def test_it_saves_nothing_and_explains_each_error_next_to_its_field(demo, changes, field, code):
    before = counts()
    response = Client().post(REGISTER, answers(**changes))
    assert response.status_code == 200
    assert counts() == before
    errors = response.context["form"].errors.as_data()
    assert list(errors) == [field] and [e.code for e in errors[field]] == [code]
    page = response.content.decode()
    explained = response.context["form"].errors[field][0]
    assert (
        f'<ul class="errorlist" id="id_{field}_error"><li>{explained}</li></ul>'.replace("'", "&#x27;")
        in page
    )
    assert ar("Nothing was saved: please correct what is marked in red below.") in page


def test_it_gives_the_reading_errors_in_the_words_of_the_import_report(demo):
    response = Client().post(REGISTER, answers(cin="123456", phone="12", birth_date="31/02/1990"))
    errors = response.context["form"].errors
    assert errors["cin"] == [message("invalid_cin", "ar")]
    assert errors["phone"] == [message("invalid_phone", "ar")]
    assert errors["birth_date"] == [message("invalid_date", "ar")]
    assert counts() == (0, 0)


def test_it_keeps_what_was_typed_when_sending_the_form_back(demo):
    page = Client().post(REGISTER, answers(phone="12")).content.decode()
    assert 'value="KB123456"' in page and 'value="فاطمة الزهراء العلمي"' in page


def test_it_refuses_a_province_outside_the_caravans_region(demo):
    casablanca = Province.objects.get(name_fr__startswith="Casablanca")
    response = Client().post(REGISTER, answers(province=casablanca.pk))
    assert "province" in response.context["form"].errors and Registration.objects.count() == 0


def test_it_refuses_the_eleventh_submission_from_one_connection_in_an_hour(demo):
    client = Client(REMOTE_ADDR="41.250.10.7")
    for _ in range(10):
        assert client.post(REGISTER, someone_else()).status_code == 302
    before = counts()
    response = client.post(REGISTER, someone_else())
    assert response.status_code == 429
    assert counts() == before
    assert ar("Please try again later") in response.content.decode()
    # Another connection is not held back.
    assert Client(REMOTE_ADDR="41.250.10.8").post(REGISTER, someone_else()).status_code == 302


def test_its_limit_counts_in_the_database_an_hour_long_without_keeping_addresses(demo):
    client = Client(REMOTE_ADDR="41.250.10.7")
    for _ in range(10):
        client.post(REGISTER, someone_else())
    entries = AuditEntry.objects.filter(action=ratelimit.ACTION)
    assert entries.count() == 10
    assert "41.250.10.7" not in str(list(entries.values_list("details", flat=True)))
    entries.update(at=timezone.now() - datetime.timedelta(minutes=61))
    assert client.post(REGISTER, someone_else()).status_code == 302


def test_its_limit_does_not_count_forms_sent_back_with_errors(demo):
    client = Client(REMOTE_ADDR="41.250.10.7")
    for _ in range(12):
        assert client.post(REGISTER, answers(cin="??")).status_code == 200
    assert not demo.registrations.filter(person__full_name_ar="فاطمة الزهراء العلمي").exists()
    assert client.post(REGISTER, answers()).status_code == 302
    assert demo.registrations.get(person__full_name_ar="فاطمة الزهراء العلمي").person.cin == "KB123456"


def test_its_limit_counts_the_address_the_proxy_saw(demo, settings):
    settings.QAFILA_PROXY_COUNT = 1
    for n in range(10):  # the same visitor behind the proxy, whatever address they claim further left
        Client(REMOTE_ADDR="10.0.0.1").post(
            REGISTER, someone_else(), HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 41.250.10.7"
        )
    response = Client(REMOTE_ADDR="10.0.0.1").post(
        REGISTER, someone_else(), HTTP_X_FORWARDED_FOR="41.250.10.7"
    )
    assert response.status_code == 429
    other = Client(REMOTE_ADDR="10.0.0.1").post(REGISTER, someone_else(), HTTP_X_FORWARDED_FOR="41.250.10.9")
    assert other.status_code == 302


@pytest.mark.parametrize("status", ["running", "closed"])
def test_it_says_kindly_that_registration_is_closed_and_saves_nothing(demo, status):
    Caravan.objects.filter(pk=demo.pk).update(status=status)
    page = Client().get(REGISTER)
    assert page.status_code == 200 and ar("Registration is closed") in page.content.decode()
    assert 'name="consent"' not in page.content.decode()
    Client().post(REGISTER, answers())
    assert counts() == (0, 0)


def test_it_does_not_exist_for_a_draft_caravan(demo):
    Caravan.objects.filter(pk=demo.pk).update(status="draft")
    assert Client().get(REGISTER).status_code == 404
    assert Client().post(REGISTER, answers()).status_code == 404


def test_a_cin_the_registry_knows_makes_a_new_record_for_staff_to_match(demo):
    already = person(cin="KB123456", phone="", full_name_ar="خديجة البقالي", full_name_latin="")
    register(demo, already, profile="project_holder", channel="staff", project_idea="تربية الماعز")
    browser = Client()
    browser.post(REGISTER, answers(cin="kb 123456"))  # the same card, typed differently
    page = browser.get(DONE).content.decode()
    assert "خديجة" not in page and "فاطمة الزهراء العلمي" in page  # only what the visitor typed
    assert ar("You are accepted.") not in page and message("identity_to_check", "ar") in page
    typed = Registration.objects.exclude(person=already).get()
    assert typed.decision == "needs_review" and typed.reasons == ["identity_to_check"]
    assert typed.person.cin == "" and typed.person.phone == "+212612345678"
    pair = PossibleDuplicate.objects.get(person=typed.person)
    assert pair.other == already and pair.reasons == ["same_cin"]
    already.refresh_from_db()
    assert already.phone == "" and already.registrations.get().project_idea == "تربية الماعز"  # untouched


def test_it_is_open_to_everyone_even_staff(personas):
    for persona in ("anonymous", "coordinator", "organiser", "trainer", "agent"):
        response = personas[persona].get(REGISTER)
        assert response.status_code == 200, persona
        assert 'name="full_name_ar"' in response.content.decode() and 'name="consent"' in response.content.decode()
