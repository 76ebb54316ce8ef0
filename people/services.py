"""Write actions on the registry: one person, one record, across caravans and channels.

`find_or_create_person` never creates a second record for someone the registry surely knows: the same CIN
(normalised), or, without a CIN, a record identical in every fact (a list imported twice). Anyone only
*probably* known (`people.matching`: same phone or birth date with names alike) gets a new record, returned
with those likely matches and queued for review (`people.duplicates`); a human merges, never this module.
A known person's record is only completed by new facts, never overwritten: a list's spelling or number is not
more reliable than what the registry already holds.

One way to write people, however many: `find_or_build_person` (nothing inserted), then `create_people` for a
list's batch; `find_or_create_person` is a batch of one. Cooperatives likewise.
"""

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass, fields

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import audit, rows
from core.text import fold_compact, has_arabic
from people import duplicates, matching, names
from people.models import Cooperative, Person, SoulaliyateCommunity
from places.models import Province

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"

MAX_CANDIDATES = 200  # a phone or a birth date shared by more people is no evidence anyway
_CHUNK = 500  # ids per IN (…) query: well under SQLite's and PostgreSQL's limits


@dataclass(frozen=True)
class PersonFacts:
    """What a list, a form or an API call says about a person, already read and cleaned."""

    full_name_ar: str = ""
    full_name_latin: str = ""
    cin: str = ""  # normalised (people.identifiers.normalise_cin), "" when missing or unusable
    sex: str = ""
    birth_date: datetime.date | None = None
    birth_year: int | None = None
    phone: str = ""  # E.164
    province: Province | None = None
    community: SoulaliyateCommunity | None = None
    community_declared: str = ""

    @functools.cached_property  # read four times a row by an import
    def name_key(self):
        return name_key(self.full_name_ar, self.full_name_latin)


# Facts a known person's record may be completed with, in the order they are reported.
_COMPLETED = ["full_name_ar", "full_name_latin", "sex", "birth_date", "birth_year", "phone", "province"]
_COMPLETED += ["community", "community_declared"]


def name_key(full_name_ar, full_name_latin):
    """The indexed skeleton of a person's name (`people.names.key`), Arabic first."""
    return (names.key(full_name_ar) or names.key(full_name_latin))[:200]


class Registry:
    """Where `find_or_create_person` looks for people: the database, a few indexed queries per call."""

    related = ("province__region", "community")

    def same(self, facts):
        """The person these facts surely are: the same CIN, or (no CIN) an identical record; else None."""
        people = Person.objects.active().select_related(*self.related)
        if facts.cin:
            return people.filter(cin=facts.cin).first()
        return people.filter(cin="", name_key=facts.name_key, **_identity(facts)).order_by("pk").first()

    def candidates(self, facts):
        """People who may be the same as these facts: the same phone, birth date or name key."""
        wanted = Q(name_key=facts.name_key) if facts.name_key else Q()
        if facts.phone:
            wanted |= Q(phone=facts.phone)
        if facts.birth_date:
            wanted |= Q(birth_date=facts.birth_date)
        if not wanted:
            return []
        return list(Person.objects.active().filter(wanted).order_by("pk")[:MAX_CANDIDATES])

    def remember(self, person):
        """A person written by the caller (nothing to do: the database is asked every time)."""

    def forget(self, person):
        """A person whose writing was rolled back."""


class PreloadedRegistry(Registry):
    """The registry for a whole list: everyone any of its rows may match, fetched in a few queries, then
    looked up in memory. The caller tells it what it writes (`remember`) and what was rolled back (`forget`).

    A person is remembered as an object, saved or not yet (`find_or_build_person`: inserted later, with
    others); one saved record is remembered once, however many times it was fetched."""

    def __init__(self, all_facts):
        self.entries = {}  # id(person) → (person, the index entries it was remembered under)
        self.saved = {}  # pk → the object remembered for that record
        self.unsaved = {}  # id(person) → a person remembered before it was inserted (into `saved` on `load`)
        self.by_cin = {}
        self.by_identity = defaultdict(list)
        self.by_phone = defaultdict(list)
        self.by_birth_date = defaultdict(list)
        self.by_name_key = defaultdict(list)
        self.load(all_facts)

    def load(self, all_facts):
        """Fetch the records these facts may match that are not known yet (a list read in chunks: the people
        of each chunk, including those registered elsewhere meanwhile)."""
        all_facts = list(all_facts)
        active = Person.objects.active()
        wanted = set()  # the lookups overlap (a list's people share birth dates): ids first, records once
        for lookup, values in [
            ("cin__in", {f.cin for f in all_facts if f.cin}),
            ("phone__in", {f.phone for f in all_facts if f.phone}),
            ("birth_date__in", {f.birth_date for f in all_facts if f.birth_date}),
            ("name_key__in", {f.name_key for f in all_facts if f.name_key}),
        ]:
            values = sorted(values)
            for start in range(0, len(values), _CHUNK):
                chunk = values[start : start + _CHUNK]
                wanted.update(active.filter(**{lookup: chunk}).values_list("pk", flat=True))
        for key, person in list(self.unsaved.items()):  # those inserted since they were remembered
            if person.pk is not None:
                del self.unsaved[key]
                self.saved.setdefault(person.pk, person)
        wanted = sorted(wanted - self.saved.keys())
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            for person in active.select_related(*self.related).filter(pk__in=chunk).order_by("pk"):
                self.remember(person)

    def same(self, facts):
        if facts.cin:
            return self.by_cin.get(facts.cin)
        found = self.by_identity.get(_identity_key(facts))
        return found[0] if found else None

    def candidates(self, facts):
        found = {}
        for index, key in [
            (self.by_phone, facts.phone),
            (self.by_birth_date, facts.birth_date),
            (self.by_name_key, facts.name_key),
        ]:
            if key:
                for person in index.get(key, ())[:MAX_CANDIDATES]:
                    found.setdefault(id(person), person)
        return list(found.values())

    def remember(self, person):
        self.forget(person)
        if person.pk is not None and person.pk in self.saved:
            self.forget(self.saved[person.pk])  # another object for the same record
        entries = [(self.by_phone, person.phone), (self.by_birth_date, person.birth_date)]
        entries += [(self.by_name_key, person.name_key)]
        if not person.cin:
            entries.append((self.by_identity, _identity_key(person)))
        entries = [(index, key) for index, key in entries if key]
        for index, key in entries:
            index[key].append(person)
        if person.cin:
            self.by_cin[person.cin] = person
        self.entries[id(person)] = (person, entries)
        if person.pk is not None:
            self.saved[person.pk] = person
        else:
            self.unsaved[id(person)] = person

    def forget(self, person):
        known, entries = self.entries.pop(id(person), (None, []))
        if known is None:
            return
        self.unsaved.pop(id(known), None)
        if known.pk is not None and self.saved.get(known.pk) is known:
            del self.saved[known.pk]
        if known.cin and self.by_cin.get(known.cin) is known:
            del self.by_cin[known.cin]
        for index, key in entries:
            index[key] = [p for p in index[key] if p is not known]


def _identity(facts):
    return {
        "full_name_ar": facts.full_name_ar,
        "full_name_latin": facts.full_name_latin,
        "phone": facts.phone,
        "birth_date": facts.birth_date,
        "birth_year": facts.birth_year,
    }


def _identity_key(record):
    return tuple(_identity(record).values())


def candidate(record, id=None):
    """A `people.matching.Candidate` from a person or facts."""
    return matching.Candidate(
        id=record.pk if id is None else id,
        full_name_ar=record.full_name_ar,
        full_name_latin=record.full_name_latin,
        cin=record.cin,
        phone=record.phone or None,
        birth_date=record.birth_date,
        birth_year=record.birth_year,
    )


@dataclass(frozen=True)
class LikelyMatch:
    person: Person
    score: float
    reasons: list  # codes of people.matching.REASONS


def likely_matches(facts, people):
    """The people these facts are probably the same as, best first (sure matches are not among them)."""
    incoming = candidate(facts, id=0)
    cin, phone = _cin_key(facts.cin), (facts.phone or "").replace(" ", "")
    found = []
    for person in people:
        if not _may_match(cin, phone, facts.birth_date, person):
            continue
        verdict = matching.compare(incoming, candidate(person))
        if verdict:
            found.append(LikelyMatch(person, *verdict))
    return ranked(found)


def _may_match(cin, phone, birth_date, person):
    """The cheap half of `matching.compare`, checked before names are read (most candidates stop here):
    two CINs are never a likely match, and neither is a pair with neither the same phone nor the same
    birth date."""
    if cin and _cin_key(person.cin):
        return False
    same_phone = bool(phone) and phone == (person.phone or "").replace(" ", "")
    return same_phone or bool(birth_date and birth_date == person.birth_date)


_cin_key = functools.lru_cache(maxsize=20_000)(matching.cin_key)  # the same records, row after row


def ranked(likely):
    """Likely matches best first: more reasons, then a higher score, then the older record. A record not
    inserted yet comes after the saved ones; once inserted, rank again (its place depends on its pk)."""
    return sorted(likely, key=lambda m: (-len(m.reasons), -m.score, m.person.pk is None, m.person.pk or 0))


@transaction.atomic
def find_or_create_person(facts, actor, channel, *, registry=None):
    """(person, outcome, likely_matches): the person these facts surely are, completed with any fact their
    record lacks (`updated`) or not (`unchanged`); else a new record (`created`), with the people it is
    probably the same as, queued for review. Consent to be recorded is given by the channel, on the day, to
    `actor`. A batch of one: `find_or_build_person`, then `create_people`."""
    person, outcome, likely = find_or_build_person(facts, actor, channel, registry=registry or Registry())
    if outcome == CREATED:
        create_people([(person, likely)], actor, channel)
    return person, outcome, likely


def find_or_build_person(facts, actor, channel, *, registry):
    """As `find_or_create_person`, except that a new person is returned unsaved: the caller inserts it with
    others (`create_people`) in the same transaction. A known person's record is completed at once."""
    person = registry.same(facts)
    if person is not None:
        completed = complete_person(person, facts, actor, channel)
        return person, (UPDATED if completed else UNCHANGED), []
    return new_person(facts, actor, channel), CREATED, likely_matches(facts, registry.candidates(facts))


def new_person(facts, actor=None, channel=""):
    """The unsaved record of a person the registry does not know yet."""
    return rows.build(
        Person,
        **{f.name: getattr(facts, f.name) for f in fields(PersonFacts)},
        name_key=facts.name_key,
        **_consent(actor, channel),
    )


def create_people(built, actor, channel):
    """Insert people built by `find_or_build_person`, [(person, likely_matches)], in one query, their
    `person.created` audit entries in another, and queue their likely matches for review; each person gets
    its pk."""
    rows.insert_many([person for person, _ in built])
    rows.insert_many(
        [
            audit.entry(actor, "person.created", person, **_created(channel, likely))
            for person, likely in built
        ]
    )
    duplicates.flag([(person, ranked(likely)) for person, likely in built if likely])


def _created(channel, likely):
    """The details of a new person's audit entry."""
    return {"channel": channel, "likely_matches": [m.person.pk for m in ranked(likely)]}


def complete_person(person, facts, actor, channel):
    """Fill the facts `person`'s record lacks (and consent, when never recorded); returns the fields
    written, audited as `person.updated`. A fact the record already holds is never overwritten."""
    written = []
    for name in _COMPLETED:
        new = getattr(facts, name)
        if new in ("", None) or getattr(person, name) not in ("", None):
            continue
        if name == "birth_year" and person.birth_date:
            continue
        setattr(person, name, new)
        written.append(name)
    if person.birth_date and person.birth_year != person.birth_date.year:
        person.birth_year = person.birth_date.year
    if not person.consent_at:
        for name, value in _consent(actor, channel).items():
            setattr(person, name, value)
        written.append("consent")
    if not written:
        return []
    person.name_key = name_key(person.full_name_ar, person.full_name_latin)
    person.save()
    audit.record(actor, "person.updated", person, channel=channel, fields=written)
    return written


def _consent(actor, channel):
    return {
        "consent_at": timezone.now(),
        "consent_channel": channel,
        "consent_recorded_by": actor if getattr(actor, "pk", None) else None,
    }


# --- Cooperatives --------------------------------------------------------------------------------------


def cooperative_key(name, province):
    return (_folded(name), province.pk if province else None)


_folded = functools.lru_cache(maxsize=20_000)(fold_compact)  # a list names its cooperatives on many rows


class Cooperatives:
    """Cooperatives by folded name and province, loaded once for a list."""

    def __init__(self):
        self.known = {}
        for cooperative in Cooperative.objects.order_by("name_ar", "pk"):
            for name in (cooperative.name_ar, cooperative.name_fr):
                if folded := fold_compact(name):
                    self.known.setdefault((folded, cooperative.province_id), cooperative)

    def get(self, name, province):
        return self.known.get(cooperative_key(name, province))

    def remember(self, cooperative, name):
        if folded := _folded(name):  # a cooperative without a name is never shared
            self.known[(folded, cooperative.province_id)] = cooperative

    def forget(self, cooperative):
        self.known = {k: c for k, c in self.known.items() if c is not cooperative}


def find_or_create_cooperative(name, *, province, founded_on=None, founded_year=None, actor=None, known=None):
    """(cooperative, created): the cooperative of that name in that province, its founding date completed
    when unknown; a new one otherwise. A cooperative without a name is never shared: always a new one.
    A batch of one: `find_or_build_cooperative`, then `create_cooperatives`."""
    cooperative, created = find_or_build_cooperative(
        name, province=province, founded_on=founded_on, founded_year=founded_year, actor=actor, known=known
    )
    if created:
        with transaction.atomic():
            create_cooperatives([cooperative], actor)
        if known is not None:
            known.remember(cooperative, name)
    return cooperative, created


def find_or_build_cooperative(name, *, province, founded_on=None, founded_year=None, actor=None, known=None):
    """As `find_or_create_cooperative`, except that a new cooperative is returned unsaved and not remembered:
    the caller inserts it with others (`create_cooperatives`). A known one's date is completed at once."""
    if not _folded(name):
        cooperative = None
    elif known is not None:
        cooperative = known.get(name, province)
    else:
        same_name = Q(name_ar=name) | Q(name_fr=name)
        cooperative = Cooperative.objects.filter(same_name, province=province).order_by("pk").first()
    if cooperative is not None:
        if founded_on and not cooperative.founded_on:
            cooperative.founded_on, cooperative.founded_year = founded_on, founded_on.year
            _completed(cooperative, ["founded_on", "founded_year"], actor)
        elif founded_year and not (cooperative.founded_on or cooperative.founded_year):
            cooperative.founded_year = founded_year
            _completed(cooperative, ["founded_year"], actor)
        return cooperative, False
    return new_cooperative(name, province=province, founded_on=founded_on, founded_year=founded_year), True


def new_cooperative(name, *, province, founded_on=None, founded_year=None):
    """The unsaved record of a cooperative not known yet (its name in the field of its script)."""
    arabic = has_arabic(name)
    return rows.build(
        Cooperative,
        name_ar=name if arabic else "",
        name_fr="" if arabic else name,
        founded_on=founded_on,
        founded_year=founded_on.year if founded_on else founded_year,
        province=province,
    )


def create_cooperatives(built, actor):
    """Insert cooperatives built by `find_or_build_cooperative` in one query, their audit entries in another."""
    rows.insert_many(built)
    rows.insert_many([audit.entry(actor, "cooperative.created", cooperative) for cooperative in built])


@transaction.atomic
def _completed(cooperative, written, actor):
    cooperative.save(update_fields=written)
    audit.record(actor, "cooperative.updated", cooperative, fields=written[:1])
