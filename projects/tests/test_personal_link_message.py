"""A personal link made by staff is sent to the project's holder, and the page says what became of it."""

import pytest
from django.urls import reverse

from core.tests.i18n import ar
from messaging.models import Message

from .factories import project

pytestmark = pytest.mark.django_db


def made_link(client, made):
    return client.post(reverse("projects:issue_link", args=[made.pk]))


def test_the_link_is_queued_to_the_holder_by_sms(personas, demo, settings):
    settings.QAFILA_SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"
    made = project(demo)
    page = made_link(personas["organiser"], made)
    [sent] = Message.objects.filter(kind="project_link")
    assert sent.person == made.holder and sent.caravan == demo and sent.status == "queued"
    assert page.context["link"] in sent.text
    sending = ar("The link is being sent to the holder (%(channel)s).", channel=ar("SMS"))
    assert sending in page.text and page.context["link"] in page.text


def test_a_new_link_is_sent_again_and_a_link_that_cannot_go_is_said_so(personas, demo):
    made = project(demo)
    first, second = made_link(personas["organiser"], made), made_link(personas["organiser"], made)
    sent = list(Message.objects.filter(kind="project_link").order_by("pk"))
    assert len(sent) == 2 and second.context["link"] in sent[1].text and first.context["link"] in sent[0].text
    assert {m.reason for m in sent} == {"no_gateway"}  # no gateway configured here
    assert ar("No gateway is configured") in second.text and second.context["link"] in second.text
