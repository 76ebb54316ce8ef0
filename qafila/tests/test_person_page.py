"""The person's data page: who sees what, the exports, the objection and the erasure, each audited."""

import json

import pytest
from django.urls import reverse

from core.models import AuditEntry
from documents.testing import pages_text
from people.models import Person
from registration.services import register
from registration.tests.factories import person


@pytest.fixture
def amina(demo):
    return register(
        demo,
        person(full_name_ar="أمينة الريفي", full_name_latin="Amina Rifi", cin="KA777001"),
        profile="project_holder",
        channel="staff",
        project_idea="تعاونية للكسكس",
    )


def url(name, registration):
    return reverse(name, args=[registration.caravan.slug, registration.pk])


def audited(action, registration):
    return AuditEntry.objects.filter(action=action, object_id=str(registration.person_id))


@pytest.mark.parametrize("persona", ["trainer", "agent"])
def test_it_refuses_roles_without_personal_data(personas, amina, persona):
    assert personas[persona].get(url("person_data", amina)).status_code == 403
    assert (
        personas[persona].post(url("person_erase", amina), {"reason": "x", "confirm": "on"}).status_code
        == 403
    )
    assert personas[persona].post(url("person_oppose", amina)).status_code == 403
    assert Person.objects.get(pk=amina.person_id).erased_at is None


def test_an_organiser_sees_the_data_records_an_objection_but_neither_exports_nor_erases(personas, amina):
    organiser = personas["organiser"]
    page = organiser.get(url("person_data", amina)).content.decode()
    assert "KA777001" in page and "تعاونية للكسكس" in page and url("person_data_json", amina) not in page
    assert audited("personal_data.viewed", amina).filter(details__page="person_data").exists()
    assert organiser.get(url("person_data_json", amina)).status_code == 403
    assert organiser.post(url("person_erase", amina), {"reason": "x", "confirm": "on"}).status_code == 403
    assert organiser.post(url("person_oppose", amina)).status_code == 302
    assert Person.objects.get(pk=amina.person_id).messages_consent is False
    assert audited("person.objected", amina).count() == 1


def test_the_registration_page_links_to_the_person_page(personas, amina):
    page = personas["organiser"].get(url("registration:staff_registration", amina)).content.decode()
    assert url("person_data", amina) in page


def test_the_coordinator_exports_json_and_pdf_in_both_languages(personas, amina):
    coordinator = personas["coordinator"]
    exported = coordinator.get(url("person_data_json", amina))
    assert json.loads(exported.content)["person"]["cin"] == "KA777001"
    assert "attachment" in exported["Content-Disposition"]
    for language, heading in [("ar", "المعطيات الشخصية"), ("fr", "Données personnelles")]:
        pdf = coordinator.get(url("person_data_pdf", amina) + f"?lang={language}")
        text = " ".join(pages_text(pdf.content))
        assert "KA777001" in text and heading in text
    assert audited("personal_data.exported", amina).count() == 3


def test_erasing_asks_for_a_reason_and_a_confirmation_then_anonymises(personas, amina):
    coordinator = personas["coordinator"]
    assert "KA777001" not in coordinator.get(url("person_erase", amina)).content.decode()
    coordinator.post(url("person_erase", amina), {"reason": "demande de la personne"})
    assert Person.objects.get(pk=amina.person_id).erased_at is None  # not confirmed: nothing erased
    response = coordinator.post(
        url("person_erase", amina), {"reason": "demande de la personne", "confirm": "on"}
    )
    assert response.status_code == 302
    erased = Person.objects.get(pk=amina.person_id)
    assert erased.erased_at and erased.cin == "" and erased.full_name_latin == ""
    entry = audited("person.erased", amina).get()
    assert entry.actor.username == "coordinator" and entry.details["reason"] == "demande de la personne"
