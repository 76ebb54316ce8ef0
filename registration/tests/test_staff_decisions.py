import pytest
from django.urls import reverse
from django.utils import translation

from caravans.services import copy_caravan
from core.models import AuditEntry
from registration.models import Decision, DecisionRecord
from registration.services import register

from .factories import person


def url(name, registration):
    return reverse(f"registration:{name}", args=[registration.caravan.slug, registration.pk])


def registered(caravan, name="سعاد العلمي", project_idea="تربية النحل", **fields):
    return register(
        caravan,
        person(full_name_ar=name, **fields),
        profile="project_holder",
        channel="staff",
        project_idea=project_idea,
    )


@pytest.fixture
def full(demo):
    """A caravan of one place: the first person accepted, the second on the waiting list."""
    demo.capacity = 1
    demo.save()
    return registered(demo, "سعاد الأولى"), registered(demo, "كريمة المنتظرة")


def history_size(registration):
    return DecisionRecord.objects.filter(registration=registration).count()


@pytest.mark.parametrize("persona", ["trainer", "agent"])
def test_it_refuses_roles_that_may_not_decide(personas, demo, persona):
    registration = registered(demo)
    client = personas[persona]
    assert client.get(url("staff_registration", registration)).status_code == 403
    answer = {"decision": "ineligible", "justification": "لا"}
    assert client.post(url("staff_registration_override", registration), answer).status_code == 403
    assert (
        client.post(url("staff_registration_cancel", registration), {"justification": "لا"}).status_code
        == 403
    )
    registration.refresh_from_db()
    assert registration.decision == Decision.ACCEPTED


def test_it_sends_anonymous_visitors_to_the_login_page(personas, demo):
    registration = registered(demo)
    anonymous = personas["anonymous"]
    responses = [
        anonymous.get(url("staff_registration", registration)),
        anonymous.post(url("staff_registration_override", registration)),
        anonymous.post(url("staff_registration_cancel", registration)),
    ]
    for response in responses:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_shows_a_registration_of_its_own_caravan_only(personas, demo):
    other = copy_caravan(demo, "tetouan-2025")
    registration = registered(demo)
    wrong = reverse("registration:staff_registration", args=[other.slug, registration.pk])
    assert personas["coordinator"].get(wrong).status_code == 404


def test_it_shows_the_person_and_every_decision_with_who_when_and_why(
    personas, demo, full, django_user_model
):
    _first, waiting = full
    personas["organiser"].post(
        url("staff_registration_override", waiting),
        {"decision": "ineligible", "justification": "ليست من المنطقة"},
    )
    page = personas["organiser"].get(url("staff_registration", waiting)).content.decode()
    assert "كريمة المنتظرة" in page and waiting.person.cin in page
    organiser = django_user_model.objects.get(username="organiser")
    assert "ليست من المنطقة" in page and organiser.get_full_name() in page
    records = list(waiting.history.all())
    assert [r.kind for r in records] == [DecisionRecord.Kind.CAPACITY, DecisionRecord.Kind.OVERRIDE]
    for record in records:
        assert record.get_kind_display() in page
    assert AuditEntry.objects.filter(action="personal_data.viewed", object_id=str(waiting.person.pk)).exists()


def test_it_overrides_a_decision_with_a_written_justification(personas, demo):
    registration = registered(demo, project_idea="")
    response = personas["organiser"].post(
        url("staff_registration_override", registration),
        {"decision": "accepted", "justification": "الفكرة قدمت شفويا"},
        follow=True,
    )
    registration.refresh_from_db()
    assert registration.decision == Decision.ACCEPTED and registration.badge_code
    last = registration.history.last()
    assert (last.kind, last.justification, last.by.username) == ("override", "الفكرة قدمت شفويا", "organiser")
    (said,) = [str(m) for m in response.context["messages"]]
    with translation.override("ar"):
        assert str(Decision.ACCEPTED.label) in said  # the page is in Arabic, the first language


def test_it_refuses_an_override_without_justification_and_saves_nothing(personas, demo):
    registration = registered(demo, project_idea="")
    before = history_size(registration)
    response = personas["organiser"].post(
        url("staff_registration_override", registration), {"decision": "accepted", "justification": "  "}
    )
    assert response.status_code == 200
    assert response.context["override_form"].non_field_errors().as_data()[0].code == "justification_required"
    registration.refresh_from_db()
    assert registration.decision == Decision.INELIGIBLE and history_size(registration) == before
    assert not AuditEntry.objects.filter(action="registration.overridden").exists()


def test_it_refuses_to_accept_beyond_the_capacity_and_saves_nothing(personas, demo, full):
    _first, waiting = full
    response = personas["organiser"].post(
        url("staff_registration_override", waiting), {"decision": "accepted", "justification": "مهمة"}
    )
    assert response.context["override_form"].non_field_errors().as_data()[0].code == "capacity_full"
    waiting.refresh_from_db()
    assert waiting.decision == Decision.WAITLISTED and history_size(waiting) == 1


def test_it_cancels_with_a_justification_and_shows_who_was_promoted(personas, demo, full):
    first, waiting = full
    response = personas["organiser"].post(
        url("staff_registration_cancel", first), {"justification": "اعتذرت بالهاتف"}, follow=True
    )
    first.refresh_from_db(), waiting.refresh_from_db()
    assert first.decision == Decision.CANCELLED and first.history.last().justification == "اعتذرت بالهاتف"
    assert waiting.decision == Decision.ACCEPTED
    shown = [str(m) for m in response.context["messages"]]
    assert any("كريمة المنتظرة" in m for m in shown)
    assert "كريمة المنتظرة" in response.content.decode()


def test_it_refuses_a_cancellation_without_justification_and_saves_nothing(personas, demo, full):
    first, waiting = full
    response = personas["organiser"].post(url("staff_registration_cancel", first), {"justification": ""})
    assert response.status_code == 200 and response.context["cancel_form"].errors
    first.refresh_from_db(), waiting.refresh_from_db()
    assert first.decision == Decision.ACCEPTED and waiting.decision == Decision.WAITLISTED


def test_an_override_that_frees_a_place_shows_who_was_promoted(personas, demo, full):
    first, waiting = full
    response = personas["organiser"].post(
        url("staff_registration_override", first),
        {"decision": "ineligible", "justification": "خارج الجهة"},
        follow=True,
    )
    waiting.refresh_from_db()
    assert waiting.decision == Decision.ACCEPTED
    assert any("كريمة المنتظرة" in str(m) for m in response.context["messages"])


def test_raising_the_capacity_lets_the_organiser_accept_the_first_people_waiting(personas, demo):
    demo.capacity = demo.registrations.filter(decision=Decision.ACCEPTED).count()
    demo.save()
    first, second = registered(demo, "كريمة الأولى"), registered(demo, "نادية الثانية")
    assert first.decision == second.decision == Decision.WAITLISTED
    demo.capacity += 1
    demo.save()
    fill = reverse("registration:staff_registrations_fill", args=[demo.slug])
    page = personas["organiser"].get(reverse("registration:staff_registrations", args=[demo.slug]))
    assert fill in page.content.decode()

    for persona in ("trainer", "agent"):
        assert personas[persona].post(fill).status_code == 403
    response = personas["organiser"].post(fill, follow=True)
    first.refresh_from_db(), second.refresh_from_db()
    assert first.decision == Decision.ACCEPTED and second.decision == Decision.WAITLISTED
    assert any("كريمة الأولى" in str(m) for m in response.context["messages"])
    assert fill not in response.content.decode()  # no free place left: no button

    personas["organiser"].post(fill)  # a second click promotes nobody
    second.refresh_from_db()
    assert second.decision == Decision.WAITLISTED
