"""A corrected name reaches every paper: the badge reprinted, the sign-in sheet, the list, the certificate (same
number) and its public verification page."""

import pytest
from django.urls import reverse

from certificates.models import Certificate
from certificates.services import issue_all
from certificates.tests.factories import participant
from core.models import AuditEntry
from documents.testing import pages_text
from qafila.corrections import initial

OLD_AR, OLD_LATIN = "فاطمة علمي", "Fatma Alamy"
NEW_AR, NEW_LATIN = "فاطمة الزهراء العلمي", "Fatima Zahra El Alami"


@pytest.fixture
def fatima(demo):
    """An accepted participant, present on three days: she earns a certificate."""
    return participant(demo, days=3, full_name_ar=OLD_AR, full_name_latin=OLD_LATIN)


def correct_names(client, registration):
    data = {name: "" if value is None else str(value) for name, value in initial(registration).items()}
    url = reverse("correct_person", args=[registration.caravan.slug, registration.pk])
    return client.post(url, {**data, "full_name_ar": NEW_AR, "full_name_latin": NEW_LATIN}, follow=True)


def text_of(response):
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return " ".join(pages_text(b"".join(response) if response.streaming else response.content))


def test_it_offers_the_badge_again_and_prints_the_corrected_name_on_it(personas, fatima):
    response = correct_names(personas["organiser"], fatima)
    badge = reverse("documents:badge_pdf", args=[fatima.caravan.slug, fatima.pk])
    assert badge in response.content.decode()
    text = text_of(personas["organiser"].get(badge + "?lang=fr"))
    assert NEW_AR in text and NEW_LATIN in text
    assert OLD_AR not in text and OLD_LATIN not in text
    assert fatima.badge_code in text  # the same badge: the one lost or misspelt stops nothing


def test_the_sign_in_sheet_and_the_list_show_the_corrected_name(personas, fatima):
    correct_names(personas["organiser"], fatima)
    caravan = fatima.caravan
    sheet = reverse("documents:sign_in_sheet_day", args=[caravan.slug, caravan.start_date])
    text = text_of(personas["organiser"].get(sheet + "?lang=fr"))
    assert NEW_AR in text and OLD_AR not in text
    listed = personas["organiser"].get(reverse("registration:staff_registrations", args=[caravan.slug]))
    page = listed.content.decode()
    assert NEW_AR in page and OLD_AR not in page


def test_an_issued_certificate_carries_the_corrected_name_under_the_same_number(personas, fatima):
    (certificate,) = issue_all(fatima.caravan, None)
    response = correct_names(personas["organiser"], fatima)
    reissued = Certificate.objects.get(registration=fatima)  # no second certificate, none revoked
    assert (reissued.pk, reissued.number, reissued.revoked_at) == (certificate.pk, certificate.number, None)
    assert (reissued.holder_name_ar, reissued.holder_name_latin) == (NEW_AR, NEW_LATIN)
    entry = AuditEntry.objects.get(action="certificate.reissued", object_id=str(certificate.pk))
    assert entry.details["number"] == certificate.number and entry.actor.username == "organiser"
    assert any(certificate.number in str(message) for message in response.context["messages"])
    reprint = reverse("documents:certificate_pdf", args=[fatima.caravan.slug, certificate.pk])
    assert reprint in response.content.decode()
    text = text_of(personas["organiser"].get(reprint + "?lang=fr"))
    assert NEW_LATIN in text and OLD_LATIN not in text


def test_the_public_verification_page_shows_the_current_name(personas, fatima):
    (certificate,) = issue_all(fatima.caravan, None)
    correct_names(personas["coordinator"], fatima)
    page = personas["anonymous"].get(reverse("certificates:verify", args=[certificate.number]))
    text = page.content.decode()
    assert page.status_code == 200 and NEW_AR in text and NEW_LATIN in text
    assert OLD_AR not in text and OLD_LATIN not in text
