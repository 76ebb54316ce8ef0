import pytest

from caravans.models import Caravan
from core.models import AuditEntry
from registration.models import Decision, DecisionRecord
from registration.services import RegistrationError, cancel, override, register

from .factories import person


def holder(caravan, **fields):
    return register(
        caravan,
        person(**fields),
        profile="project_holder",
        channel="staff",
        project_idea="تربية النحل وبيع العسل",
    )


@pytest.fixture
def small(demo):
    Caravan.objects.filter(pk=demo.pk).update(capacity=2)
    demo.refresh_from_db()
    return demo


def test_it_accepts_an_eligible_person_and_gives_a_badge_code(demo):
    registration = holder(demo)
    assert registration.decision == Decision.ACCEPTED and registration.reasons == []
    assert len(registration.badge_code) == 10
    assert registration.history.get().kind == DecisionRecord.Kind.RULES


def test_it_waitlists_eligible_people_in_arrival_order_once_full(small):
    first, second, third, fourth = (holder(small) for _ in range(4))
    assert [r.decision for r in (first, second, third, fourth)] == [
        "accepted",
        "accepted",
        "waitlisted",
        "waitlisted",
    ]
    assert third.reasons == ["capacity_full"] and third.badge_code is None


def test_a_cancellation_promotes_the_first_on_the_waiting_list(small, django_user_model):
    organiser = django_user_model.objects.get(username="organiser")
    first, _, third, fourth = (holder(small) for _ in range(4))
    _, promoted = cancel(first, organiser)
    assert promoted == third
    third.refresh_from_db(), fourth.refresh_from_db()
    assert third.decision == Decision.ACCEPTED and third.badge_code and third.reasons == []
    assert fourth.decision == Decision.WAITLISTED
    assert AuditEntry.objects.filter(action="registration.promoted", object_id=str(third.pk)).exists()


def test_it_never_registers_the_same_person_twice_to_a_caravan(demo):
    someone = person()
    register(demo, someone, profile="project_holder", channel="staff", project_idea="عسل")
    with pytest.raises(RegistrationError) as refusal:
        register(demo, someone, profile="project_holder", channel="import", project_idea="عسل")
    assert refusal.value.code == "already_registered"
    assert someone.registrations.count() == 1


def test_it_does_not_waitlist_the_ineligible(small):
    holder(small), holder(small)
    outsider = holder(small, province_id=None)
    assert outsider.decision == Decision.NEEDS_REVIEW  # no province: the region cannot be checked


def test_an_override_needs_a_justification_and_is_audited(demo, django_user_model):
    organiser = django_user_model.objects.get(username="organiser")
    registration = register(
        demo, person(cin=""), profile="project_holder", channel="staff", project_idea="عسل"
    )
    assert registration.decision == Decision.NEEDS_REVIEW and "missing_cin" in registration.reasons
    with pytest.raises(RegistrationError) as refusal:
        override(registration, Decision.ACCEPTED, "  ", organiser)
    assert refusal.value.code == "justification_required"
    override(registration, Decision.ACCEPTED, "CIN vue sur place, en cours de renouvellement", organiser)
    registration.refresh_from_db()
    assert registration.decision == Decision.ACCEPTED and registration.badge_code
    entry = AuditEntry.objects.get(action="registration.overridden")
    assert entry.actor == organiser and "renouvellement" in entry.details["justification"]


def test_an_override_cannot_pass_the_capacity(small, django_user_model):
    organiser = django_user_model.objects.get(username="organiser")
    holder(small), holder(small)
    waiting = register(small, person(cin=""), profile="project_holder", channel="staff", project_idea="عسل")
    with pytest.raises(RegistrationError) as refusal:
        override(waiting, Decision.ACCEPTED, "vu", organiser)
    assert refusal.value.code == "capacity_full"
    assert small.registrations.accepted().count() == 2
