"""A registration's page lists the messages sent to its person about the caravan, as the outbox shows them."""

from caravans.services import copy_caravan
from core.permissions import PERMISSIONS, Role
from messaging.models import Message, Status
from registration.services import register

from .factories import person


def a_message(caravan, someone, text, **fields):
    defaults = {"channel": "sms", "kind": "decision", "language": "ar", "status": Status.SENT}
    return Message.objects.create(
        caravan=caravan, person=someone, to=someone.phone, text=text, **{**defaults, **fields}
    )


def test_it_lists_the_persons_messages_about_this_caravan(demo, personas):
    registration = register(demo, person(), profile="project_holder", channel="staff", project_idea="عسل")
    someone = registration.person
    other = copy_caravan(demo, "tetouan-2025", start=demo.start_date.replace(month=3))
    a_message(demo, someone, "مقبولة في القافلة")
    a_message(demo, someone, "تذكير بالموعد", kind="reminder", status=Status.NOT_SENT, reason="no_gateway")
    a_message(other, someone, "رسالة قافلة أخرى")
    a_message(demo, person(), "رسالة شخص آخر")
    url = f"/staff/caravans/tanger-2025/registrations/{registration.pk}/"
    html = personas["organiser"].get(url).content.decode()
    assert "مقبولة في القافلة" in html and "تذكير بالموعد" in html
    assert "رسالة قافلة أخرى" not in html and "رسالة شخص آخر" not in html
    assert someone.phone[-2:] in html and "••" not in html


def test_it_masks_the_phone_for_a_role_without_personal_data(demo, personas, monkeypatch):
    registration = register(demo, person(), profile="project_holder", channel="staff", project_idea="عسل")
    a_message(demo, registration.person, "مقبولة في القافلة")
    monkeypatch.setitem(PERMISSIONS, "personal_data.view", {Role.COORDINATOR})
    html = personas["organiser"].get(f"/staff/caravans/tanger-2025/registrations/{registration.pk}/").content
    assert "06 •• •• •• " in html.decode()
