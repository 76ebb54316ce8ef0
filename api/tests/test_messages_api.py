"""The messages API: the SMS gateway's delivery reports and replies, and a caravan's outbox for its staff."""

import pytest
from django.test import Client

from core.models import AuditEntry
from core.permissions import PERMISSIONS, Role
from messaging import outbox
from messaging.models import Kind, Message, OptOut, Status
from people.models import Person

STATUS = "/api/v1/messages/status"
LIST = "/api/v1/caravans/tanger-2025/messages"
TOKEN = "the-gateway-token"


@pytest.fixture
def gateway_token(settings):
    settings.QAFILA_SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"  # never called: these tests queue, not deliver
    settings.QAFILA_SMS_GATEWAY_TOKEN = TOKEN
    return {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}


@pytest.fixture
def sent(demo, gateway_token):
    person = Person.objects.create(full_name_ar="فاطمة", phone="+212612345678", messages_consent=True)
    message = outbox.queue(Kind.SURVEY, person=person, caravan=demo, context={"url": "https://q/s"})
    Message.objects.filter(pk=message.pk).update(status=Status.SENT)
    return message


def post(body, headers):
    return Client().post(STATUS, body, content_type="application/json", **headers)


def test_the_status_endpoint_refuses_anyone_without_the_gateway_s_token(sent, bearer, settings):
    report = {"reference": str(sent.pk), "status": "delivered"}
    assert post(report, {}).status_code == 401
    assert post(report, {"HTTP_AUTHORIZATION": "Bearer wrong"}).status_code == 401
    assert post(report, bearer("coordinator")).status_code == 401  # a user's API token is not the gateway's
    settings.QAFILA_SMS_GATEWAY_TOKEN = ""
    assert post(report, {"HTTP_AUTHORIZATION": "Bearer "}).status_code == 401  # unset: nothing passes
    sent.refresh_from_db()
    assert sent.status == Status.SENT


def test_a_delivery_report_marks_the_message_delivered_or_failed(sent, gateway_token):
    answer = post({"reference": str(sent.pk), "status": "delivered"}, gateway_token)
    assert answer.status_code == 200 and answer.json()["status"] == "delivered"
    sent.refresh_from_db()
    assert sent.status == Status.DELIVERED and sent.delivered is not None
    other = Message.objects.create(
        kind=Kind.BULK, to="+212600000000", text="x", language="ar", channel="sms", status=Status.SENT
    )
    assert post({"reference": str(other.pk), "status": "failed"}, gateway_token).json()["status"] == "failed"
    other.refresh_from_db()
    assert other.status == Status.FAILED and other.error


def test_a_report_on_an_unknown_reference_is_404_and_a_shapeless_body_422(gateway_token, db):
    assert post({"reference": "999999", "status": "delivered"}, gateway_token).status_code == 404
    assert post({"reference": "abc", "status": "delivered"}, gateway_token).status_code == 404
    assert post({"reference": "1", "status": "read"}, gateway_token).status_code == 422
    assert post({"hello": "world"}, gateway_token).status_code == 422


@pytest.mark.parametrize("text", ["STOP", " stop ", "Stop.", "توقف", "تـوقّـف", " توقف "])
def test_a_stop_reply_opts_the_number_out_audited_and_later_messages_are_not_sent(text, demo, gateway_token):
    person = Person.objects.create(full_name_ar="فاطمة", phone="+212612345678", messages_consent=True)
    answer = post({"from": "+212612345678", "text": text}, gateway_token)
    assert answer.json() == {"reference": None, "status": None, "opted_out": True}
    assert OptOut.objects.get().source == OptOut.Source.REPLY
    assert AuditEntry.objects.filter(action="message.opted_out").count() == 1
    later = outbox.queue(Kind.SURVEY, person=person, caravan=demo, context={"url": "https://q/s"})
    assert (later.status, later.reason) == (Status.NOT_SENT, "opted_out")


def test_any_other_reply_changes_nothing(gateway_token, db):
    for text in ["Merci", "stop please", "لا"]:
        assert post({"from": "+212612345678", "text": text}, gateway_token).json()["opted_out"] is False
    assert not OptOut.objects.exists()


def test_the_outbox_is_for_the_caravan_s_organisers_and_the_coordinator(sent, bearer):
    assert Client().get(LIST).status_code == 401
    assert Client().get(LIST, **bearer("trainer")).status_code == 403
    assert Client().get(LIST, **bearer("agent")).status_code == 403
    assert Client().get("/api/v1/caravans/nowhere/messages", **bearer("coordinator")).status_code == 404
    [row] = Client().get(LIST, **bearer("organiser")).json()
    assert row["id"] == sent.pk and row["to"] == "+212612345678"
    assert set(row) == {"id", "channel", "kind", "status", "reason", "to", "created", "sent"}
    assert AuditEntry.objects.filter(action="personal_data.viewed").exists()


def test_the_outbox_filters_by_kind_and_status(sent, bearer, demo):
    outbox.queue(Kind.BULK, person=sent.person, caravan=demo, key="1", context={"text": "x"})
    headers = bearer("coordinator")
    assert [r["kind"] for r in Client().get(LIST, {"kind": "survey"}, **headers).json()] == ["survey"]
    assert [r["kind"] for r in Client().get(LIST, {"status": "queued"}, **headers).json()] == ["bulk"]
    assert Client().get(LIST, {"status": "lost"}, **headers).status_code == 422


def test_the_number_is_masked_for_a_role_that_may_not_see_personal_data(sent, bearer, monkeypatch):
    monkeypatch.setitem(PERMISSIONS, "personal_data.view", {Role.COORDINATOR})
    [row] = Client().get(LIST, **bearer("organiser")).json()
    assert row["to"] == "06 •• •• •• 78"
