import pytest

from certificates import services
from certificates.models import Certificate
from certificates.standings import earners, rule_for
from certificates.tests.factories import check_in, participant
from core.models import AuditEntry
from onsite.models import SessionAttendance
from registration.models import Decision


def test_it_gives_certificates_to_those_present_on_exactly_two_of_three_days(demo):
    three, two, one = (participant(demo, days=n) for n in (3, 2, 1))
    assert sorted(earners(demo)) == sorted([three.pk, two.pk])
    assert rule_for(demo).min_days == 2 and len(demo.dates()) == 3


def test_it_does_not_count_an_undone_check_in(demo):
    registration = participant(demo, days=1)
    check_in(registration, demo.dates()[1], undone=True)
    assert earners(demo) == []
    check_in(registration, demo.dates()[1])  # checked in again the same day: counts once
    assert earners(demo) == [registration.pk]


def test_it_counts_a_day_once_and_only_the_caravans_own_days(demo):
    import datetime

    registration = participant(demo, days=1)
    check_in(registration, demo.start_date - datetime.timedelta(days=1))
    assert earners(demo) == []


def test_it_leaves_out_registrations_that_are_not_accepted(demo):
    registration = participant(demo, days=3)
    registration.decision = Decision.CANCELLED
    registration.save(update_fields=["decision"])
    assert earners(demo) == []


def test_it_asks_for_sessions_when_the_rule_does(demo, personas):
    registration = participant(demo, days=2)
    services.save_rule(demo, None, min_days=2, min_sessions=1, number_prefix="TNG25")
    assert earners(demo) == []
    session = demo.days.first().sessions.first()
    SessionAttendance.objects.create(
        registration=registration, session=session, channel="trainer", at=demo.created
    )
    assert earners(demo) == [registration.pk]


def test_it_numbers_certificates_in_sequence_without_gaps_and_issues_each_once(demo):
    people = [participant(demo, days=2) for _ in range(3)]
    first = services.issue_all(demo, None)
    assert [c.serial for c in first] == [1, 2, 3]
    assert all(c.number.startswith(f"TNG25-000{c.serial}-") for c in first)
    assert services.issue_all(demo, None) == []  # idempotent
    late = participant(demo, days=2)
    (fourth,) = services.issue_all(demo, None)
    assert (fourth.serial, fourth.registration_id) == (4, late.pk)
    assert Certificate.objects.filter(caravan=demo).count() == 4
    assert {c.registration_id for c in first} == {p.pk for p in people}
    assert AuditEntry.objects.filter(action="certificate.issued").count() == 2


def test_it_keeps_the_name_as_printed(demo):
    registration = participant(demo, days=2, full_name_ar="سعاد البقالي", full_name_latin="Souad Bakkali")
    (certificate,) = services.issue_all(demo, None)
    registration.person.full_name_latin = "Souad El Bakkali"
    registration.person.save()
    certificate.refresh_from_db()
    assert (certificate.holder_name_ar, certificate.holder_name_latin) == ("سعاد البقالي", "Souad Bakkali")


def test_a_revoked_certificate_is_not_given_back_by_a_new_issue(demo, personas):
    participant(demo, days=3)
    (certificate,) = services.issue_all(demo, None)
    services.revoke(certificate, None, "Signed the sheet for someone else")
    assert services.issue_all(demo, None) == []
    certificate.refresh_from_db()
    assert certificate.is_revoked and AuditEntry.objects.filter(action="certificate.revoked").exists()


def test_it_refuses_to_revoke_without_a_reason_or_twice(demo):
    participant(demo, days=3)
    (certificate,) = services.issue_all(demo, None)
    with pytest.raises(services.CertificateError) as refused:
        services.revoke(certificate, None, "  ")
    assert refused.value.code == "reason_required"
    services.revoke(certificate, None, "error")
    with pytest.raises(services.CertificateError) as refused:
        services.revoke(certificate, None, "error")
    assert refused.value.code == "already_revoked"


def test_it_reissues_with_the_next_number_and_revokes_the_old_one(demo):
    registration = participant(demo, days=3, full_name_latin="Nadia Alami")
    participant(demo, days=3)
    old, _other = services.issue_all(demo, None)
    old = Certificate.objects.get(registration=registration)
    registration.person.full_name_latin = "Nadia El Alami"
    registration.person.save()
    new = services.reissue(old, None)
    old.refresh_from_db()
    assert old.is_revoked and new.serial == 3 and new.holder_name_latin == "Nadia El Alami"
    with pytest.raises(services.CertificateError) as refused:
        services.reissue(old, None)
    assert refused.value.code == "already_valid"


def test_it_refuses_a_rule_asking_more_days_than_the_caravan_has(demo):
    with pytest.raises(services.CertificateError) as refused:
        services.save_rule(demo, None, min_days=4, number_prefix="TNG25")
    assert refused.value.code == "bad_days"
