import pytest
from django.urls import reverse

from certificates import services
from certificates.models import Certificate, CertificateRule
from certificates.tests.factories import participant
from core.models import AuditEntry


@pytest.fixture
def present(demo):
    return [participant(demo, days=n, full_name_latin=f"Amina Tahiri {n}") for n in (3, 2, 1)]


def staff_url(demo, name="staff", *args):
    return reverse(f"certificates:{name}", args=[demo.slug, *args])


def test_it_lists_who_earns_a_certificate_and_why_not(personas, demo, present):
    response = personas["organiser"].get(staff_url(demo), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Amina Tahiri 3" in text and "Amina Tahiri 1" in text
    assert response.context["earned"] == 2
    (absent,) = [row for row in response.context["rows"] if not row.standing.earned]
    assert absent.registration == present[2] and absent.standing.reasons == ["too_few_days"]


def test_it_saves_the_rule(personas, demo, present):
    response = personas["coordinator"].post(
        staff_url(demo, "save_rule"), {"min_days": 3, "min_sessions": "", "number_prefix": "tng25b"}
    )
    assert response.status_code == 302
    rule = CertificateRule.objects.get(caravan=demo)
    assert (rule.min_days, rule.min_sessions, rule.number_prefix) == (3, None, "TNG25B")
    assert AuditEntry.objects.filter(action="certificate.rule_saved").exists()


def test_it_saves_nothing_from_a_bad_rule(personas, demo):
    response = personas["organiser"].post(
        staff_url(demo, "save_rule"), {"min_days": 4, "min_sessions": "-1", "number_prefix": "T"}
    )
    assert response.status_code == 400
    assert set(response.context["rule_form"].errors) == {"min_days", "min_sessions", "number_prefix"}
    assert not CertificateRule.objects.exists()


def test_it_issues_once_however_often_asked(personas, demo, present):
    client = personas["organiser"]
    assert client.post(staff_url(demo, "issue")).status_code == 302
    assert client.post(staff_url(demo, "issue")).status_code == 302
    assert sorted(Certificate.objects.values_list("serial", flat=True)) == [1, 2]


def test_it_revokes_with_a_reason_and_reissues(personas, demo, present):
    client = personas["organiser"]
    client.post(staff_url(demo, "issue"))
    certificate = Certificate.objects.get(registration=present[0])
    client.post(staff_url(demo, "revoke", certificate.pk), {"reason": ""})
    certificate.refresh_from_db()
    assert not certificate.is_revoked  # refused: no reason
    client.post(staff_url(demo, "revoke", certificate.pk), {"reason": "Erreur de saisie"})
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_by.username == "organiser"
    assert (
        "Erreur de saisie"
        not in client.get(reverse("certificates:verify", args=[certificate.number])).content.decode()
    )
    client.post(staff_url(demo, "reissue", certificate.pk))
    new = Certificate.objects.valid().get(registration=present[0])
    assert new.serial == 3 and new.number != certificate.number


@pytest.mark.parametrize("persona, status", [("trainer", 403), ("agent", 403), ("anonymous", 302)])
def test_it_refuses_the_pages_to_those_who_do_not_manage_certificates(
    personas, demo, present, persona, status
):
    services.issue_all(demo, None)
    certificate = Certificate.objects.first()
    client = personas[persona]
    assert client.get(staff_url(demo)).status_code == status
    for name, args, data in [
        ("save_rule", [], {"min_days": 1, "number_prefix": "XX25"}),
        ("issue", [], {}),
        ("revoke", [certificate.pk], {"reason": "x"}),
        ("reissue", [certificate.pk], {}),
    ]:
        assert client.post(staff_url(demo, name, *args), data).status_code == status
    certificate.refresh_from_db()
    assert not certificate.is_revoked and not CertificateRule.objects.exists()
    assert Certificate.objects.count() == 2


def test_it_refuses_a_certificate_of_another_caravan(personas, demo, present):
    services.issue_all(demo, None)
    certificate = Certificate.objects.first()
    other = reverse("certificates:revoke", args=["no-such-caravan", certificate.pk])
    assert personas["coordinator"].post(other, {"reason": "x"}).status_code == 404
