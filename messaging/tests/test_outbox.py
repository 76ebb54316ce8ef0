"""The outbox's other ways in: many at once, a retry by staff, two requests racing, WhatsApp's templates."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from core.models import AuditEntry
from messaging import outbox
from messaging.models import Kind, Message, OptOut, Status
from people.models import Person

from .gateway import TOKEN, Gateway


def person(n, **fields):
    values = {"full_name_ar": f"فاطمة {n}", "phone": f"+2126123400{n:02d}", "messages_consent": True}
    return Person.objects.create(**{**values, **fields})


@pytest.mark.django_db
def test_queue_bulk_makes_one_row_per_person_and_a_second_run_none(
    demo, gateway, run_jobs, django_capture_on_commit_callbacks
):
    people = [person(n) for n in range(5)] + [person(9, messages_consent=False)]
    outbox.opt_out(people[0].phone, source=OptOut.Source.STAFF)

    def send():
        with django_capture_on_commit_callbacks(execute=True):
            return outbox.queue_bulk(
                Kind.BULK, people, caravan=demo, key="b1", context_for=lambda p: {"text": f"Bonjour {p.pk}"}
            )

    assert send() == 6
    assert send() == 0
    run_jobs()
    rows = {m.person_id: m for m in Message.objects.filter(key="b1")}
    assert (rows[people[0].pk].status, rows[people[0].pk].reason) == (Status.NOT_SENT, "opted_out")
    assert (rows[people[5].pk].status, rows[people[5].pk].reason) == (Status.NOT_SENT, "no_consent")
    assert sorted(body["to"] for body in gateway.received) == sorted(p.phone for p in people[1:5])
    assert all(f"Bonjour {rows[p.pk].person_id}" in rows[p.pk].text for p in people)


@pytest.mark.django_db
def test_staff_retry_a_failed_message_audited(
    demo, gateway, run_jobs, django_capture_on_commit_callbacks, admin_user
):
    gateway.answer(400)
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.queue(Kind.SURVEY, person=person(1), caravan=demo, context={"url": "https://q/s"})
    run_jobs()
    message.refresh_from_db()
    assert message.status == Status.FAILED
    with django_capture_on_commit_callbacks(execute=True):
        outbox.retry(message, by=admin_user)
    run_jobs()
    message.refresh_from_db()
    assert message.status == Status.SENT and message.attempts == 1
    assert AuditEntry.objects.filter(action="message.retried", object_id=str(message.pk)).count() == 1


@pytest.mark.django_db
def test_whatsapp_sends_the_kind_s_approved_template_with_the_text(
    demo, settings, run_jobs, django_capture_on_commit_callbacks
):
    with Gateway() as cloud_api:  # the Cloud API's shape: POST {url}/{phone_number_id}/messages
        settings.QAFILA_WHATSAPP_URL = cloud_api.url.removesuffix("/sms")
        settings.QAFILA_WHATSAPP_PHONE_NUMBER_ID = "1055"
        settings.QAFILA_WHATSAPP_TOKEN = TOKEN
        settings.QAFILA_MESSAGES_QUIET_HOURS = "none"
        with django_capture_on_commit_callbacks(execute=True):
            message = outbox.queue(
                Kind.SURVEY, person=person(1, language="fr"), caravan=demo, context={"url": "https://q/s"}
            )
        run_jobs()
    message.refresh_from_db()
    assert message.channel == "whatsapp" and message.status == Status.SENT
    [body] = cloud_api.received
    assert body["to"] == "212612340001" and body["template"]["name"] == "qafila_survey"
    assert body["template"]["language"] == {"code": "fr"}
    assert body["template"]["components"][0]["parameters"][0]["text"] == message.text


@pytest.mark.django_db(transaction=True)
def test_two_requests_racing_on_one_event_make_one_message(places, settings):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers: the race needs PostgreSQL")
    settings.QAFILA_SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"  # queued only: no job runs here
    from caravans.demo import load_demo_caravan

    caravan, someone = load_demo_caravan(), person(1)
    barrier, made = threading.Barrier(4), []

    def one():
        try:
            barrier.wait()
            made.append(
                outbox.queue(
                    Kind.DECISION, person=someone, caravan=caravan, context={"decision": "accepted"}
                ).pk
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 4 and len(set(made)) == 1
    assert Message.objects.filter(person=someone).count() == 1


@pytest.mark.django_db
def test_one_event_to_an_address_that_is_nobody_of_the_registry_is_one_row_even_when_raced(demo, gateway):
    fields = {"caravan": demo, "kind": Kind.INVITATION, "key": "", "to": "+212612340001", "text": "x"}
    Message.objects.create(**fields, language="ar", channel="sms")
    with pytest.raises(IntegrityError), transaction.atomic():  # a racing request's row, past outbox's check
        Message.objects.create(**fields, language="fr", channel="sms")
    Message.objects.create(**{**fields, "key": "2"}, language="ar", channel="sms")  # another event: its own row
    invitation = outbox.queue(Kind.INVITATION, caravan=demo, to="0612340001", context={"url": "https://q/r"})
    assert Message.objects.filter(kind=Kind.INVITATION).count() == 2 and invitation.key == ""
