"""Handing messages to a real local SMS gateway and a real SMTP server, by the job worker."""

import datetime
import email
from zoneinfo import ZoneInfo

import pytest
import time_machine

from messaging import outbox, tasks
from messaging.models import Kind, Message, OptOut, Status
from people.models import Person

from .gateway import TOKEN

MOROCCO = ZoneInfo("Africa/Casablanca")
pytestmark = pytest.mark.django_db


def participant(**fields):
    values = {
        "full_name_ar": "فاطمة العلمي",
        "phone": "+212612345678",
        "messages_consent": True,
        "language": "ar",
    }
    return Person.objects.create(**{**values, **fields})


def queue(django_capture_on_commit_callbacks, kind=Kind.SURVEY, **fields):
    fields.setdefault("context", {"name": "Fatima", "url": "https://qafila.example/s/1"})
    with django_capture_on_commit_callbacks(execute=True):
        return outbox.queue(kind, **fields)


def test_it_hands_an_sms_to_the_gateway_with_its_reference(
    demo, gateway, run_jobs, django_capture_on_commit_callbacks
):
    person = participant()
    message = queue(django_capture_on_commit_callbacks, person=person, caravan=demo)
    run_jobs()
    message.refresh_from_db()
    assert message.status == Status.SENT and message.gateway_id == "gw-1" and message.attempts == 1
    assert gateway.received == [
        {
            "to": "+212612345678",
            "text": message.text,
            "reference": str(message.pk),
            "authorization": f"Bearer {TOKEN}",
        }
    ]
    assert "https://qafila.example/s/1" in message.text


def test_a_gateway_busy_429_is_tried_again_later(demo, gateway, run_jobs, django_capture_on_commit_callbacks):
    gateway.answer(429)
    message = queue(django_capture_on_commit_callbacks, person=participant(), caravan=demo)
    with django_capture_on_commit_callbacks(execute=True):
        run_jobs()
    message.refresh_from_db()
    assert message.status == Status.QUEUED and "429" in message.error
    run_jobs()  # the retry is not due yet
    assert len(gateway.received) == 1
    with time_machine.travel(message.send_after + datetime.timedelta(seconds=1)):
        run_jobs()
    message.refresh_from_db()
    assert message.status == Status.SENT and message.attempts == 2
    assert gateway.references() == [str(message.pk)] * 2


def test_a_500_each_time_fails_the_message_after_a_few_attempts(
    demo, gateway, run_jobs, django_capture_on_commit_callbacks
):
    gateway.answer(*[500] * 10)
    message = queue(django_capture_on_commit_callbacks, person=participant(), caravan=demo)
    with time_machine.travel(message.created, tick=False) as clock:
        while message.status == Status.QUEUED and message.attempts < 10:
            with django_capture_on_commit_callbacks(execute=True):
                run_jobs()
            message.refresh_from_db()
            clock.move_to(message.send_after + datetime.timedelta(seconds=1))
    assert message.status == Status.FAILED and "500" in message.error
    assert len(gateway.received) == message.attempts == tasks.MAX_ATTEMPTS


def test_a_400_fails_the_message_for_good(demo, gateway, run_jobs, django_capture_on_commit_callbacks):
    gateway.answer(400)
    message = queue(django_capture_on_commit_callbacks, person=participant(), caravan=demo)
    with django_capture_on_commit_callbacks(execute=True):
        run_jobs()
    message.refresh_from_db()
    assert message.status == Status.FAILED and "400" in message.error
    run_jobs()
    assert len(gateway.received) == 1


def test_without_a_gateway_an_sms_is_not_sent_and_says_why(
    demo, settings, django_capture_on_commit_callbacks
):
    settings.QAFILA_SMS_GATEWAY_URL = ""
    message = queue(django_capture_on_commit_callbacks, person=participant(), caravan=demo)
    assert (message.status, message.reason) == (Status.NOT_SENT, "no_gateway")


def test_an_opted_out_number_gets_nothing_more(demo, gateway, run_jobs, django_capture_on_commit_callbacks):
    person = participant()
    outbox.opt_out("0612345678", source=OptOut.Source.REPLY)
    message = queue(django_capture_on_commit_callbacks, person=person, caravan=demo)
    run_jobs()
    assert (message.status, message.reason) == (Status.NOT_SENT, "opted_out")
    assert gateway.received == []


def test_an_opt_out_stops_the_messages_already_queued(
    demo, gateway, run_jobs, django_capture_on_commit_callbacks
):
    message = queue(django_capture_on_commit_callbacks, person=participant(), caravan=demo)
    outbox.opt_out("+212612345678", source=OptOut.Source.STAFF)
    run_jobs()
    message.refresh_from_db()
    assert (message.status, message.reason) == (Status.NOT_SENT, "opted_out")
    assert gateway.received == []


def test_the_same_event_twice_makes_one_message(demo, gateway, run_jobs, django_capture_on_commit_callbacks):
    person = participant()
    first = queue(django_capture_on_commit_callbacks, person=person, caravan=demo)
    second = queue(django_capture_on_commit_callbacks, person=person, caravan=demo)
    run_jobs()
    assert first.pk == second.pk
    assert Message.objects.filter(person=person).count() == 1
    assert len(gateway.received) == 1


def test_a_person_who_said_no_gets_nothing_and_an_unasked_one_only_their_own_news(
    demo, gateway, django_capture_on_commit_callbacks
):
    refused = queue(
        django_capture_on_commit_callbacks, person=participant(messages_consent=False), caravan=demo
    )
    unasked = participant(phone="+212612345679", messages_consent=None)
    own_news = queue(django_capture_on_commit_callbacks, person=unasked, caravan=demo)
    bulk = queue(
        django_capture_on_commit_callbacks,
        kind=Kind.BULK,
        person=unasked,
        caravan=demo,
        key="1",
        context={"text": "x"},
    )
    assert (refused.status, refused.reason) == (Status.NOT_SENT, "no_consent")
    assert own_news.status == Status.QUEUED
    assert (bulk.status, bulk.reason) == (Status.NOT_SENT, "no_consent")


def test_a_person_without_phone_gets_an_email_and_without_either_nothing(
    demo, mailbox, run_jobs, django_capture_on_commit_callbacks
):
    by_email = queue(
        django_capture_on_commit_callbacks,
        person=participant(phone="", email="Fatima@Example.ma", language="fr"),
        caravan=demo,
    )
    nowhere = queue(django_capture_on_commit_callbacks, person=participant(phone=""), caravan=demo)
    run_jobs()
    by_email.refresh_from_db()
    assert by_email.status == Status.SENT and by_email.channel == "email"
    assert (nowhere.status, nowhere.reason) == (Status.NOT_SENT, "no_address")
    [envelope] = mailbox.envelopes
    assert envelope.rcpt_tos == ["fatima@example.ma"]
    body = email.message_from_bytes(envelope.content).get_payload(decode=True).decode()
    assert body.startswith(by_email.text)
    assert "Ne plus recevoir de messages : http" in body  # every email carries its opt-out link, in French


@pytest.mark.parametrize("hour, delayed", [(22, True), (7, True), (12, False)])
def test_quiet_hours_put_an_sms_off_until_8_in_morocco_but_not_an_email(
    hour, delayed, demo, gateway, mailbox, settings, run_jobs, django_capture_on_commit_callbacks
):
    settings.QAFILA_MESSAGES_QUIET_HOURS = "21-8"
    moment = datetime.datetime(2025, 3, 3, hour, 30, tzinfo=MOROCCO)
    with time_machine.travel(moment, tick=False):
        sms = queue(django_capture_on_commit_callbacks, person=participant(), caravan=demo)
        email = queue(
            django_capture_on_commit_callbacks,
            person=participant(phone="", email="a@example.ma"),
            caravan=demo,
        )
        with django_capture_on_commit_callbacks(execute=True):
            run_jobs()
    sms.refresh_from_db()
    email.refresh_from_db()
    assert email.status == Status.SENT and len(mailbox.envelopes) == 1
    if not delayed:
        assert sms.status == Status.SENT
        return
    assert sms.status == Status.QUEUED and gateway.received == []
    assert sms.send_after.astimezone(MOROCCO).hour == 8 and sms.attempts == 0
    with time_machine.travel(sms.send_after, tick=False):
        run_jobs()
    sms.refresh_from_db()
    assert sms.status == Status.SENT and len(gateway.received) == 1
