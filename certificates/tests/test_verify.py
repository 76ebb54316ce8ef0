import datetime

import pytest
from django.urls import reverse

from certificates import services
from certificates.models import Certificate
from certificates.tests.factories import participant
from people.models import Commune


@pytest.fixture
def certificate(demo):
    commune = Commune.objects.filter(province__code="MA-TNG").first()
    participant(
        demo,
        days=3,
        full_name_ar="حليمة الوزاني",
        full_name_latin="Halima Ouazzani",
        cin="KB998877",
        phone="+212611223344",
        birth_date=datetime.date(1987, 3, 14),
        commune=commune,
    )
    (issued,) = services.issue_all(demo, None)
    return issued


def url(number):
    return reverse("certificates:verify", args=[number])


def test_it_shows_anyone_that_a_certificate_is_valid_with_name_caravan_and_dates(personas, certificate):
    response = personas["anonymous"].get(url(certificate.number), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    text = response.content.decode()
    assert "حليمة الوزاني" in text and "Halima Ouazzani" in text
    assert certificate.number in text
    assert "sensibilisation pour les coopératives soulaliyates" in text
    assert "2025" in text


def test_it_leaks_nothing_else_about_the_person(personas, certificate):
    person = certificate.registration.person
    text = personas["anonymous"].get(url(certificate.number)).content.decode()
    for secret in ["KB998877", "611223344", "1987", "14/03", "Tanger-Assilah", "طنجة أصيلة",
                   certificate.registration.badge_code, "accepted", "project_holder", "عسل"]:  # fmt: skip
        assert secret not in text, secret
    if person.commune:
        assert person.commune.name_fr not in text and person.commune.name_ar not in text
    for decision in ["مقبول", "Accepté", "Acceptée"]:
        assert decision not in text


def test_it_asks_search_engines_not_to_index_it(personas, certificate):
    response = personas["anonymous"].get(url(certificate.number))
    assert "noindex" in response["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex' in response.content.decode()


def test_it_shows_revoked_without_the_reason(personas, certificate):
    services.revoke(certificate, None, "Fraude : feuille signée par une autre personne")
    response = personas["anonymous"].get(url(certificate.number), HTTP_ACCEPT_LANGUAGE="fr")
    text = response.content.decode()
    assert response.status_code == 200
    assert "revoked" in text or "révoqué" in text or "ملغاة" in text or "سحب" in text
    assert "Fraude" not in text and "valid." not in text


def test_it_accepts_a_number_typed_in_small_letters_with_look_alike_characters(personas, certificate):
    prefix, serial, _check = certificate.number.split("-")
    # A check part that holds the characters people mistype (drawn at random, it may hold none of them).
    number = f"{prefix}-{serial}-0K1V4"
    Certificate.objects.filter(pk=certificate.pk).update(number=number)
    response = personas["anonymous"].get(url(f"{prefix.lower()}-{serial}-oklu4"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "حليمة الوزاني" in text and number in text


def test_it_refuses_to_confirm_a_guessed_number(personas, certificate):
    prefix, serial, check = certificate.number.split("-")
    other = "A" if check[0] != "A" else "B"
    for guess in [f"{prefix}-{serial}", f"{prefix}-{serial}-{other}{check[1:]}", "anything"]:
        response = personas["anonymous"].get(url(guess))
        assert response.status_code == 404
        assert "Halima" not in response.content.decode()


def test_it_only_answers_reads(personas, certificate):
    assert personas["anonymous"].post(url(certificate.number)).status_code == 405
