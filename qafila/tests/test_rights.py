"""Law 09-08 rights: everything held about a person exported, their erasure keeping every figure, their objection,
the retention period and the three commands."""

import datetime
import json

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from caravans.services import copy_caravan
from caravans.tests.factories import DURING_DEMO_REGISTRATION
from certificates.models import Certificate
from certificates.services import issue_all
from certificates.tests.factories import participant
from core import audit
from core.models import ApiToken, AuditEntry
from messaging.models import Message
from onsite.models import CheckIn, SessionAttendance
from people.erasure import ERASED, generalised_birth_date
from people.models import Person
from projects.tests.factories import project
from qafila import cli
from qafila.rights import apply_retention, erase_person, expired_people, export_person, oppose_person
from registration.models import DecisionRecord, Invitation, Registration
from registration.services import register
from registration.tests.factories import person
from reports.indicators import caravan_report
from reports.national import dashboard
from surveys.models import Answer, Question, Survey
from surveys.services import submit_response

NAME_AR, NAME_LATIN, CIN, PHONE = "زهرة البقالي", "Zahra El Bakkali", "LB424242", "+212661424242"
IDEA, CANVAS, ANSWER = "تربية النحل في الجبل", "عسل الزعتر لسكان طنجة", "أشكر المكونة زينب"
SAID = [NAME_AR, NAME_LATIN, CIN, PHONE, "0661424242", "zahra@example.ma", IDEA, CANVAS, ANSWER, "1988-07-19"]


@pytest.fixture
def zahra(demo):
    """A participant with a row of every kind: decisions, check-ins, attendance, answers, a project, a message,
    a certificate, an invitation and audit entries."""
    registration = participant(
        demo,
        days=3,
        full_name_ar=NAME_AR,
        full_name_latin=NAME_LATIN,
        cin=CIN,
        phone=PHONE,
        email="zahra@example.ma",
        birth_date=datetime.date(1988, 7, 19),
        community_declared="جماعة أولاد زهرة",
    )
    Registration.objects.filter(pk=registration.pk).update(project_idea=IDEA)
    DecisionRecord.objects.create(
        registration=registration,
        kind="override",
        decision="accepted",
        justification=f"{NAME_LATIN} a appelé",
    )
    session = demo.days.first().sessions.first()
    SessionAttendance.objects.create(
        registration=registration, session=session, channel="trainer", at=timezone.now()
    )
    survey = Survey.objects.create(caravan=demo, kind="satisfaction", title_ar="تقييم", title_fr="Évaluation")
    question = Question.objects.create(survey=survey, kind="text", text_ar="ملاحظات", text_fr="Remarques")
    submit_response(survey, registration, {question: ANSWER}, channel="paper")
    project(demo, holder=registration.person, canvas={"need": CANVAS})
    Message.objects.create(
        person=registration.person, caravan=demo, channel="sms", kind="bulk", key="1", language="ar", to=PHONE,
        text=f"{NAME_AR}، موعدكم غدا", status="queued",
    )  # fmt: skip
    Invitation.objects.create(
        caravan=demo, full_name_ar=NAME_AR, phone=PHONE, language="ar", registration=registration
    )
    issue_all(demo, None)
    audit.record(None, "person.corrected", registration.person, changes={"cin": ["LB42424", CIN]})
    registration.refresh_from_db()
    return registration


def dumped(found):
    return json.dumps(found, ensure_ascii=False)


def test_the_export_holds_every_kind_of_row_about_the_person(zahra):
    found = export_person(zahra.person)
    held = found["registrations"][0]
    assert found["person"]["cin"] == CIN and found["person"]["full_name_ar"] == NAME_AR
    assert held["project_idea"] == IDEA and held["decisions"] and len(held["checkins"]) == 3
    assert held["attendance"] and held["answers"][0]["answers"][0]["text"] == ANSWER
    assert held["certificates"][0]["holder_name_ar"] == NAME_AR
    assert found["projects"][0]["canvas"] == {"need": CANVAS}
    assert found["messages"][0]["to"] == PHONE and found["invitations"][0]["phone"] == PHONE
    assert "person.corrected" in {entry["action"] for entry in found["audit"]}
    json.dumps(found)  # JSON-ready as it is


def test_an_organisers_export_holds_only_what_their_caravan_holds(zahra, demo):
    other = copy_caravan(demo, "tetouan-2025", start=datetime.date(2025, 3, 10))
    register(other, zahra.person, profile="project_holder", channel="staff", project_idea="عسل")
    assert len(export_person(zahra.person)["registrations"]) == 2
    assert [r["caravan"] for r in export_person(zahra.person, caravan=demo)["registrations"]] == [demo.slug]


def test_erasure_leaves_nothing_that_tells_who_the_person_was_and_keeps_the_rows(zahra, django_user_model):
    coordinator = django_user_model.objects.get(username="coordinator")
    before = {model: model.objects.count() for model in (Registration, CheckIn, Answer, Certificate, Message)}
    erase_person(zahra.person, "asked at the desk", coordinator)
    person = Person.objects.get(pk=zahra.person.pk)
    assert (person.full_name_ar, person.full_name_latin, person.cin, person.phone, person.email) == (
        ERASED, "", "", "", ""
    )  # fmt: skip
    assert person.erased_at and person.messages_consent is False and person.community_declared == ERASED
    assert person.birth_date.year == 1988 and person.birth_date != datetime.date(1988, 7, 19)
    assert person.sex == "female" and person.province.code == "MA-TNG"
    text = dumped(export_person(person))
    assert not [said for said in SAID if said in text]
    assert {model: model.objects.count() for model in before} == before
    assert Message.objects.get(person=person, kind="bulk").status == "not_sent"
    entry = AuditEntry.objects.get(action="person.erased", object_id=str(person.pk))
    assert entry.actor == coordinator and entry.details["reason"] == "asked at the desk"


def test_erasure_changes_no_figure_of_the_reports(demo_surveys, demo, zahra, personas):
    token = ApiToken.issue(get_user_model().objects.get(username="coordinator"))

    def figures():
        cache.clear()
        api = personas["anonymous"].get(
            f"/api/v1/caravans/{demo.slug}/report", headers={"Authorization": f"Bearer {token}"}
        )
        assert api.status_code == 200
        return caravan_report(demo), api.json(), dashboard()

    accepted = Registration.objects.filter(caravan=demo, decision="accepted").select_related("person")
    chosen = [r.person for r in accepted.order_by("pk")[::4]] + [zahra.person]
    # Birthdays on each side of the first day (4 February), on it, and a 29 February.
    birthdays = [(1990, 2, 3), (1990, 2, 4), (1990, 2, 5), (2000, 2, 29), (1989, 12, 31)]
    for someone, born in zip(chosen, birthdays, strict=False):
        Person.objects.filter(pk=someone.pk).update(birth_date=datetime.date(*born))
    before = figures()
    for someone in chosen:
        erase_person(someone, "test", None)
    assert figures() == before
    assert Person.objects.filter(pk__in=[p.pk for p in chosen], erased_at__isnull=False).count() == len(
        chosen
    )


@pytest.mark.parametrize(
    "born, days, expected",
    [
        ((1990, 7, 19), [(2025, 2, 4)], (1990, 2, 5)),
        ((1990, 1, 10), [(2025, 2, 4)], (1990, 1, 1)),
        ((1990, 2, 4), [(2025, 2, 4)], (1990, 1, 1)),
        ((1990, 3, 5), [(2024, 2, 29)], (1990, 3, 1)),
        ((2000, 3, 5), [(2024, 2, 29)], (2000, 3, 1)),
        ((1990, 12, 1), [(2025, 2, 4), (2026, 11, 30)], (1990, 12, 1)),
    ],
)
def test_a_birth_date_becomes_one_that_gives_the_same_ages(born, days, expected):
    days = [datetime.date(*day) for day in days]
    generalised = generalised_birth_date(datetime.date(*born), days)
    assert generalised == datetime.date(*expected)

    def age(birth, on):
        return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))

    assert [age(generalised, day) for day in days] == [age(datetime.date(*born), day) for day in days]


def test_an_objection_stops_messages_and_is_audited_once(zahra, django_user_model):
    organiser = django_user_model.objects.get(username="organiser")
    assert oppose_person(zahra.person, organiser) is True
    assert oppose_person(zahra.person, organiser) is False
    person = Person.objects.get(pk=zahra.person.pk)
    assert person.objected_at and person.messages_consent is False and person.cin == CIN
    assert Message.objects.get(person=person, kind="bulk").reason == "no_consent"
    assert AuditEntry.objects.filter(action="person.objected", object_id=str(person.pk)).count() == 1


# --- Retention and the command line -------------------------------------------------------------------------


@pytest.fixture
def two_caravans(demo):
    """One person of the demo caravan only (4-6 February 2025), one also of a caravan a year later."""
    later = copy_caravan(demo, "tanger-2026", start=datetime.date(2026, 2, 4))
    gone = register(demo, person(), profile="project_holder", channel="staff", project_idea="عسل").person
    staying = register(demo, person(), profile="project_holder", channel="staff", project_idea="عسل").person
    register(later, staying, profile="project_holder", channel="staff", project_idea="عسل")
    return demo, later, gone, staying


def test_retention_anonymises_only_those_whose_every_caravan_is_past_it(two_caravans, settings):
    demo, later, gone, staying = two_caravans
    assert demo.keep_until() == datetime.date(2027, 2, 6)  # 24 months after the last day
    with time_machine.travel(datetime.date(2027, 2, 6)):
        assert apply_retention() == 0
    with time_machine.travel(datetime.date(2027, 2, 8)):
        assert gone in expired_people() and staying not in expired_people()
        assert (
            apply_retention(dry_run=True)
            == Person.objects.filter(erased_at=None).filter(pk__in=expired_people().values("pk")).count()
        )
        assert Person.objects.filter(erased_at__isnull=False).count() == 0  # the dry run changed nothing
        count = apply_retention()
    assert count >= 1
    assert Person.objects.get(pk=gone.pk).erased_at and Person.objects.get(pk=staying.pk).erased_at is None
    assert AuditEntry.objects.filter(action="person.erased", object_id=str(gone.pk), actor=None).exists()


def test_a_caravan_keeps_its_people_as_long_as_it_says(two_caravans):
    demo, _later, gone, _staying = two_caravans
    demo.retention_months = 36
    demo.save()
    with time_machine.travel(datetime.date(2027, 6, 1)):
        assert gone not in expired_people()


@pytest.fixture
def qafila(capsys, monkeypatch):
    """`qafila …` as an operator types it: (exit status, stdout, stderr)."""
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)

    def run(*args):
        try:
            status = cli.main(list(args))
        except SystemExit as exit:
            status = exit.code
        out, err = capsys.readouterr()
        return status, out, err

    return run


def test_export_person_writes_the_json_and_says_2_for_nobody(zahra, qafila, tmp_path):
    out = tmp_path / "zahra.json"
    status, _out, _err = qafila("export-person", "--cin", "lb 424242", "--out", str(out))
    assert status == 0 and json.loads(out.read_text())["person"]["cin"] == CIN
    status, _out, err = qafila("export-person", "--cin", "ZZ999999", "--out", str(tmp_path / "nobody.json"))
    assert status == 2 and "no person" in err and not (tmp_path / "nobody.json").exists()


def test_erase_person_anonymises_and_says_2_for_nobody(zahra, qafila):
    status, out, _err = qafila("erase-person", "--cin", CIN, "--reason", "demande écrite du 2 mars")
    assert status == 0 and f"person {zahra.person.pk} anonymised" in out
    assert Person.objects.get(pk=zahra.person.pk).cin == ""
    assert qafila("erase-person", "--cin", CIN, "--reason", "again")[0] == 2


def test_apply_retention_prints_how_many_and_a_dry_run_changes_nothing(two_caravans, qafila):
    with time_machine.travel(datetime.date(2027, 3, 1)):
        status, out, _err = qafila("apply-retention", "--dry-run")
        assert status == 0 and out.endswith("people would be anonymised\n")
        would = int(out.split()[0])
        assert would >= 1 and Person.objects.filter(erased_at__isnull=False).count() == 0
        status, out, _err = qafila("apply-retention")
        assert status == 0 and out == f"{would} people anonymised\n"
        assert qafila("apply-retention")[1] == "0 people anonymised\n"


def test_the_consent_notice_states_the_retention_and_the_cndp_declaration(demo, client, settings):
    settings.QAFILA_CNDP_DECLARATION = "D-GC-421/2025"
    demo.retention_months = 18
    demo.save()
    with time_machine.travel(DURING_DEMO_REGISTRATION):
        page = client.get(f"/caravans/{demo.slug}/register/", headers={"accept-language": "fr"})
    text = page.content.decode()
    assert "D-GC-421/2025" in text and "18 mois" in text and "6 août 2026" in text
