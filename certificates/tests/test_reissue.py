"""A corrected name on the certificates a person holds: the same numbers, the new names (`reissue_for`)."""

import pytest

from certificates import services
from certificates.models import Certificate
from core.models import AuditEntry

from .factories import participant


@pytest.fixture
def issued(demo):
    """Two certificates of one caravan: Halima's and Souad's."""
    halima = participant(demo, days=3, full_name_ar="حليمة الوزانى", full_name_latin="Halima Wazani")
    participant(demo, days=3, full_name_ar="سعاد بناني", full_name_latin="Souad Bennani")
    services.issue_all(demo, None)
    return Certificate.objects.get(registration=halima), Certificate.objects.exclude(
        registration=halima
    ).get()


def renamed(certificate, arabic, latin):
    person = certificate.registration.person
    person.full_name_ar, person.full_name_latin = arabic, latin
    person.save()
    return person


def test_it_puts_the_current_names_on_the_same_number_and_audits_it(issued, django_user_model):
    halima, souad = issued
    person = renamed(halima, "حليمة الوزاني", "Halima Ouazzani")
    organiser = django_user_model.objects.get(username="organiser")
    (changed,) = services.reissue_for(person, organiser)
    halima.refresh_from_db()
    assert (changed.pk, halima.number, halima.serial) == (halima.pk, changed.number, changed.serial)
    assert (halima.holder_name_ar, halima.holder_name_latin) == ("حليمة الوزاني", "Halima Ouazzani")
    assert halima.revoked_at is None and Certificate.objects.count() == 2
    entry = AuditEntry.objects.get(action="certificate.reissued")
    assert entry.actor == organiser and entry.details["number"] == halima.number
    assert entry.details["names"][0] == {
        "holder_name_ar": "حليمة الوزانى",
        "holder_name_latin": "Halima Wazani",
    }
    souad.refresh_from_db()
    assert souad.holder_name_latin == "Souad Bennani"  # another person's certificate is not touched


def test_it_changes_nothing_when_the_names_are_already_those_of_the_paper(issued):
    halima, _souad = issued
    assert services.reissue_for(halima.registration.person, None) == []
    assert not AuditEntry.objects.filter(action="certificate.reissued").exists()


def test_a_revoked_certificate_keeps_the_names_it_was_revoked_with(issued):
    halima, _souad = issued
    services.revoke(halima, None, "erreur de saisie")
    person = renamed(halima, "حليمة الوزاني", "Halima Ouazzani")
    assert services.reissue_for(person, None) == []
    halima.refresh_from_db()
    assert halima.holder_name_latin == "Halima Wazani"
