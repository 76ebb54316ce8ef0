"""Correcting a registered person from their registration's page: who may, what is read, what is decided again."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from core.models import AuditEntry
from people.models import Person, PossibleDuplicate
from qafila.corrections import initial
from registration.models import Decision, DecisionRecord
from registration.services import override, register
from registration.tests.factories import person


def registered(caravan, **fields):
    return register(
        caravan, person(**fields), profile="project_holder", channel="staff", project_idea="تربية النحل"
    )


def url(registration):
    return reverse("correct_person", args=[registration.caravan.slug, registration.pk])


def typed(registration, **changes):
    """The form as the page fills it, with `changes` typed over it."""
    shown = {name: "" if value is None else str(value) for name, value in initial(registration).items()}
    return {**shown, **changes}


def corrected(client, registration, **changes):
    return client.post(url(registration), typed(registration, **changes), follow=True)


def said(response):
    return [str(message) for message in response.context["messages"]]


def arabic(text):
    """A translatable text as the pages show it (Arabic, the first language)."""
    with translation.override("ar"):
        return str(text)


def audited(action, obj):
    return AuditEntry.objects.filter(action=action, object_id=str(obj.pk))


@pytest.fixture
def fatima(demo):
    return registered(demo, full_name_ar="فاطمة العلمى", full_name_latin="Fatma El Alami", cin="K100001")


@pytest.mark.parametrize("persona", ["trainer", "agent"])
def test_it_refuses_roles_that_may_not_correct(personas, fatima, persona):
    client = personas[persona]
    assert client.get(url(fatima)).status_code == 403
    assert client.post(url(fatima), typed(fatima, full_name_latin="Someone Else")).status_code == 403
    fatima.person.refresh_from_db()
    assert fatima.person.full_name_latin == "Fatma El Alami"


def test_it_sends_anonymous_visitors_to_the_login_page(personas, fatima):
    for response in [personas["anonymous"].get(url(fatima)), personas["anonymous"].post(url(fatima))]:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_links_to_the_correction_from_the_registration_page(personas, fatima):
    page = personas["organiser"].get(
        reverse("registration:staff_registration", args=[fatima.caravan.slug, fatima.pk])
    )
    assert url(fatima) in page.content.decode()


def test_it_shows_the_record_in_the_form_and_audits_the_look_at_personal_data(personas, fatima):
    response = personas["organiser"].get(url(fatima))
    page = response.content.decode()
    assert "K100001" in page and "فاطمة العلمى" in page and "01/05/1990" in page
    entry = audited("personal_data.viewed", fatima.person).get()
    assert entry.details == {"page": "correct_person"} and entry.actor.username == "organiser"


def test_it_corrects_names_cin_phone_and_birth_date_in_one_audited_entry(personas, fatima):
    old_phone = fatima.person.phone
    response = corrected(
        personas["organiser"],
        fatima,
        full_name_ar="فاطمة العلمي",
        full_name_latin="Fatima El Alami",
        cin="kb 123 456",
        phone="0661 22 33 44",
        birth_date="12/03/1989",
    )
    assert response.redirect_chain == [(url(fatima), 302)]  # back to the page: nothing personal in the URL
    person = fatima.person
    person.refresh_from_db()
    assert (person.full_name_ar, person.full_name_latin) == ("فاطمة العلمي", "Fatima El Alami")
    assert (person.cin, person.phone) == ("KB123456", "+212661223344")
    assert (person.birth_date, person.birth_year) == (datetime.date(1989, 3, 12), 1989)
    entry = audited("person.corrected", person).get()
    assert entry.details["changes"] == {
        "full_name_ar": ["فاطمة العلمى", "فاطمة العلمي"],
        "full_name_latin": ["Fatma El Alami", "Fatima El Alami"],
        "cin": ["K100001", "KB123456"],
        "birth_date": ["1990-05-01", "1989-03-12"],
        "phone": [old_phone, "+212661223344"],
    }
    assert entry.actor.username == "organiser"
    (told,) = said(response)
    assert arabic(capfirst(Person._meta.get_field("cin").verbose_name)) in told


def test_it_corrects_sex_and_places(personas, fatima):
    response = corrected(personas["coordinator"], fatima, sex="male", commune="أصيلة", community="الخلوط")
    assert response.status_code == 200
    person = fatima.person
    person.refresh_from_db()
    assert person.sex == "male" and person.commune.name_fr == "Asilah"
    assert (person.community, person.community_declared) == (None, "الخلوط")  # not on the province's list
    changes = audited("person.corrected", person).get().details["changes"]
    assert set(changes) == {"sex", "commune", "community", "community_declared"}
    fatima.refresh_from_db()
    assert fatima.decision == Decision.ACCEPTED


@pytest.mark.parametrize(
    "field,value,code",
    [
        ("cin", "12-AB", "invalid_cin"),
        ("phone", "12345", "invalid_phone"),
        ("birth_date", "31/02/1990", "invalid_date"),
        ("birth_date", f"01/01/{datetime.date.today().year + 1}", "future_date"),
        ("commune", "Casablanca", None),
    ],
)
def test_it_refuses_what_it_cannot_read_and_saves_nothing(personas, fatima, field, value, code):
    response = personas["organiser"].post(
        url(fatima), typed(fatima, full_name_latin="Fatima", **{field: value})
    )
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert field in errors and (code is None or errors[field][0].code == code)
    fatima.person.refresh_from_db()
    assert fatima.person.full_name_latin == "Fatma El Alami"
    assert not audited("person.corrected", fatima.person).exists()


def test_it_refuses_a_cin_another_record_holds_and_queues_the_pair_for_review(personas, demo, fatima):
    holder = registered(demo, full_name_ar="فاطمة العلمي", cin="KB765432").person
    response = personas["organiser"].post(
        url(fatima), typed(fatima, cin="KB765432", full_name_latin="Fatima")
    )
    (error,) = response.context["form"].errors.as_data()["cin"]
    assert error.code == "cin_taken" and "فاطمة العلمي" in error.message
    assert reverse("registration:staff_duplicates", args=[demo.slug]) in response.content.decode()
    fatima.person.refresh_from_db()
    assert (fatima.person.cin, fatima.person.full_name_latin) == ("K100001", "Fatma El Alami")
    pair = PossibleDuplicate.objects.get(person=fatima.person, other=holder)
    assert pair.reasons == ["same_cin"] and pair.status == PossibleDuplicate.Status.PENDING
    personas["organiser"].post(url(fatima), typed(fatima, cin="KB765432"))
    assert PossibleDuplicate.objects.count() == 1  # asked twice, queued once


def test_it_corrects_the_profile_and_the_cooperative(personas, fatima):
    corrected(
        personas["organiser"],
        fatima,
        profile="cooperative_member",
        cooperative_name="تعاونية النحلة",
        cooperative_founded="01/05/2023",
    )
    fatima.refresh_from_db()
    assert fatima.profile == "cooperative_member" and fatima.decision == Decision.ACCEPTED
    cooperative = fatima.cooperative
    assert (cooperative.name_ar, cooperative.founded_on) == ("تعاونية النحلة", datetime.date(2023, 5, 1))
    changes = audited("registration.corrected", fatima).get().details["changes"]
    assert changes["profile"] == ["project_holder", "cooperative_member"]
    assert changes["cooperative"] == [None, cooperative.pk]


def test_it_leaves_a_cooperative_founding_date_to_all_its_members(personas, fatima):
    member = {"profile": "cooperative_member", "cooperative_name": "تعاونية النحلة"}
    corrected(personas["organiser"], fatima, **member, cooperative_founded="01/05/2023")
    fatima.refresh_from_db()
    response = personas["organiser"].post(url(fatima), typed(fatima, cooperative_founded="01/05/2010"))
    assert response.context["form"].errors.as_data()["cooperative_founded"][0].code == (
        "cooperative_founding_shared"
    )
    fatima.cooperative.refresh_from_db()
    assert fatima.cooperative.founded_on == datetime.date(2023, 5, 1)


def test_it_says_so_when_nothing_changes(personas, fatima):
    response = corrected(personas["organiser"], fatima)
    assert not audited("person.corrected", fatima.person).exists()
    assert not AuditEntry.objects.filter(action="registration.corrected").exists()
    assert len(said(response)) == 1


def test_it_decides_again_and_records_the_new_decision(personas, demo):
    registration = registered(demo, community=None)
    assert registration.decision != Decision.ACCEPTED
    response = corrected(personas["organiser"], registration, community="أولاد علي")
    registration.refresh_from_db()
    assert registration.decision == Decision.ACCEPTED and registration.badge_code
    last = registration.history.last()
    assert (last.kind, last.decision, last.by.username) == (
        DecisionRecord.Kind.RULES,
        "accepted",
        "organiser",
    )
    assert arabic(Decision.ACCEPTED.label) in " ".join(said(response))
    assert reverse("documents:badge_pdf", args=[demo.slug, registration.pk]) in response.content.decode()


def test_it_queues_a_new_likely_duplicate_for_review(personas, demo):
    existing = registered(demo, full_name_ar="خديجة بناني", phone="+212661000111").person
    registration = registered(demo, community=None, cin="", full_name_ar="فاطمة العلمي")
    response = corrected(
        personas["organiser"],
        registration,
        full_name_ar="خديجة بناني",
        phone="0661000111",
        community="أولاد علي",
    )
    pair = PossibleDuplicate.objects.get(person=registration.person, other=existing)
    assert "same_phone" in pair.reasons
    registration.refresh_from_db()
    assert registration.decision == Decision.NEEDS_REVIEW and "possible_duplicate" in registration.reasons
    assert "خديجة بناني" in " ".join(said(response))


@pytest.fixture
def full(demo):
    """A caravan of one place: the first person accepted, the second on the waiting list."""
    demo.capacity = 1
    demo.save()
    return registered(demo, full_name_ar="سعاد الأولى"), registered(demo, full_name_ar="كريمة المنتظرة")


def too_young(registration):
    return typed(registration, birth_date="01/01/2015")


def test_a_correction_that_would_take_a_place_asks_first_and_saves_nothing(personas, full):
    first, waiting = full
    response = personas["organiser"].post(url(first), too_young(first))
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["place"][0].code == "place_at_stake"
    verdict = response.context["verdict"]
    assert verdict["decision"] == Decision.INELIGIBLE and verdict["reasons"]
    page = response.content.decode()
    assert arabic(Decision.INELIGIBLE.label) in page and verdict["reasons"][0] in page
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.person.birth_date == datetime.date(1990, 5, 1)
    assert (first.decision, waiting.decision) == (Decision.ACCEPTED, Decision.WAITLISTED)
    assert first.history.count() == 1 and not audited("person.corrected", first.person).exists()


def test_releasing_the_place_records_the_rules_decision_and_promotes_the_waiting_list(personas, full):
    first, waiting = full
    response = personas["organiser"].post(url(first), {**too_young(first), "place": "release"}, follow=True)
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.decision == Decision.INELIGIBLE and "under_age" in first.reasons
    assert first.history.last().kind == DecisionRecord.Kind.RULES
    assert waiting.decision == Decision.ACCEPTED
    assert any("كريمة المنتظرة" in message for message in said(response))
    entry = audited("registration.corrected", first).get()
    assert (entry.details["place"], entry.details["promoted"]) == ("release", waiting.pk)


def test_keeping_the_place_is_a_staff_decision_with_its_justification(personas, full):
    first, waiting = full
    answer = {**too_young(first), "place": "keep"}
    response = personas["organiser"].post(url(first), answer)
    assert response.context["form"].errors.as_data()["justification"][0].code == "justification_required"
    assert response.context["verdict"]["decision"] == Decision.INELIGIBLE
    personas["organiser"].post(url(first), {**answer, "justification": "قبلت قبل التصحيح وسافرت"})
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.decision == Decision.ACCEPTED and "under_age" in first.reasons
    last = first.history.last()
    assert (last.kind, last.justification) == (DecisionRecord.Kind.OVERRIDE, "قبلت قبل التصحيح وسافرت")
    assert waiting.decision == Decision.WAITLISTED
    assert first.person.birth_date == datetime.date(2015, 1, 1)


def test_a_staff_decision_stands_and_the_rules_verdict_is_told(personas, demo, django_user_model):
    registration = registered(demo)
    organiser = django_user_model.objects.get(username="organiser")
    override(registration, Decision.INELIGIBLE, "غير مؤهلة حسب اللجنة", organiser)
    response = corrected(personas["organiser"], registration, full_name_latin="Fatima Zahra")
    registration.refresh_from_db()
    assert registration.decision == Decision.INELIGIBLE
    assert registration.history.count() == 2
    assert any(arabic(Decision.ACCEPTED.label) in message for message in said(response))
