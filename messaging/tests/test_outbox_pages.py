"""A caravan's outbox page: who may open it, its filters and counts, masked addresses, sending a failed message
again."""

import pytest

from core.models import AuditEntry
from core.permissions import PERMISSIONS, Role
from core.tests.i18n import ar
from messaging.models import Message, Status
from people.models import Person

OUTBOX = "/staff/caravans/tanger-2025/messages/"
RETRY = OUTBOX + "retry/"


def a_message(caravan, n, **fields):
    person = Person.objects.create(full_name_ar=f"فاطمة {n}", phone=f"+21261234{n:04d}")
    defaults = {
        "caravan": caravan,
        "person": person,
        "channel": "sms",
        "kind": "decision",
        "language": "ar",
        "to": person.phone,
        "text": f"رسالة رقم {n}",
        "status": Status.SENT,
    }
    return Message.objects.create(**{**defaults, **fields})


@pytest.fixture
def outbox(demo):
    """Five messages of the demo caravan: two sent decisions, a failed reminder, an email and one not sent."""
    return {
        "sent": a_message(demo, 1),
        "delivered": a_message(demo, 2, status=Status.DELIVERED),
        "failed": a_message(demo, 3, kind="reminder", status=Status.FAILED, attempts=5, error="HTTP 400"),
        "email": a_message(demo, 4, channel="email", to="fatima@example.ma", kind="survey"),
        "not_sent": a_message(demo, 5, status=Status.NOT_SENT, reason="no_gateway", kind="reminder"),
    }


def texts_on(response):
    return {row[0].text for row in response.context["rows"]}


# Who may open it


def test_it_sends_anonymous_visitors_to_the_login_page(personas):
    for response in [personas["anonymous"].get(OUTBOX), personas["anonymous"].post(RETRY, {"all": "1"})]:
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_it_refuses_trainers_agents_and_other_caravans_organisers(demo, personas, outbox):
    from caravans.tests.factories import organiser_of_another_caravan

    for client in [personas["trainer"], personas["agent"], organiser_of_another_caravan(demo)]:
        assert client.get(OUTBOX).status_code == 403
        assert client.post(RETRY, {"all": "1"}).status_code == 403
    assert Message.objects.get(pk=outbox["failed"].pk).status == Status.FAILED


def test_it_shows_the_caravans_organisers_and_the_coordinator_every_message(personas, outbox):
    for persona in ["organiser", "coordinator"]:
        response = personas[persona].get(OUTBOX)
        assert response.status_code == 200
        assert texts_on(response) == {message.text for message in outbox.values()}


# What it shows


def test_it_filters_by_kind_status_and_channel(personas, outbox):
    client = personas["organiser"]
    assert texts_on(client.get(OUTBOX + "?kind=reminder")) == {outbox["failed"].text, outbox["not_sent"].text}
    assert texts_on(client.get(OUTBOX + "?kind=reminder&status=failed")) == {outbox["failed"].text}
    assert texts_on(client.get(OUTBOX + "?channel=email")) == {outbox["email"].text}
    # An old link's unknown value is ignored, not an error.
    assert len(texts_on(client.get(OUTBOX + "?status=lost"))) == 5


def test_it_counts_the_messages_by_status(personas, outbox):
    response = personas["organiser"].get(OUTBOX + "?kind=decision")
    counts = {status.value: count for status, count in response.context["counts"]}
    assert counts == {"queued": 0, "sent": 2, "delivered": 1, "failed": 1, "not_sent": 1}
    assert response.context["total"] == 5


def test_it_says_why_a_message_was_not_sent_in_words(personas, outbox):
    with_ar = personas["organiser"]
    with_ar.get("/language/ar/")
    html = with_ar.get(OUTBOX + "?status=not_sent").content.decode()
    assert ar("No gateway is configured") in html
    assert "HTTP 400" in with_ar.get(OUTBOX + "?status=failed").content.decode()


def test_it_shows_the_phone_to_roles_that_see_personal_data_and_audits_the_look(personas, outbox):
    response = personas["organiser"].get(OUTBOX + "?kind=decision&status=sent")
    assert response.context["rows"][0][1] == "06 12 34 00 01"
    assert "fatima@example.ma" in personas["organiser"].get(OUTBOX + "?channel=email").content.decode()
    assert AuditEntry.objects.filter(action="personal_data.viewed", details__page="outbox").count() == 2


def test_it_masks_the_phone_and_email_for_a_role_without_personal_data(personas, outbox, monkeypatch):
    monkeypatch.setitem(PERMISSIONS, "personal_data.view", {Role.COORDINATOR})
    html = personas["organiser"].get(OUTBOX).content.decode()
    assert "06 •• •• •• 01" in html and "f•••@example.ma" in html
    assert "12 34 00 01" not in html and "fatima@" not in html
    assert not AuditEntry.objects.filter(action="personal_data.viewed", details__page="outbox").exists()


def test_it_pages_a_long_outbox(demo, personas):
    for n in range(55):
        a_message(demo, 100 + n)
    first, second = personas["organiser"].get(OUTBOX), personas["organiser"].get(OUTBOX + "?page=2")
    assert len(first.context["rows"]) == 50 and len(second.context["rows"]) == 5
    assert texts_on(first).isdisjoint(texts_on(second))


# Sending failed messages again


def test_it_queues_a_failed_message_again_and_audits_it(personas, outbox):
    response = personas["organiser"].post(RETRY, {"message": outbox["failed"].pk, "back": "kind=reminder"})
    assert response.status_code == 302 and response.url == OUTBOX + "?kind=reminder"
    retried = Message.objects.get(pk=outbox["failed"].pk)
    assert (retried.status, retried.attempts, retried.error) == (Status.QUEUED, 0, "")
    assert AuditEntry.objects.filter(action="message.retried", object_id=str(retried.pk)).exists()


def test_it_sends_only_failed_messages_again(personas, outbox):
    for message in [outbox["sent"], outbox["not_sent"]]:
        personas["organiser"].post(RETRY, {"message": message.pk})
        assert Message.objects.get(pk=message.pk).status == message.status
    assert not AuditEntry.objects.filter(action="message.retried").exists()


def test_it_sends_every_failed_message_again_and_none_of_another_caravan(demo, personas, outbox):
    from caravans.services import copy_caravan

    other = copy_caravan(demo, "tetouan-2025", start=demo.start_date.replace(month=3))
    elsewhere = a_message(other, 9, status=Status.FAILED)
    another = a_message(demo, 6, status=Status.FAILED)
    personas["organiser"].post(RETRY, {"all": "1"})
    assert Message.objects.get(pk=outbox["failed"].pk).status == Status.QUEUED
    assert Message.objects.get(pk=another.pk).status == Status.QUEUED
    assert Message.objects.get(pk=elsewhere.pk).status == Status.FAILED
    # A message of another caravan named by its id is not found on this one.
    personas["organiser"].post(RETRY, {"message": elsewhere.pk})
    assert Message.objects.get(pk=elsewhere.pk).status == Status.FAILED


def test_a_message_sent_again_reaches_the_gateway(
    demo, personas, gateway, run_jobs, django_capture_on_commit_callbacks
):
    failed = a_message(demo, 7, status=Status.FAILED, attempts=5, error="HTTP 503: busy")
    with django_capture_on_commit_callbacks(execute=True):
        personas["organiser"].post(RETRY, {"message": failed.pk})
    run_jobs()
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.SENT, 1)
    assert gateway.references() == [str(failed.pk)]
