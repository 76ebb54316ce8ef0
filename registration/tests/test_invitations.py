"""Inviting a list of cooperatives or community members by SMS to register: upload the list, see who will be
invited and what the SMS says, confirm; an invited phone that registers is linked to its invitation."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from caravans.tests.factories import DURING_DEMO_REGISTRATION, organiser_of_another_caravan
from core.models import AuditEntry
from messaging import outbox
from messaging.models import Kind, Message
from registration.invitations import message_context
from registration.models import Invitation, Registration
from registration.services import register

from .factories import person
from .test_self_registration import answers

# An extract as organisers get it: a title line, Windows-1256, semicolons, stray spaces everywhere.
LIST = (
    "دعوة التعاونيات الفتية - جهة طنجة تطوان الحسيمة;;;\n"
    " الاسم الكامل ;  اسم التعاونية; الهاتف ;الإقليم\n"
    "  فاطمة   العلمي ; تعاونية النحل ; 06 12 34 56 78 ; طنجة أصيلة \n"
    "خديجة بناني;تعاونية الزيتون; 0661-000001 ;الفحص أنجرة\n"
    "محمد التازي;تعاونية الأمل;;طنجة أصيلة\n"
    "زينب الإدريسي;;0539 33 44 55;\n"
    "سعاد;;+212 612 345 678;\n"
    ";;0662000002;\n"
    ";;;\n"
    "نعيمة;تعاونية الورد;06 ab;إقليم لا يوجد\n"
).encode("cp1256")
INVITED = ["+212612345678", "+212661000001"]


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://qafila.example.ma"
    settings.QAFILA_SMS_GATEWAY_URL = ""


def page_url(caravan):
    return reverse("registration:staff_invitations", args=[caravan.slug])


def confirm_url(caravan):
    return reverse("registration:staff_invitations_confirm", args=[caravan.slug])


def previewed(client, caravan, data=LIST, language="ar"):
    return client.post(
        page_url(caravan), {"file": SimpleUploadedFile("تعاونيات.csv", data), "language": language}
    )


def confirmed(client, caravan, preview):
    return client.post(confirm_url(caravan), {"token": preview.context["token"]})


def test_it_previews_who_will_be_invited_and_the_sms_and_sends_nothing(personas, demo):
    response = previewed(personas["organiser"], demo)
    assert response.status_code == 200
    context = response.context
    assert (context["to_invite"], context["no_phone"], context["duplicates"], context["missing_name"]) == (
        2,
        3,
        1,
        1,
    )
    outcomes = {row.number: (row.outcome, sentence) for row, _phone, sentence in context["rows"]}
    assert outcomes == {
        3: ("invite", "للدعوة."),
        4: ("invite", "للدعوة."),
        5: ("no_phone", "رقم الهاتف غير مذكور."),
        6: ("not_mobile", "ليس رقم هاتف محمول: لا يمكنه استقبال رسالة قصيرة."),
        7: ("duplicate_in_file", "نفس رقم الهاتف مذكور في سطر سابق من هذه اللائحة."),
        8: ("missing_name", "لم يذكر لا الاسم ولا التعاونية."),
        10: ("invalid_phone", "رقم الهاتف غير صحيح: المطلوب رقم مغربي من 10 أرقام (مثال: 0612345678)."),
    }
    first = next(row for row, *_ in context["rows"] if row.number == 3)
    assert (first.full_name_ar, first.cooperative_name, first.province.code) == (
        "فاطمة العلمي",
        "تعاونية النحل",
        "MA-TNG",
    )
    assert next(row for row, *_ in context["rows"] if row.number == 10).province_unknown
    assert "https://qafila.example.ma/caravans/tanger-2025/register/" in context["text"]
    assert context["segments"].encoding == "UCS-2"  # Arabic: 70 characters an SMS
    assert context["sms_count"] == 2 * context["segments"].parts
    assert Invitation.objects.count() == 0 and Message.objects.count() == 0


def test_it_invites_the_previewed_list_by_sms_with_the_registration_link(personas, demo):
    client = personas["organiser"]
    response = confirmed(client, demo, previewed(client, demo))
    assert response.status_code == 302 and response["Location"] == page_url(demo)
    invitations = Invitation.objects.filter(caravan=demo).order_by("phone")
    assert [(i.phone, i.full_name_ar, i.cooperative_name, i.language) for i in invitations] == [
        ("+212612345678", "فاطمة العلمي", "تعاونية النحل", "ar"),
        ("+212661000001", "خديجة بناني", "تعاونية الزيتون", "ar"),
    ]
    for invitation in invitations:
        message = invitation.message
        assert (message.kind, message.person, message.to, message.language) == (
            Kind.INVITATION,
            None,
            invitation.phone,
            "ar",
        )
        # No gateway configured here: the message is kept, marked as not sent and why.
        assert (message.status, message.reason) == ("not_sent", "no_gateway")
        assert "https://qafila.example.ma/caravans/tanger-2025/register/" in message.text
        assert demo.title_ar in message.text
        assert "4 فبراير 2025" in message.text  # public registration closes when the caravan begins
    entry = AuditEntry.objects.get(action="invitation.imported")
    assert entry.actor.username == "organiser" and entry.details["invited"] == 2
    page = client.get(page_url(demo)).content.decode()
    assert "فاطمة العلمي" in page and "لم يتم التسجيل" in page


def test_it_writes_the_sms_in_the_language_chosen(personas, demo):
    client = personas["coordinator"]
    confirmed(client, demo, previewed(client, demo, language="fr"))
    message = Message.objects.filter(kind=Kind.INVITATION).first()
    assert message.language == "fr" and demo.title_fr in message.text and "4 février 2025" in message.text


def test_the_sms_says_the_closing_time_when_it_is_not_midnight(demo):
    demo.registration_closes = datetime.datetime(2025, 2, 2, 18, 0, tzinfo=ZoneInfo("Africa/Casablanca"))
    assert message_context(demo, "fr")["until"] == "2 février 2025 18:00"


def test_a_list_imported_twice_invites_nobody_twice(personas, demo):
    client = personas["organiser"]
    confirmed(client, demo, previewed(client, demo))
    again = previewed(client, demo)
    assert again.context["to_invite"] == 0 and again.context["duplicates"] == 3
    assert {row.outcome for row, *_ in again.context["rows"] if row.number in (3, 4)} == {"already_invited"}
    confirmed(client, demo, again)
    assert Invitation.objects.count() == 2 and Message.objects.filter(kind=Kind.INVITATION).count() == 2


def test_it_does_not_invite_a_phone_already_registered(personas, demo):
    register(demo, person(phone=INVITED[0]), profile="project_holder", channel="staff", project_idea="عسل")
    client = personas["organiser"]
    preview = previewed(client, demo)
    assert preview.context["to_invite"] == 1
    confirmed(client, demo, preview)
    assert list(Invitation.objects.values_list("phone", flat=True)) == [INVITED[1]]


def test_an_invited_phone_registering_on_the_public_form_is_linked(personas, demo, time_machine):
    time_machine.move_to(DURING_DEMO_REGISTRATION)
    client = personas["organiser"]
    confirmed(client, demo, previewed(client, demo))
    Client().post(f"/caravans/{demo.slug}/register/", answers(phone="0661 00 00 01"))
    registration = Registration.objects.get(caravan=demo)
    linked = Invitation.objects.get(phone="+212661000001")
    assert linked.registration == registration
    assert Invitation.objects.get(phone="+212612345678").registration is None


def test_an_invited_phone_registered_by_staff_is_linked_once(demo):
    first = Invitation.objects.create(caravan=demo, phone=INVITED[0], language="ar")
    registration = register(demo, person(phone=INVITED[0]), profile="project_holder", channel="staff")
    # Someone else sharing the family's phone registers later: the invitation keeps the first one.
    register(demo, person(phone=INVITED[0]), profile="project_holder", channel="staff")
    first.refresh_from_db()
    assert first.registration == registration


def test_a_file_that_is_no_list_is_refused_and_nothing_is_saved(personas, demo):
    response = previewed(personas["organiser"], demo, data=b"\x00\x01\x02 not a list")
    assert response.status_code == 200 and "تعذرت قراءة هذا الملف كلائحة" in response.content.decode()
    assert Invitation.objects.count() == 0


def test_a_preview_is_confirmed_once(personas, demo):
    client = personas["organiser"]
    preview = previewed(client, demo)
    confirmed(client, demo, preview)
    Invitation.objects.all().delete()
    again = confirmed(client, demo, preview)
    assert again.status_code == 302 and Invitation.objects.count() == 0


@pytest.mark.parametrize("persona", ["trainer", "agent"])
def test_only_organisers_and_the_coordinator_may_invite(personas, demo, persona):
    client = personas[persona]
    assert client.get(page_url(demo)).status_code == 403
    assert previewed(client, demo).status_code == 403
    assert client.post(confirm_url(demo), {"token": "x" * 32}).status_code == 403
    assert Invitation.objects.count() == 0


def test_the_organiser_of_another_caravan_may_not_invite_to_this_one(demo):
    other = organiser_of_another_caravan(demo)
    assert other.get(page_url(demo)).status_code == 403
    assert previewed(other, demo).status_code == 403
    assert other.post(confirm_url(demo), {"token": "x" * 32}).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(demo):
    for response in (Client().get(page_url(demo)), Client().post(confirm_url(demo))):
        assert response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_the_outbox_queues_an_invitation_to_an_address_once(demo):
    def queued():
        return outbox.queue_bulk(
            Kind.INVITATION,
            [outbox.Address("06 12 34 56 78", "fr")],
            caravan=demo,
            key="",
            context_for=lambda _recipient: {"url": "https://qafila.example.ma/x"},
            by=None,
        )

    assert (queued(), queued()) == (1, 0)
    message = Message.objects.get(kind=Kind.INVITATION)
    assert (message.person, message.to, message.language) == (None, "+212612345678", "fr")
