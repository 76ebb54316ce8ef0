"""An organiser's message to a filtered list of a caravan's people: the preview counts the people and the SMS
(Arabic is UCS-2: 70 characters, 67 a part once split), the confirmation queues each message once, and only the
people who agreed to messages receive one."""

import re

import pytest
from django.contrib.auth import get_user_model

from core.models import AuditEntry
from core.tests.i18n import ar
from messaging import sms
from messaging.models import Message, OptOut, Status
from messaging.tests import conftest as messaging_fixtures
from onsite.services import check_in
from registration.models import Registration
from registration.services import register
from registration.tests.factories import person

# The real local SMS gateway and the job worker of the messaging tests.
gateway, run_jobs = messaging_fixtures.gateway, messaging_fixtures.run_jobs
PAGE = "/staff/caravans/tanger-2025/messages/send/"
CONFIRM = PAGE + "confirm/"
ARABIC_100 = "ن" * 100  # UCS-2: 70 characters in one SMS, 67 a part once split


def registered(caravan, decision="accepted", **fields):
    registration = register(
        caravan, person(**fields), profile="project_holder", channel="staff", project_idea="عسل"
    )
    Registration.objects.filter(pk=registration.pk).update(decision=decision)
    return registration


@pytest.fixture
def people(demo, settings):
    """The demo caravan's list: four people who agreed to messages, and five who cannot receive one."""
    settings.QAFILA_SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"  # SMS are queued (no job runs in these tests)
    found = {
        "ar": [registered(demo, messages_consent=True) for _ in range(3)],
        "fr": registered(demo, messages_consent=True, language="fr"),
        "email": registered(demo, messages_consent=True, phone="", email="fatima@example.ma"),
        "said_no": registered(demo, messages_consent=False),
        "not_asked": registered(demo, messages_consent=None),
        "no_address": registered(demo, messages_consent=True, phone=""),
        "stopped": registered(demo, messages_consent=True),
        "waiting": registered(demo, decision="waitlisted", messages_consent=True),
    }
    OptOut.objects.create(address=found["stopped"].person.phone, source="reply")
    return found


def preview(client, **data):
    return client.post(PAGE, {"decision": "accepted", "text_ar": ARABIC_100, "text_fr": "Bonjour.", **data})


def confirmation(response):
    """The hidden fields of the preview's confirmation, as the browser sends them back."""
    form = response.context["confirm"]
    return {field.html_name: field.value() or "" for field in form}


def bulk_rows():
    return Message.objects.filter(kind="bulk")


# Who may use it


def test_it_is_for_the_caravans_organisers_and_the_coordinator(demo, personas, people):
    from caravans.tests.factories import organiser_of_another_caravan

    for client in [personas["trainer"], personas["agent"], organiser_of_another_caravan(demo)]:
        assert client.get(PAGE).status_code == 403
        assert preview(client).status_code == 403
        assert client.post(CONFIRM, confirmation(preview(personas["organiser"]))).status_code == 403
    assert personas["anonymous"].get(PAGE).url.startswith("/accounts/login/")
    assert not bulk_rows().exists()
    for persona in ["organiser", "coordinator"]:
        assert personas[persona].get(PAGE).status_code == 200


# The preview


def shown(response):
    return {preview.language: preview for preview in response.context["previews"]}


def test_it_counts_the_people_and_the_sms_of_an_arabic_text(personas, people):
    response = preview(personas["organiser"])
    assert response.context["audience"].recipients == [
        *(r.person for r in people["ar"]),
        people["fr"].person,
        people["email"].person,
    ]
    arabic, french = shown(response)["ar"], shown(response)["fr"]
    # What the phone shows: the text, then the way to stop the messages (a link of about 80 characters).
    assert arabic.text.startswith(ARABIC_100 + "\n" + ar("No more messages:") + " http")
    assert arabic.segments == ("UCS-2", len(arabic.text), -(-len(arabic.text) // 67))
    assert french.text.startswith("Bonjour.\n") and french.segments.encoding == "GSM-7"
    assert (arabic.people, arabic.by_sms, french.people, french.by_sms) == (4, 3, 1, 1)  # and one email
    assert response.context["parts"] == 3 * arabic.segments.parts + french.segments.parts


def test_it_counts_67_arabic_characters_a_part_once_the_message_is_split(personas, people):
    client = personas["organiser"]
    link = len(shown(preview(client, text_ar="ن"))["ar"].text) - 1  # the opt-out line, whatever the text
    for length, parts in [(134 - link, 2), (135 - link, 3), (201 - link, 3), (202 - link, 4)]:
        arabic = shown(preview(client, text_ar="ن" * length, text_fr=""))["ar"]
        assert arabic.segments == ("UCS-2", length + link, parts)


def test_it_says_who_is_left_out_and_why(personas, people):
    client = personas["organiser"]
    client.get("/language/ar/")
    response = preview(client)
    assert dict(response.context["audience"].left_out) == {
        "no_consent": 1,
        "not_asked": 1,
        "no_address": 1,
        "opted_out": 1,
    }
    html = response.content.decode()
    assert f"{ar('The person asked for no more messages')}: 1" in html
    assert f"{ar('Never asked whether they agree to messages (e.g. entered from a list)')}: 1" in html


def test_it_filters_by_decision_and_by_who_came(demo, personas, people):
    client = personas["organiser"]
    assert preview(client, decision="waitlisted").context["audience"].recipients == [people["waiting"].person]
    agent = get_user_model().objects.get(username="agent")
    check_in(demo, people["ar"][1].badge_code, demo.start_date, agent)
    assert preview(client, came="yes").context["audience"].recipients == [people["ar"][1].person]
    assert people["ar"][1].person not in preview(client, came="no").context["audience"].recipients


def test_it_refuses_a_wrong_filter_rather_than_widening_the_list(personas, people):
    response = preview(personas["organiser"], province="MA-XXX")
    assert "province" in response.context["form"].errors
    assert "confirm" not in response.context


def test_it_previews_live_with_htmx_without_the_page_around(personas, people):
    response = personas["organiser"].post(
        PAGE, {"decision": "accepted", "text_ar": ARABIC_100}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "<html" not in html and 'name="key"' in html


# The confirmation


def test_it_queues_one_message_per_person_once(personas, people):
    client = personas["organiser"]
    sent = confirmation(preview(client))
    response = client.post(CONFIRM, sent)
    assert response.status_code == 302 and response.url.endswith("/messages/?kind=bulk")
    rows = bulk_rows()
    assert rows.count() == 5 and {row.key for row in rows} == {sent["key"]}
    assert {row.text for row in rows} == {ARABIC_100, "Bonjour."}
    assert rows.get(person=people["fr"].person).text == "Bonjour."
    assert rows.get(person=people["email"].person).channel == "email"
    assert set(rows.values_list("status", flat=True)) == {Status.QUEUED}
    # The same confirmation again (a second click, a reload): nothing more.
    client.post(CONFIRM, sent)
    assert bulk_rows().count() == 5
    assert AuditEntry.objects.filter(action="messages.bulk_queued").get().details["queued"] == 5


def test_a_new_preview_is_a_new_message(personas, people):
    client = personas["organiser"]
    client.post(CONFIRM, confirmation(preview(client)))
    client.post(CONFIRM, confirmation(preview(client, text_ar="تذكير: غدا على الساعة التاسعة.")))
    assert bulk_rows().count() == 10


def test_it_refuses_to_send_when_the_list_changed_since_the_preview(demo, personas, people):
    client = personas["organiser"]
    sent = confirmation(preview(client))
    registered(demo, messages_consent=True)
    response = client.post(CONFIRM, sent)
    assert response.status_code == 200 and response.context["changed"]
    assert len(response.context["audience"].recipients) == 6
    assert not bulk_rows().exists()


def test_it_refuses_a_confirmation_it_did_not_make(personas, people):
    sent = confirmation(preview(personas["organiser"]))
    for wrong in [{"key": "x"}, {"count": "0"}, {"text_ar": ""}]:
        assert personas["organiser"].post(CONFIRM, {**sent, **wrong}).status_code == 200
    assert not bulk_rows().exists()


def test_it_hands_the_confirmation_to_the_browser_in_hidden_fields(personas, people):
    html = preview(personas["organiser"]).content.decode()
    form = re.search(
        r'<form method="post" action="/staff/caravans/tanger-2025/messages/send/confirm/">.*?</form>',
        html,
        re.S,
    )
    assert form and f'value="{ARABIC_100}"' in form[0] and 'name="count" value="5"' in form[0]


def test_the_worker_hands_each_sms_to_the_gateway_in_the_persons_language(
    personas, people, gateway, run_jobs, django_capture_on_commit_callbacks, mailoutbox
):
    client = personas["organiser"]
    previewed = preview(client)
    shown_parts = previewed.context["parts"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CONFIRM, confirmation(previewed))
    run_jobs()
    received = {body["to"]: body["text"].split("\n")[0] for body in gateway.received}
    assert received == {
        **{r.person.phone: ARABIC_100 for r in people["ar"]},
        people["fr"].person.phone: "Bonjour.",
    }
    # The SMS counted before confirming are those the gateway was handed.
    assert sum(sms.segments(body["text"]).parts for body in gateway.received) == shown_parts
    assert [mail.to for mail in mailoutbox] == [["fatima@example.ma"]]
    assert set(bulk_rows().values_list("status", flat=True)) == {Status.SENT}
