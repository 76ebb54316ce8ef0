"""Importing a registration list (xlsx or CSV) into a caravan: the file (`spreadsheets`), then each row
through reading → province → person → registration.

A file that cannot be used (not a spreadsheet, empty, no header row, too large) raises `ImportRefused`
before anything is written. Otherwise every row gets an outcome, and a row that breaks is rolled back alone.
The whole import is one transaction, holding the caravan's lock from the first row to the last: a dry run is
the real run, rolled back at the end, so it decides every row exactly as the real run would.

Rows go by batches: each row is decided in memory in its turn (the people of the earlier rows, the places
left), then the batch's people, registrations, decisions and audit entries are inserted together. When a
batch fails, its savepoint is rolled back and its rows are done again one at a time, each in its own
savepoint: a broken row never stops the others and never half-saves.

Outcomes (the contract's words):
- `created`: a new registration (the person's record found or created);
- `updated`: this caravan already had a registration *from an import* for this person, and the row brings
  other registration facts (profile, cooperative, project idea, sector) or facts the person's record lacked:
  the registration is completed and decided again by the rules (unless a staff member overrode it);
- `unchanged`: the same, with nothing new (a list imported twice);
- `duplicate`: the same person (same CIN, or an identical record) as an earlier row (`duplicate_in_file`),
  or already registered through another channel or cancelled (`already_registered`): nothing is written;
- `invalid`: a reading reason, nothing is written.

A person created with likely matches (probably someone the registry knows) goes to the review queue
(`people.duplicates.flag`) in a real run.
"""

import gc
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from django.db import transaction

from core import audit
from core.text import fold_compact
from people import duplicates, identifiers
from people import services as people_services
from people.models import Channel, SoulaliyateCommunity
from people.services import (
    Cooperatives,
    PersonFacts,
    PreloadedRegistry,
    create_cooperatives,
    create_people,
    find_or_build_cooperative,
    find_or_build_person,
    find_or_create_cooperative,
    find_or_create_person,
    ranked,
)
from places.models import Province

from ..models import Decision, Profile, Registration
from ..reasons import message
from ..services import RegistrationBatch, RegistrationError, register, update_registration
from .reading import is_blank, place_province, read_row, row_values
from .spreadsheets import ImportRefused, read_table

__all__ = ["ImportRefused", "import_registrations", "summary_line"]

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
BATCH_ROWS = 500  # rows decided in memory, then inserted together: a few queries per table and batch

CREATED, UPDATED_ROW, UNCHANGED, DUPLICATE, INVALID = (
    "created",
    "updated",
    "unchanged",
    "duplicate",
    "invalid",
)
OUTCOMES = (CREATED, UPDATED_ROW, UNCHANGED, DUPLICATE, INVALID)
DECISIONS = ("accepted", "waitlisted", "ineligible", "needs_review")

# A row that broke for a reason of ours, not of the file: it is rolled back alone and reported.
ROW_ERROR = "row_error"
ROW_ERROR_MESSAGES = {
    "ar": "تعذرت معالجة هذا السطر بسبب خطأ في النظام، ولم يسجل منه شيء. المرجو إعادة المحاولة أو إبلاغ الدعم.",
    "fr": "Cette ligne n'a pas pu être traitée à cause d'une erreur du système ; rien n'en a été enregistré. "
    "Réessayez ou prévenez l'assistance.",
}


# --- The rows ------------------------------------------------------------------------------------------


class _Places:
    """Provinces and soulaliyate communities, looked up once per distinct text."""

    def __init__(self):
        self.provinces = {p.code: p for p in Province.objects.select_related("region")}
        self.placed = {}
        self.communities = {}
        for community in SoulaliyateCommunity.objects.all():
            for name in (community.name_ar, community.name_fr):
                if fold_compact(name):
                    self.communities.setdefault((community.province_id, fold_compact(name)), community)

    def place(self, row):
        if not row.province_text:
            return row
        if row.province_text not in self.placed:
            placed = place_province(row)
            self.placed[row.province_text] = (placed.province_code, placed.region_code)
        code, region = self.placed[row.province_text]
        if code:
            return replace(row, province_code=code, region_code=region)
        return place_province(row)  # unknown: the reading reason is added there

    def community(self, province, text):
        if province is None or not text:
            return None
        return self.communities.get((province.pk, fold_compact(text)))


def facts_of(row, places):
    """The person these row values describe, as the registry takes them."""
    province = places.provinces.get(row.province_code)
    community = places.community(province, row.community)
    return PersonFacts(
        full_name_ar=row.full_name_ar[:200],
        full_name_latin=row.full_name_latin[:200],
        cin=row.cin if row.cin_status in (identifiers.VALID, identifiers.UNUSUAL) else "",
        sex=row.sex,
        birth_date=row.birth_date,
        birth_year=row.birth_date.year if row.birth_date else row.birth_year,
        phone=row.phone,
        province=province,
        community=community,
        community_declared="" if community else row.community[:200],
    )


def import_registrations(caravan, path, *, actor=None, dry_run=False):
    """Import the list at `path` into `caravan`; the report of the contract (a dict ready for JSON).
    Raises ImportRefused, having written nothing, when the file cannot be used."""
    table = read_table(path, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    with _fewer_collections(), transaction.atomic():
        report = _Import(caravan, table, actor, dry_run=dry_run).run()
        report.update(caravan=caravan.slug, dry_run=dry_run)
        if not dry_run:
            audit.record(
                actor, "registration.imported", caravan, file=Path(path).name, summary=report["summary"]
            )
        if dry_run:
            transaction.set_rollback(True)
    return {key: report[key] for key in ("caravan", "dry_run", "summary", "ignored_columns", "sheet", "rows")}


@contextmanager
def _fewer_collections():
    """An import keeps its rows, people and registrations (~10 objects a row) alive to its end; Python's
    collector, run every 700 new objects by default, would scan them again and again: a fifth of the time
    of a 10,000-row list. Collections are made rarer (not stopped) for the import, then set back."""
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], 50_000), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


class _Import:
    def __init__(self, caravan, table, actor, *, dry_run):
        self.table, self.actor, self.dry_run = table, actor, dry_run
        self.batch = RegistrationBatch(caravan)  # locks the caravan until the import's transaction ends
        self.caravan = self.batch.caravan
        self.places = _Places()
        self.cooperatives = Cooperatives()
        self.seen = {}  # id(person) → person: the people of the earlier rows of this file (saved or not)
        self.registrations = {
            r.person_id: r for r in self.caravan.registrations.select_related("cooperative")
        }
        self.batching = False  # True while a batch is decided in memory; False: one row at a time
        self.built = []  # [(person, likely matches)]: people of the batch, inserted on `_flush`
        self.built_cooperatives = []  # cooperatives of the batch, inserted on `_flush`

    def run(self):
        rows = []
        for number, cells in self.table.rows:
            raw = row_values(self.table.header, cells)
            if is_blank(raw):
                continue  # unknown columns do not count: a template's serial numbers make no row
            row = self.places.place(read_row(raw))
            rows.append((number, row, facts_of(row, self.places) if row.is_valid else None))
        self.registry = PreloadedRegistry([facts for *_, facts in rows if facts is not None])
        results = []
        for start in range(0, len(rows), BATCH_ROWS):
            results += self._batch(rows[start : start + BATCH_ROWS])
        return {
            "summary": _summary(results),
            "ignored_columns": self.table.header.ignored,
            "sheet": self.table.sheet,
            "rows": results,
        }

    def _batch(self, rows):
        """The rows decided in memory one after the other, then written together; if that fails, rolled
        back and done again one row at a time."""
        undo = []  # what each row wrote or changed in memory, to forget if the batch is rolled back
        seen, registrations = dict(self.seen), dict(self.registrations)
        self.batching = True
        try:
            with transaction.atomic():
                results = [self._batched(number, row, facts, undo) for number, row, facts in rows]
                self._flush()
        except Exception:  # a row that breaks, or an insert that fails: the batch goes row by row
            self.batching = False
            for written in reversed(undo):
                self._rolled_back(written)
            self.seen, self.registrations = seen, registrations
            self.built, self.built_cooperatives = [], []
            self.batch.discard()
            self.batch.recount()
            return [self._row(number, row, facts) for number, row, facts in rows]
        self.batching = False
        # a created row is reported once its registration is inserted (its id, its matches' ids)
        return [
            _with_notes(result() if callable(result) else result, row)
            for result, (_, row, _) in zip(results, rows, strict=True)
        ]

    def _batched(self, number, row, facts, undo):
        if not row.is_valid:
            return _invalid(number, row)
        written = {}
        undo.append(written)
        result = self._decide(number, row, facts, written)
        self._remember(written)
        return result

    def _row(self, number, row, facts):
        if not row.is_valid:
            return _invalid(number, row)
        written = {}
        try:
            with transaction.atomic():
                result = self._decide(number, row, facts, written)
        except Exception as error:  # one broken row never stops the others; it is rolled back alone
            self._rolled_back(written)
            return _result(number, INVALID, reasons=[ROW_ERROR], error=type(error).__name__)
        self._remember(written)
        return _with_notes(result, row)

    def _flush(self):
        """Insert what the batch decided so far: cooperatives, people (and their reviews), registrations."""
        if self.built_cooperatives:
            create_cooperatives(self.built_cooperatives, self.actor)
            self.built_cooperatives = []
        built, self.built = self.built, []
        if built:
            create_people(built, self.actor, Channel.IMPORT)
        if not self.dry_run:
            for person, likely in built:
                if likely:
                    duplicates.flag(person, ranked(likely))
        for registration in self.batch.flush():
            self.registrations[registration.person_id] = registration

    def _remember(self, written):
        """What a row wrote, for the rows after it."""
        if person := written.get("person"):
            self.registry.remember(person)
            self.seen[id(person)] = person
        registration = written.get("registration")
        if registration is not None and registration.pk is not None:  # else: on `_flush`
            self.registrations[registration.person_id] = registration

    def _decide(self, number, row, facts, written):
        same = self.registry.same(facts)
        if same is not None and id(same) in self.seen:
            return _result(number, DUPLICATE, reasons=["duplicate_in_file"])
        existing = self.registrations.get(same.pk) if same is not None else None
        if existing is not None and not _importable(existing):
            return _result(number, DUPLICATE, reasons=["already_registered"])
        person, person_outcome, likely = self._person(facts, written)
        if existing is None:
            try:
                registration = register(
                    self.caravan,
                    person,
                    profile=row.profile,
                    channel=Channel.IMPORT,
                    actor=self.actor,
                    cooperative=self._cooperative(row, facts, written),
                    project_idea=row.project_idea,
                    sector=row.sector,
                    sector_text=row.sector_text[:200],
                    extra_reasons=["possible_duplicate"] if likely else [],
                    batch=self.batch if self.batching else None,
                )
            except RegistrationError as refusal:
                if refusal.code != "already_registered":
                    raise
                return _result(number, DUPLICATE, reasons=["already_registered"])
            written["registration"] = registration
            return _created(number, registration, likely)
        if _same_facts(existing, row, facts) and person_outcome != people_services.UPDATED:
            return _registered(number, UNCHANGED, existing)
        if self.batching:
            self._flush()  # an update reads and writes the caravan's registrations in the database
        registration = update_registration(
            existing,
            actor=self.actor,
            profile=row.profile,
            cooperative=self._cooperative(row, facts, written),
            project_idea=row.project_idea,
            sector=row.sector,
            sector_text=row.sector_text[:200],
        )
        if self.batching:
            self.batch.recount()  # an update may free a place, or take one
        written["registration"] = registration
        return _registered(number, UPDATED_ROW, registration)

    def _person(self, facts, written):
        """The row's person: found (and completed), or new: inserted now, or on `_flush` in a batch."""
        if self.batching:
            person, outcome, likely = find_or_build_person(
                facts, self.actor, Channel.IMPORT, registry=self.registry
            )
            if outcome == people_services.CREATED:
                self.built.append((person, likely))
        else:
            person, outcome, likely = find_or_create_person(
                facts, self.actor, Channel.IMPORT, registry=self.registry
            )
            if outcome == people_services.CREATED and likely and not self.dry_run:
                duplicates.flag(person, likely)
        written["person"], written["person_outcome"] = person, outcome
        return person, outcome, likely

    def _cooperative(self, row, facts, written):
        if row.profile != Profile.COOPERATIVE_MEMBER:
            return None
        if not (row.cooperative_name or row.cooperative_founded or row.cooperative_founded_year):
            return None
        name = row.cooperative_name[:200]
        if known := self.cooperatives.get(name, facts.province):  # its dates may be completed
            written["cooperative_dates"] = (known, known.founded_on, known.founded_year)
        find = find_or_build_cooperative if self.batching else find_or_create_cooperative
        cooperative, created = find(
            name,
            province=facts.province,
            founded_on=row.cooperative_founded,
            founded_year=row.cooperative_founded_year,
            actor=self.actor,
            known=self.cooperatives,
        )
        if created:
            written["cooperative"] = cooperative
            if self.batching:
                self.cooperatives.remember(cooperative, name)
                self.built_cooperatives.append(cooperative)
        return cooperative

    def _rolled_back(self, written):
        """Forget what the row's rolled-back savepoint undid; reload what it had changed."""
        if cooperative := written.get("cooperative"):
            self.cooperatives.forget(cooperative)
        if dates := written.get("cooperative_dates"):
            known, founded_on, founded_year = dates
            known.founded_on, known.founded_year = founded_on, founded_year
        person = written.get("person")
        if person is not None and written.get("person_outcome") != people_services.UNCHANGED:
            self.registry.forget(person)
            if person.pk is not None and type(person).objects.filter(pk=person.pk).exists():
                person.refresh_from_db()
                self.registry.remember(person)
        registration = written.get("registration")
        if registration is not None and registration.pk is not None:
            if Registration.objects.filter(pk=registration.pk).exists():
                registration.refresh_from_db()


def _importable(registration):
    """An import updates only what an import made, and never brings a cancelled registration back."""
    return registration.channel == Channel.IMPORT and registration.decision != Decision.CANCELLED


def _same_facts(registration, row, facts):
    cooperative = registration.cooperative if row.profile == Profile.COOPERATIVE_MEMBER else None
    wanted = row.cooperative_name or row.cooperative_founded or row.cooperative_founded_year
    if row.profile != Profile.COOPERATIVE_MEMBER or not wanted:
        same_cooperative = registration.cooperative is None
    elif cooperative is None:
        same_cooperative = False
    elif row.cooperative_name:
        same_cooperative = (
            cooperative.province_id == (facts.province.pk if facts.province else None)
            and (
                fold_compact(row.cooperative_name)
                in {fold_compact(cooperative.name_ar), fold_compact(cooperative.name_fr)}
            )
            and not (
                (row.cooperative_founded and not cooperative.founded_on)
                or (row.cooperative_founded_year and not (cooperative.founded_on or cooperative.founded_year))
            )
        )
    else:  # a cooperative without a name is the registration's own: the same when its date is
        same_cooperative = not (cooperative.name_ar or cooperative.name_fr) and (
            cooperative.founded_on == row.cooperative_founded
            and (row.cooperative_founded or cooperative.founded_year == row.cooperative_founded_year)
        )
    return same_cooperative and (
        registration.profile,
        registration.project_idea,
        registration.sector,
        registration.sector_text,
    ) == (row.profile, row.project_idea, row.sector, row.sector_text[:200])


# --- The report ----------------------------------------------------------------------------------------


def _result(number, outcome, *, reasons=(), problems=None, notes=(), error=None):
    result = {"row": number, "outcome": outcome, "decision": None, "reasons": list(reasons)}
    result.update(_messages(result["reasons"]))
    if problems:
        result["columns"] = dict(problems)  # which column gave which reading reason
    if notes:
        result["notes"] = list(notes)
    if error:
        result["error"] = error
    return result


def _registered(number, outcome, registration):
    result = {
        "row": number,
        "outcome": outcome,
        "decision": registration.decision,
        "reasons": list(registration.reasons),
        "registration_id": registration.pk,
    }
    return {**result, **_messages(result["reasons"])}


def _messages(reasons):
    if not reasons:
        return {}
    return {
        f"message_{lang}": " ".join(
            ROW_ERROR_MESSAGES[lang] if code == ROW_ERROR else message(code, lang) for code in reasons
        )
        for lang in ("ar", "fr")
    }


def _summary(results):
    summary = {"rows": len(results), **dict.fromkeys(OUTCOMES, 0), **dict.fromkeys(DECISIONS, 0)}
    for result in results:
        summary[result["outcome"]] += 1
        if result["decision"] in DECISIONS:
            summary[result["decision"]] += 1
    return summary


def summary_line(report):
    """One line for the terminal, e.g. `12 rows: 10 created, …; 7 accepted, …`."""
    s = report["summary"]
    outcomes = ", ".join(f"{s[key]} {key}" for key in OUTCOMES)
    decisions = ", ".join(f"{s[key]} {key}" for key in DECISIONS)
    prefix = "dry run, nothing written — " if report["dry_run"] else ""
    return f"{prefix}{report['caravan']}: {s['rows']} rows: {outcomes}; {decisions}"


def _invalid(number, row):
    return _result(number, INVALID, reasons=list(row.reasons), problems=row.problems, notes=row.notes)


def _with_notes(result, row):
    return {**result, **({"notes": list(row.notes)} if row.notes else {})}


def _created(number, registration, likely):
    """The report of a created row; a callable when the registration is yet to be inserted (in a batch)."""

    def report():
        result = _registered(number, CREATED, registration)
        if likely:
            result["likely_matches"] = [m.person.pk for m in ranked(likely)]
        return result

    return report() if registration.pk is not None else report
