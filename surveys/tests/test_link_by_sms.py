"""An organiser sends an open survey's link by SMS to the caravan's accepted participants, each once."""

import datetime

from django.urls import reverse

from core.models import AuditEntry
from messaging.models import Message

from .factories import participant, survey


def send_url(made):
    return reverse("surveys:send_link", args=[made.caravan.slug, made.pk])


def test_it_sends_the_link_to_each_accepted_participant_once_in_their_language(personas, demo, settings):
    settings.SITE_URL = "https://qafila.example.ma"
    arabic, french = participant(demo), participant(demo, language="fr")
    participant(demo, birth_date=datetime.date(2012, 1, 1))  # not eligible: not sent it
    made = survey(demo)
    organiser = personas["organiser"]
    assert organiser.post(send_url(made)).status_code == 302
    organiser.post(send_url(made))  # a second click: nobody twice
    sent = {m.person_id: m for m in Message.objects.filter(kind="survey")}
    assert set(sent) == {arabic.person_id, french.person_id}
    link = f"https://qafila.example.ma/s/{made.token}/"
    assert link in sent[arabic.person_id].text and demo.title_ar in sent[arabic.person_id].text
    assert link in sent[french.person_id].text and demo.title_fr in sent[french.person_id].text
    assert AuditEntry.objects.filter(action="survey.link_sent").count() == 2


def test_a_closed_survey_is_not_sent(personas, demo):
    participant(demo)
    made = survey(demo, is_open=False)
    personas["organiser"].post(send_url(made))
    assert not Message.objects.filter(kind="survey").exists()


def test_it_refuses_roles_that_may_not_send_messages(personas, demo):
    participant(demo)
    made = survey(demo)
    assert personas["trainer"].post(send_url(made)).status_code == 403
    assert personas["agent"].post(send_url(made)).status_code == 403
    assert not Message.objects.filter(kind="survey").exists()
