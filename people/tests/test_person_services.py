"""Recording people without duplicates: `people.services.find_or_create_person`."""

import datetime

import pytest

from core.models import AuditEntry
from people.models import Channel, Cooperative, Person
from people.services import (
    CREATED,
    UNCHANGED,
    UPDATED,
    Cooperatives,
    PersonFacts,
    PreloadedRegistry,
    create_people,
    find_or_build_person,
    find_or_create_cooperative,
    find_or_create_person,
)
from places.models import Province

BORN = datetime.date(1990, 3, 12)


def fatima(**fields):
    values = {
        "full_name_ar": "فاطمة الزهراء العلمي",
        "full_name_latin": "Fatima Zahra El Alami",
        "cin": "KB123456",
        "sex": "female",
        "birth_date": BORN,
        "birth_year": 1990,
        "phone": "+212612345678",
    }
    return PersonFacts(**{**values, **fields})


@pytest.fixture
def organiser(demo, django_user_model):
    return django_user_model.objects.get(username="organiser")


@pytest.fixture(params=["database", "preloaded"])
def registry(request, db):
    """Both ways of looking people up must give the same answers."""
    if request.param == "database":
        return lambda *facts: None
    return lambda *facts: PreloadedRegistry(facts)


def record(facts, actor=None, registry=None):
    found = find_or_create_person(facts, actor, Channel.IMPORT, registry=registry)
    if registry is not None:
        registry.remember(found[0])
    return found


def test_it_creates_a_person_with_name_key_consent_and_an_audit_entry(organiser):
    person, outcome, likely = record(fatima(), organiser)
    assert (outcome, likely) == (CREATED, [])
    assert person.name_key == "ftm zhr m" and person.cin == "KB123456"
    assert (person.consent_channel, person.consent_recorded_by) == ("import", organiser)
    assert person.consent_at is not None
    assert AuditEntry.objects.get(action="person.created").object_id == str(person.pk)


def test_the_same_cin_is_the_same_person_however_the_names_are_written(db, registry):
    first, _, _ = record(fatima(), registry=registry(fatima()))
    facts = fatima(full_name_ar="", full_name_latin="FATIMA EZZAHRA ALAMI")
    again, outcome, likely = record(facts, registry=registry(facts))
    assert (again.pk, outcome, likely) == (first.pk, UNCHANGED, [])
    assert Person.objects.count() == 1


def test_a_known_record_is_completed_never_overwritten(db, registry):
    known, _, _ = record(fatima(full_name_latin="", phone=""))
    facts = fatima(full_name_ar="فاطمة العلمي", phone="+212600000000")
    again, outcome, _ = record(facts, registry=registry(facts))
    again.refresh_from_db()
    assert outcome == UPDATED and again.pk == known.pk
    assert (again.full_name_ar, again.full_name_latin) == ("فاطمة الزهراء العلمي", "Fatima Zahra El Alami")
    assert again.phone == "+212600000000"
    assert AuditEntry.objects.get(action="person.updated").details["fields"] == ["full_name_latin", "phone"]


def test_without_a_cin_only_an_identical_record_is_the_same_person(db, registry):
    facts = fatima(cin="")
    first, _, _ = record(facts)
    again, outcome, _ = record(facts, registry=registry(facts))
    assert (again.pk, outcome) == (first.pk, UNCHANGED)


def test_a_probable_match_is_created_and_returned_for_review(db, registry):
    first, _, _ = record(fatima())
    facts = fatima(cin="", full_name_ar="", full_name_latin="Fatima Zahra Alami")
    other, outcome, likely = record(facts, registry=registry(facts))
    assert outcome == CREATED and other.pk != first.pk
    assert [m.person.pk for m in likely] == [first.pk]
    assert "same_phone" in likely[0].reasons and "same_birth_date" in likely[0].reasons


def test_a_namesake_with_another_cin_is_someone_else(db, registry):
    record(fatima())
    facts = fatima(cin="K999999")
    _, outcome, likely = record(facts, registry=registry(facts))
    assert (outcome, likely) == (CREATED, []) and Person.objects.count() == 2


def test_a_mother_sharing_her_daughters_phone_is_not_a_likely_match(db, registry):
    record(fatima(cin=""))
    facts = fatima(
        cin="", full_name_ar="فتيحة العلمي", full_name_latin="", birth_date=datetime.date(1962, 1, 5)
    )
    _, outcome, likely = record(facts, registry=registry(facts))
    assert (outcome, likely) == (CREATED, [])


def test_a_merged_record_is_never_found_again(db):
    first, _, _ = record(fatima())
    keeper = Person.objects.create(full_name_ar="فاطمة العلمي", cin="KB999999")
    Person.objects.filter(pk=first.pk).update(merged_into=keeper, cin="KB123456")
    _, outcome, _ = record(fatima())
    assert outcome == CREATED and Person.objects.active().filter(cin="KB123456").count() == 1


def test_the_preloaded_registry_forgets_a_rolled_back_person(db):
    facts = fatima()
    registry = PreloadedRegistry([facts])
    person, _, _ = find_or_create_person(facts, None, Channel.IMPORT, registry=registry)
    registry.remember(person)
    assert registry.same(facts) == person
    registry.forget(person)
    assert registry.same(facts) is None and registry.candidates(facts) == []


def test_people_built_for_a_batch_are_found_before_they_are_inserted_then_inserted_with_their_audit(db):
    first, probable = fatima(), fatima(cin="", full_name_ar="", full_name_latin="Fatima Zahra Alami")
    registry = PreloadedRegistry([first, probable])
    person, outcome, _ = find_or_build_person(first, None, Channel.IMPORT, registry=registry)
    registry.remember(person)
    assert outcome == CREATED and person.pk is None and not Person.objects.exists()
    assert registry.same(fatima(full_name_latin="FATIMA ALAMI")) is person
    other, outcome, likely = find_or_build_person(probable, None, Channel.IMPORT, registry=registry)
    assert outcome == CREATED and [m.person for m in likely] == [person]
    create_people([(person, []), (other, likely)], None, Channel.IMPORT)
    assert Person.objects.count() == 2 and person.pk < other.pk
    audit = AuditEntry.objects.get(action="person.created", object_id=str(other.pk))
    assert audit.details == {"channel": "import", "likely_matches": [person.pk]}


def test_a_cooperative_is_found_by_name_and_province_and_its_date_completed(places):
    tangier = Province.objects.get(code="MA-TNG")
    first, created = find_or_create_cooperative("تعاونية النحل", province=tangier)
    again, created_again = find_or_create_cooperative(
        "تعاونيـة  النحل", province=tangier, founded_on=datetime.date(2023, 6, 1), known=Cooperatives()
    )
    assert (created, created_again, again.pk) == (True, False, first.pk)
    again.refresh_from_db()
    assert again.founded_on == datetime.date(2023, 6, 1)
    elsewhere, created_elsewhere = find_or_create_cooperative(
        "تعاونية النحل", province=Province.objects.get(code="MA-TET")
    )
    assert created_elsewhere and Cooperative.objects.count() == 2


def test_a_cooperative_without_a_name_is_never_shared(places):
    tangier = Province.objects.get(code="MA-TNG")
    day = datetime.date(2023, 6, 1)
    one, _ = find_or_create_cooperative("", province=tangier, founded_on=day)
    two, _ = find_or_create_cooperative("", province=tangier, founded_on=day)
    assert one.pk != two.pk
