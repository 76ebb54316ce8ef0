"""The opt-out link of a message: a public page, no login, no phone in its address, a button that stops it all."""

import pytest

from core.models import AuditEntry
from messaging import links, outbox
from messaging.models import Kind, Message, OptOut, Status
from people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def message(demo, gateway, django_capture_on_commit_callbacks):
    person = Person.objects.create(
        full_name_ar="فاطمة", phone="+212612345678", messages_consent=True, language="ar"
    )
    with django_capture_on_commit_callbacks(execute=True):
        return outbox.queue(
            Kind.BULK, person=person, caravan=demo, key="1", context={"text": "Réunion demain"}
        )


def test_the_link_names_no_phone_and_its_page_shows_the_number_masked(client, message):
    url = links.opt_out_url(message)
    assert "612345678" not in url
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "06 •• •• •• 78" in text and "612345678" not in text
    assert 'lang="ar"' in text  # the language the message was written in
    assert not OptOut.objects.exists()  # a link preview opening the page stops nothing


def test_the_button_opts_the_number_out_audited_and_stops_what_is_queued(client, message):
    page = client.post(links.opt_out_url(message))
    assert page.status_code == 200
    assert OptOut.objects.get().address == "+212612345678"
    assert OptOut.objects.get().source == "link"
    assert AuditEntry.objects.filter(action="message.opted_out").count() == 1
    message.refresh_from_db()
    assert (message.status, message.reason) == (Status.NOT_SENT, "opted_out")
    client.post(links.opt_out_url(message))  # a second click changes nothing
    assert OptOut.objects.count() == 1 and AuditEntry.objects.filter(action="message.opted_out").count() == 1


def test_a_tampered_token_finds_nothing(client, message):
    other = Message.objects.create(
        kind=Kind.BULK, key="2", to="+212600000000", text="x", language="fr", channel="sms"
    )
    forged = links.opt_out_token(message).replace(str(message.pk), str(other.pk))
    assert client.get(f"/messages/stop/{forged}x/").status_code == 404
    assert client.post("/messages/stop/not-a-token/").status_code == 404
    assert not OptOut.objects.exists()


def test_an_sms_of_a_bulk_message_carries_the_link_but_a_registration_message_does_not(message):
    assert "/messages/stop/" in links.body(message)
    message.kind = Kind.REGISTRATION_RECEIVED
    assert links.body(message) == message.text
