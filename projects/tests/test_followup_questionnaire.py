"""The holder's follow-up questionnaire: an SMS with a one-time link when a contact falls due, and a page of six
questions whose answers become the contact's outcomes."""

import datetime
import logging
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from core.tests.i18n import ar
from messaging import outbox
from messaging.models import Message
from messaging.sms import segments
from programmes.tests.factories import saved_programme
from projects.followup.models import FollowUp, Outcome
from projects.followup.questionnaire import LINK_VALIDITY, send_questionnaire
from projects.followup.services import plan_follow_ups, record_contact
from projects.followup.state import standing
from projects.followup.tasks import send_due_questionnaires
from projects.models import hash_token
from registration.tests.factories import person

from .factories import project

pytestmark = pytest.mark.django_db

LINK = re.compile(r"/f/([\w-]+)/")


@pytest.fixture(autouse=True)
def gateway(settings):
    settings.QAFILA_SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"
    settings.SITE_URL = "https://qafila.example.ma"


def followed(caravan, **holder):
    """A project of `caravan` whose holder agreed to messages, with its three contacts planned (all due now)."""
    made = project(caravan, holder=person(**{"messages_consent": True, **holder}))
    plan_follow_ups(caravan)
    return made


def first_contact(made):
    return FollowUp.objects.get(project=made, months=3)


def secret_of(message):
    return LINK.search(message.text)[1]


def sent_secret(made):
    """The secret of the first contact's questionnaire, sent now."""
    return secret_of(send_questionnaire(first_contact(made)))


def answers(**changes):
    return {
        "founding": "registered",
        "financing": "obtained",
        "programme": "",
        "amount_mad": "45 000",
        "jobs_women": "٣",  # Arabic-Indic, as a phone's Arabic keyboard types it
        "jobs_men": "1",
        "jobs_under_35": "2",
        "sold": "yes",
        "active": "yes",
        "blocker": "market",
        "help": "نحتاج معرضا لبيع الجبن",
        **changes,
    }


@pytest.fixture
def grant():
    return saved_programme(key="intelaka_test", name_ar="انطلاقة", name_fr="Intelaka", kinds=["loan"])


def test_it_queues_each_due_contact_one_sms_in_the_holders_language_however_often_the_job_runs(demo):
    arabic, french = followed(demo), followed(demo, language="fr", full_name_latin="Nadia Berrada")
    assert send_due_questionnaires.call() == 6  # two projects, three contacts each, all due in December 2026
    assert send_due_questionnaires.call() == 0  # the next hour's run
    messages = Message.objects.filter(kind="follow_up")
    assert messages.count() == 6 and set(messages.values_list("status", flat=True)) == {"queued"}
    contact = first_contact(arabic)
    message = messages.get(key=f"follow-up-{contact.pk}")
    assert message.person == arabic.holder and message.language == "ar"
    assert message.text.startswith(arabic.holder.full_name_ar) and "نود معرفة مدى تقدم مشروعك" in message.text
    assert "https://qafila.example.ma/f/" in message.text
    assert contact.questionnaire_hash == hash_token(secret_of(message)) and contact.questionnaire_sent
    assert secret_of(message) not in str(list(FollowUp.objects.values()))
    in_french = messages.get(key=f"follow-up-{first_contact(french).pk}")
    assert in_french.text.startswith("Nadia Berrada, dites-nous où en est votre projet")


def test_the_arabic_sms_with_its_link_fits_in_two_parts_for_a_long_name(demo):
    made = followed(demo, full_name_ar="فاطمة الزهراء بنت عبد الرحمان الإدريسي")
    text = send_questionnaire(first_contact(made)).text
    assert segments(text).encoding == "UCS-2" and segments(text).parts == 2, (len(text), text)


def test_nobody_who_said_no_to_messages_or_stopped_them_gets_it(demo):
    stopped, refused, never_asked = followed(demo), followed(demo), followed(demo, messages_consent=None)
    refused.holder.messages_consent = False
    refused.holder.save()
    outbox.opt_out(stopped.holder.phone, source="reply")
    followed(demo, phone="")
    assert FollowUp.objects.filter(project__holder__in=[stopped.holder, never_asked.holder]).count() == 6
    assert send_due_questionnaires.call() == 0
    assert not Message.objects.filter(kind="follow_up").exists()
    assert not FollowUp.objects.exclude(questionnaire_hash="").exists()


def test_it_sends_nothing_for_a_contact_already_reached_or_not_yet_due(demo):
    made = followed(demo)
    record_contact(None, first_contact(made), reached=True, channel="phone")
    # September 2025: the 6-month contact is due, the 12-month one not yet.
    with time_machine.travel(datetime.date(2025, 9, 1)):
        assert send_due_questionnaires.call() == 1
    assert FollowUp.objects.get(project=made, months=6).questionnaire_sent


def test_opening_the_link_shows_the_questions_in_arabic_and_uses_nothing_up(client, demo):
    made = followed(demo)
    secret = sent_secret(made)
    url = reverse("projects:questionnaire", args=[secret])
    assert url == f"/f/{secret}/"
    for _preview in range(3):
        page = client.get(url)
        assert page.status_code == 200
    assert 'lang="ar" dir="rtl"' in page.text and ar("Is your cooperative founded?") in page.text
    assert ar("What blocks you most?") in page.text and "<script" not in page.text
    assert "no-store" in page["Cache-Control"] and page["Referrer-Policy"] == "no-referrer"
    assert first_contact(made).status == "due" and not Outcome.objects.exists()


def test_the_answers_land_in_the_contacts_record_as_the_holders_own(client, demo, grant):
    made = followed(demo)
    secret = sent_secret(made)
    url = reverse("projects:questionnaire", args=[secret])
    done = client.post(url, answers(programme=str(grant.pk)))
    assert done.status_code == 302 and done["Location"] == url
    contact = first_contact(made)
    assert (contact.status, contact.channel, contact.contacted_by, contact.contacted_on) == (
        "reached",
        "questionnaire",
        None,
        timezone.localdate(),
    )
    kinds = list(contact.outcomes.order_by("id").values_list("kind", flat=True))
    assert kinds == ["founding_step", "financing", "jobs", "first_sale", "activity", "blocker"]
    assert set(contact.outcomes.values_list("source", flat=True)) == {"questionnaire"}
    assert set(contact.outcomes.values_list("recorded_by", flat=True)) == {None}
    now = standing(demo, made)
    assert (now.cooperative_founded, now.financing_obtained, now.financing_amount_mad) == (
        True,
        True,
        Decimal("45000.00"),
    )
    assert (now.jobs_women, now.jobs_men, now.jobs_under_35, now.active) == (3, 1, 2, True)
    assert now.blocker == "market" and now.first_sale_on == timezone.localdate()
    assert contact.outcomes.get(kind="blocker").support_asked == "نحتاج معرضا لبيع الجبن"
    thanks = client.get(url)
    assert thanks.status_code == 200 and ar("Your answers have been received.") in thanks.text


def test_a_second_answer_is_refused_and_the_first_kept(client, demo):
    made = followed(demo)
    url = reverse("projects:questionnaire", args=[sent_secret(made)])
    client.post(url, answers(financing="no", blocker="none"))
    again = client.post(url, answers(active="no", blocker="family"))
    assert again.status_code == 200 and ar("Your answers have been received.") in again.text
    contact = first_contact(made)
    assert contact.attempts == 1 and not contact.outcomes.filter(kind="blocker").exists()
    assert list(contact.outcomes.filter(kind="activity").values_list("active", flat=True)) == [True]


def test_wrong_answers_are_said_in_arabic_and_nothing_is_saved(client, demo, grant):
    made = followed(demo)
    url = reverse("projects:questionnaire", args=[sent_secret(made)])
    page = client.post(url, answers(financing="applied", programme="", jobs_men="many", active=""))
    assert page.status_code == 200
    assert ar("Say which programme, or that you do not know its name.") in page.text
    assert ar("Nothing was saved: please correct what is marked in red below.") in page.text
    too_young = client.post(url, answers(programme=str(grant.pk), jobs_under_35="9"))
    assert ar("There cannot be more jobs under 35 than jobs.") in too_young.text
    assert not Outcome.objects.exists() and first_contact(made).status == "due"


def test_a_programme_whose_name_the_holder_does_not_know_goes_to_the_contacts_note(client, demo):
    made = followed(demo)
    url = reverse("projects:questionnaire", args=[sent_secret(made)])
    client.post(
        url, answers(programme="unknown", amount_mad="20000", blocker="none", help="تكوين في التسويق")
    )
    contact = first_contact(made)
    assert not contact.outcomes.filter(kind="financing").exists()
    assert "20000 MAD" in contact.note and "تكوين في التسويق" in contact.note


def test_an_unknown_an_expired_or_a_closed_link_gets_a_kind_page(client, demo):
    assert client.get("/f/not-a-real-link/").status_code == 404
    made = followed(demo)
    secret = sent_secret(made)
    with time_machine.travel(timezone.now() + LINK_VALIDITY + datetime.timedelta(hours=1)):
        expired = client.post(f"/f/{secret}/", answers())
    assert expired.status_code == 410 and ar("This link has expired.") in expired.text
    record_contact(None, first_contact(made), reached=True, channel="phone")  # an agent called first
    closed = client.get(f"/f/{secret}/")
    assert closed.status_code == 200 and ar("Your answers have been received.") in closed.text
    assert not Outcome.objects.exists()


def test_the_secret_is_in_no_log_and_no_audit_entry(client, demo, caplog):
    made = followed(demo)
    secret = sent_secret(made)
    with caplog.at_level(logging.DEBUG):
        client.get(f"/f/{secret}/")
        client.post(f"/f/{secret}/", answers(jobs_men="-1"))
        client.post(f"/f/{secret}/", answers(financing="no"))
        client.get(f"/f/{secret}/")
    assert secret not in caplog.text
    entries = AuditEntry.objects.filter(action__startswith="followup.")
    assert set(entries.values_list("action", flat=True)) == {
        "followup.questionnaire_sent",
        "followup.recorded",
    }
    assert secret not in str(list(entries.values())) and hash_token(secret) not in str(list(entries.values()))
