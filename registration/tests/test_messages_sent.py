"""What a person is told about their registration: received, then the decision, and each later change of it,
once each, in their language, through the real outbox (no gateway is called here: delivery is messaging's)."""

import datetime

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from caravans.tests.factories import DURING_DEMO_REGISTRATION
from messaging.models import Message
from people.models import Person
from registration.models import Decision, Registration
from registration.reasons import message
from registration.services import cancel, fill_free_places, override, register

from .factories import person
from .test_self_registration import REGISTER, answers

ENTRY = "/staff/caravans/tanger-2025/registrations/new/"


@pytest.fixture(autouse=True)
def gateway(settings):
    """A configured gateway, so that a message that may go is queued (nothing is delivered in these tests)."""
    settings.QAFILA_SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"
    settings.SITE_URL = "https://qafila.example.ma"


def registered(caravan, **fields):
    return register(
        caravan, person(**fields), profile="project_holder", channel="staff", project_idea="تربية النحل"
    )


def told(registration, kind="decision"):
    return list(Message.objects.filter(person=registration.person, caravan=registration.caravan, kind=kind))


def test_registering_on_the_public_form_queues_the_reference_in_arabic(demo, time_machine):
    time_machine.move_to(DURING_DEMO_REGISTRATION)
    Client().post(REGISTER, answers(messages_consent="on"))
    registration = Registration.objects.get()
    [received] = told(registration, "registration_received")
    assert received.status == "queued" and received.language == "ar" and received.to == "+212612345678"
    assert registration.reference_display in received.text
    assert "فاطمة الزهراء العلمي" in received.text and demo.title_ar in received.text
    assert "https://qafila.example.ma/caravans/tanger-2025/status/" in received.text
    assert registration.person.messages_consent is True and registration.person.language == "ar"


def test_the_delivery_job_is_enqueued_once_the_registration_is_committed(
    demo, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(DURING_DEMO_REGISTRATION)
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(REGISTER, answers(messages_consent="on"))
    jobs = DBTaskResult.objects.filter(task_path="messaging.tasks.deliver")
    queued = Message.objects.filter(status="queued").values_list("pk", flat=True)
    assert sorted(job.args_kwargs["args"][0] for job in jobs) == sorted(queued)  # received, accepted


def test_a_person_registering_in_french_is_written_to_in_french(demo, time_machine):
    time_machine.move_to(DURING_DEMO_REGISTRATION)
    Client().post(REGISTER, answers(messages_consent="on"), HTTP_ACCEPT_LANGUAGE="fr")
    registration = Registration.objects.get()
    [received] = told(registration, "registration_received")
    assert registration.person.language == "fr" and received.language == "fr"
    assert demo.title_fr in received.text and "Fatima Zahra El Alami" in received.text
    assert registration.reference_display in received.text


def test_a_person_who_did_not_agree_to_messages_is_sent_nothing(demo, time_machine):
    time_machine.move_to(DURING_DEMO_REGISTRATION)
    Client().post(REGISTER, answers())  # the messages box left empty
    registration = Registration.objects.get()
    assert registration.person.messages_consent is False
    rows = Message.objects.filter(person=registration.person)
    assert {(m.kind, m.status, m.reason) for m in rows} == {
        ("registration_received", "not_sent", "no_consent"),
        ("decision", "not_sent", "no_consent"),
    }
    assert not DBTaskResult.objects.exists()


def test_the_staff_entry_records_the_language_the_email_and_the_persons_answer(personas, demo):
    data = {
        "province": "طنجة أصيلة",
        "community": "أولاد علي",
        "profile": "project_holder",
        "full_name_ar": "خديجة البقالي",
        "full_name_latin": "Khadija Bakkali",
        "cin": "LB234567",
        "sex": "female",
        "birth_date": "12/03/1985",
        "phone": "0661234567",
        "email": "khadija@example.ma",
        "project_idea": "تثمين زيت الزيتون",
        "consent": "on",
        "language": "fr",
        "messages_consent": "on",
    }
    assert personas["agent"].post(ENTRY, data).status_code == 302
    khadija = Person.objects.get(cin="LB234567")
    assert (khadija.language, khadija.email, khadija.messages_consent) == ("fr", "khadija@example.ma", True)
    [received] = Message.objects.filter(person=khadija, kind="registration_received")
    assert received.language == "fr" and "Khadija Bakkali" in received.text and received.status == "queued"
    page = personas["agent"].get(ENTRY).content.decode()
    assert 'name="messages_consent"' in page and 'name="language"' in page and 'name="email"' in page


def test_accepted_is_told_with_the_badge_code(demo):
    registration = registered(demo)
    [decision] = told(registration)
    assert decision.key == "accepted" and registration.badge_code in decision.text


def test_waitlisted_is_told_their_place_on_the_list(demo):
    demo.capacity = 1
    demo.save()
    registered(demo)
    second, third = registered(demo), registered(demo)
    assert (second.decision, third.decision) == (Decision.WAITLISTED, Decision.WAITLISTED)
    [decision] = told(third)
    assert decision.key == "waitlisted" and " 2 " in decision.text


def test_not_eligible_is_told_the_reason_in_words_and_whom_to_ask(demo):
    registration = registered(demo, birth_date=datetime.date(2012, 5, 1))
    assert registration.decision == Decision.INELIGIBLE
    [decision] = told(registration)
    assert message("under_age", "ar").rstrip(".") in decision.text
    assert "مديرية الشؤون القروية" in decision.text  # DAR, the organiser


def test_a_registration_to_review_is_told_only_that_it_was_received(demo):
    registration = registered(demo, cin="")
    assert registration.decision == Decision.NEEDS_REVIEW
    assert len(told(registration, "registration_received")) == 1 and told(registration) == []


def test_each_change_of_decision_is_told_once(demo, django_user_model):
    coordinator = django_user_model.objects.get(username="coordinator")
    registration = registered(demo)
    override(registration, Decision.INELIGIBLE, "لا تنطبق عليها الشروط", coordinator)
    override(registration, Decision.INELIGIBLE, "نفس القرار", coordinator)  # no change: nothing new said
    override(registration, Decision.ACCEPTED, "بعد المراجعة", coordinator)
    said = [(m.key.split("#")[0], m.created_by) for m in reversed(told(registration))]
    assert said == [("accepted", None), ("ineligible", coordinator), ("accepted", coordinator)]
    registration.refresh_from_db()
    assert registration.badge_code in told(registration)[0].text


def test_the_first_person_waiting_is_told_they_were_promoted(demo, django_user_model):
    demo.capacity = 1
    demo.save()
    first, waiting = registered(demo), registered(demo)
    cancel(first, None)
    [promoted] = told(waiting, "waitlist_promoted")
    waiting.refresh_from_db()
    assert waiting.badge_code in promoted.text
    assert told(first) and len(told(first)) == 1  # a cancellation is told nothing


def test_raising_the_capacity_tells_each_person_moved_up(demo, django_user_model):
    demo.capacity = 1
    demo.save()
    registered(demo)
    waiting = [registered(demo), registered(demo)]
    demo.capacity = 3
    demo.save()
    fill_free_places(demo, django_user_model.objects.get(username="organiser"))
    fill_free_places(demo, None)  # again: nobody moves, nobody is told twice
    assert [len(told(registration, "waitlist_promoted")) for registration in waiting] == [1, 1]
