"""Importing a registration list (xlsx or CSV) into a caravan: the file (`spreadsheets`), then each row
through reading → places → the entry of a form (`reading.entry_of`) → person → registration.

A file that cannot be used (not a spreadsheet, empty, no header row, too large) raises `ImportRefused`
before anything is written. Otherwise every row gets an outcome, and a row that breaks is rolled back alone.

The rows are committed in chunks, each its own transaction holding the caravan's lock: on SQLite one
transaction holds the whole database's write lock, and a 50,000-row list in one would keep every check-in
and every form waiting for a minute. A chunk is sized by time (`_next_size`): as many rows as hold the lock
about `CHUNK_HOLD` seconds while others write between the chunks (check-ins at the venue); longer while
nobody does (a list imported weeks before), where pauses would cost the import its time for nothing: a
tenth of the time since someone else last wrote (`QUIET_SHARE`), up to `QUIET_HOLD`. The first who writes
again waits no longer than a tenth of the quiet they ended.

Each chunk locks the caravan again, counts its places again and reads again the people and registrations its
rows may meet, so registrations made between two chunks (a public form) are counted and matched. A chunk that
fails stops the import (`ImportStopped`): the chunks before it stay imported, and the same file imported
again reports them `unchanged` and imports the rest.

A dry run is the real run, each chunk rolled back: it decides every row exactly as the real run would. What
a rolled-back chunk did is carried to the next ones in memory: its people and cooperatives (still matched,
under a number no row has, `_forget_chunk`), and the places it took, taken off the capacity in each later
chunk's own transaction.

A row is recorded as a form's entry is (`registration.entry.enter`), through the same functions: its person
found or built (`people.services`), its registration decided (`registration.decisions`) in a
`RegistrationBatch`. Only the batch is larger: each row is decided in memory in its turn (the people of the
earlier rows, the places left), then the batch's cooperatives, people (with their reviews), registrations,
decisions and audit entries are inserted together. When a batch fails, its savepoint is rolled back and its
rows are done again as batches of one, each in its own savepoint: a broken row never stops the others and
never half-saves.

Outcomes (the contract's words):
- `created`: a new registration (the person's record found or created);
- `updated`: this caravan already had a registration *from an import* for this person, and the row brings
  other registration facts (profile, cooperative, project idea, sector) or facts the person's record lacked:
  the registration is completed and decided again by the rules (unless a staff member overrode it);
- `unchanged`: the same, with nothing new (a list imported twice);
- `duplicate`: surely the same person as an earlier row (`duplicate_in_file`) — the registry's own sure match
  (`people.services.Registry.same`: the same CIN, or without one an identical record) — or already
  registered through another channel or cancelled (`already_registered`): nothing is written;
- `invalid`: a reading reason, nothing is written.

A row only *probably* someone the registry knows, or someone of an earlier row (`people.matching`: the same
phone or birth date, names alike), is created with `possible_duplicate` and queued for review.
"""

import gc
import itertools
import logging
import time
from contextlib import contextmanager
from pathlib import Path

from django.db import DatabaseError, connection, transaction

from caravans.models import Caravan
from core import audit
from core.text import fold_compact
from people import services as people_services
from people.models import Channel, Cooperative, Person
from people.services import (
    Cooperatives,
    PreloadedRegistry,
    create_cooperatives,
    create_people,
    find_or_build_cooperative,
    find_or_build_person,
    ranked,
)

from ..models import Decision, Profile, Registration
from ..reasons import message
from ..services import RegistrationBatch, update_registration
from .reading import Places, entry_of, is_blank, read_row, row_values
from .spreadsheets import ImportRefused, read_table

__all__ = ["ImportRefused", "ImportStopped", "import_registrations", "summary_line"]

logger = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
BATCH_ROWS = 500  # rows decided in memory, then inserted together: a few queries per table and batch
CHUNK_ROWS = 1000  # the most rows committed together
FIRST_CHUNK_ROWS = 100  # then as many as held the lock `CHUNK_HOLD` in the last chunk
MIN_CHUNK_ROWS = 20  # below, a chunk's own queries would take more of its time than its rows
CHUNK_HOLD = 0.05  # seconds: a check-in waiting for the lock waits about this long, a few times at most
QUIET_SHARE = 0.1  # of the time since another connection last wrote
QUIET_HOLD = 1.0  # seconds: the longest, after 10 s without another writer
# SQLite's writers waiting for its lock poll it ever more rarely as they wait (sqlite3.c,
# sqliteDefaultBusyCallback: after 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50 ms, then every 100 ms). A pause
# between two chunks as long as a waiter's longest sleep gives each its turn (without it, the import takes
# the lock back at once and a check-in waits for the whole list).
# (a waiter that waited less than, is in a sleep of at most), in seconds; beyond: 0.1 s
SQLITE_POLLS = ((0.128, 0.025), (0.228, 0.05))

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


class ImportStopped(Exception):
    """An import stopped by a failure part-way: the rows before `stopped_at` (a row number) are imported and
    stay, `report` is theirs (the contract's, for those rows); `cause` names the failure."""

    def __init__(self, report, stopped_at, cause):
        self.report, self.stopped_at, self.cause = report, stopped_at, type(cause).__name__
        super().__init__(f"stopped at row {stopped_at} by {self.cause}")


def import_registrations(caravan, path, *, actor=None, dry_run=False, messages=True, progress=None):
    """Import the list at `path` into `caravan`; the report of the contract (a dict ready for JSON).
    `messages`: the list's people are told their registration and its decision, as for any registration
    (a dry run tells nobody). `progress(rows done, rows)` is called after each chunk. Raises ImportRefused,
    having written nothing, when the file cannot be used; ImportStopped when a chunk failed (a dry run
    raises the failure itself: it wrote nothing)."""
    table = read_table(path, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    details = {"file": Path(path).name, "messages": messages}
    with _fewer_collections():
        try:
            report = _Import(caravan, table, actor, messages=messages, dry_run=dry_run).run(progress)
        except ImportStopped as stopped:
            stopped.report.update(caravan=caravan.slug, dry_run=False)
            summary = stopped.report["summary"]
            try:
                audit.record(actor, "registration.import_stopped", caravan, **details, summary=summary,
                             stopped_at=stopped.stopped_at, cause=stopped.cause)  # fmt: skip
            except DatabaseError:  # the database that stopped the import may refuse this too: it is logged
                logger.exception("the stopped import of %s could not be audited", details["file"])
            raise
    report.update(caravan=caravan.slug, dry_run=dry_run)
    if not dry_run:
        audit.record(actor, "registration.imported", caravan, **details, summary=report["summary"])
    return report


@contextmanager
def _fewer_collections():
    """An import keeps its rows, people and registrations (~10 objects a row) alive to its end; Python's
    collector, run every 700 new objects by default, would scan them again and again for nothing: a fifth of
    the time of a 10,000-row list, and still a twentieth when made 70 times rarer. The collector is paused
    for the import (what it leaves behind is collected when it ends), then set back as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Import:
    def __init__(self, caravan, table, actor, *, messages, dry_run):
        self.caravan, self.table, self.actor, self.dry_run = caravan, table, actor, dry_run
        self.tell = messages and not dry_run
        self.batch = None  # made in the first chunk's transaction: it locks the caravan
        self.places = Places()
        self.cooperatives = Cooperatives()
        self.seen = {}  # id(person) → person: the people of the earlier rows of this file (saved or not)
        self.registrations = {}  # person pk → this caravan's registration: for the chunk's rows, read anew
        self.built = []  # [(person, likely matches)]: new people, inserted on `_flush`
        self.built_cooperatives = []  # new cooperatives, inserted on `_flush`
        self.counted = 0  # the caravan's accepted registrations when the chunk began
        self.taken = 0  # a dry run: the places the earlier chunks (rolled back) took
        self.inserted = []  # a dry run: the people and cooperatives the chunk inserted, to be rolled back
        self.restored = set()  # a dry run: id() of earlier chunks' cooperatives inserted again in this one
        self.unused = itertools.count(-1, -1)  # a dry run: numbers no row has, for what was rolled back

    def run(self, progress=None):
        rows = []
        for number, cells in self.table.rows:
            raw = row_values(self.table.header, cells)
            if is_blank(raw):
                continue  # unknown columns do not count: a template's serial numbers make no row
            row = read_row(raw, places=self.places)
            rows.append((number, row, entry_of(row, self.places) if row.is_valid else None))
        self.registry = PreloadedRegistry([entry.facts for *_, entry in rows if entry is not None])
        results, held, size = [], 0.0, min(FIRST_CHUNK_ROWS, CHUNK_ROWS)
        others_wrote = time.monotonic()
        while len(results) < len(rows):
            chunk = rows[len(results) : len(results) + size]
            if results and _let_others_write(held):
                others_wrote = time.monotonic()
            began = time.monotonic()
            try:
                results += self._chunk(chunk)
            except Exception as error:
                if self.dry_run:
                    raise
                raise ImportStopped(self._report(results), chunk[0][0], error) from error
            held = time.monotonic() - began
            logger.debug("%d rows held the lock %.3f s", len(chunk), held)
            quiet = time.monotonic() - others_wrote
            size = _next_size(len(chunk), held, min(max(CHUNK_HOLD, quiet * QUIET_SHARE), QUIET_HOLD))
            if progress is not None:
                progress(len(results), len(rows))
        return self._report(results)

    def _report(self, results):
        return {
            "summary": _summary(results),
            "ignored_columns": self.table.header.ignored,
            "sheet": self.table.sheet,
            "rows": results,
        }

    def _chunk(self, rows):
        """The rows in one transaction, in batches; a dry run's rolled back at its end."""
        with transaction.atomic():
            self._lock(rows)
            results = []
            for start in range(0, len(rows), BATCH_ROWS):
                results += self._batch(rows[start : start + BATCH_ROWS])
            if self.dry_run:
                self.taken += self.batch.caravan.registrations.accepted().count() - self.counted
                transaction.set_rollback(True)
        if self.dry_run:
            self._forget_chunk()
        return results

    def _lock(self, rows):
        """Lock the caravan and count its places; read again who the chunk's rows may be, and their
        registrations to this caravan: others may have registered since the last chunk."""
        if self.batch is None:
            self.batch = RegistrationBatch(self.caravan, tell=self.tell)
        else:
            self.batch.relock()
        caravan = self.batch.caravan
        self.counted = self.batch.decider.accepted
        if self.taken:  # a dry run: every count of places in this chunk (an update's too) sees them taken
            caravan.capacity -= self.taken
            Caravan.objects.filter(pk=caravan.pk).update(capacity=caravan.capacity)
        facts = [entry.facts for *_, entry in rows if entry is not None]
        self.registry.load(facts)
        known = {person.pk for person in map(self.registry.same, facts) if _met(person, self.seen)}
        self.registrations = {}
        known = sorted(known)
        for start in range(0, len(known), BATCH_ROWS):
            registrations = caravan.registrations.select_related("cooperative")
            for registration in registrations.filter(person_id__in=known[start : start + BATCH_ROWS]):
                self.registrations[registration.person_id] = registration

    def _forget_chunk(self):
        """A dry run's chunk was rolled back: the people and cooperatives it inserted stay in memory for the
        next chunks' rows (an earlier row's person, a cooperative named again), each under a number no row
        has (negative): SQLite gives the numbers of rolled-back rows out again, chunk after chunk."""
        for inserted in self.inserted:
            if inserted.pk is None or inserted.pk < 0:
                continue
            if isinstance(inserted, Person):
                self.registry.forget(inserted)
                inserted.pk = next(self.unused)
                self.registry.remember(inserted)
            else:
                inserted.pk = next(self.unused)
        self.inserted, self.restored = [], set()

    def _inserted(self, written):
        """A dry run: remember what a row that stays in its chunk inserted (`_forget_chunk`)."""
        if self.dry_run:
            if written.get("person_outcome") == people_services.CREATED:
                self.inserted.append(written["person"])
            if cooperative := written.get("cooperative"):
                self.inserted.append(cooperative)

    def _batch(self, rows):
        """The rows decided in memory one after the other, then written together; if that fails, rolled
        back and done again as batches of one."""
        undo = []  # what each row wrote or changed in memory, to forget if the batch is rolled back
        seen, registrations = dict(self.seen), dict(self.registrations)
        try:
            with transaction.atomic():
                results = [self._batched(number, row, entry, undo) for number, row, entry in rows]
                self._flush()
        except Exception:  # a row that breaks, or an insert that fails: the batch goes row by row
            self._discard()
            for written in reversed(undo):
                self._rolled_back(written)
            self.seen, self.registrations = seen, registrations
            return [self._alone(number, row, entry) for number, row, entry in rows]
        for written in undo:
            self._inserted(written)
        return [_reported(result, row) for result, (_, row, _) in zip(results, rows, strict=True)]

    def _batched(self, number, row, entry, undo):
        if not row.is_valid:
            return _invalid(number, row)
        written = {}
        undo.append(written)
        result = self._decide(number, entry, written)
        self._remember(written)
        return result

    def _alone(self, number, row, entry):
        """A row as a batch of one, in its own savepoint."""
        if not row.is_valid:
            return _invalid(number, row)
        written = {}
        try:
            with transaction.atomic():
                result = self._decide(number, entry, written)
                self._flush()
        except Exception as error:  # one broken row never stops the others; it is rolled back alone
            self._discard()
            self._rolled_back(written)
            return _result(number, INVALID, reasons=[ROW_ERROR], error=type(error).__name__)
        self._remember(written)
        self._inserted(written)
        return _reported(result, row)

    def _flush(self):
        """Insert what was decided since the last flush: cooperatives, people (and their reviews),
        registrations."""
        built_cooperatives, self.built_cooperatives = self.built_cooperatives, []
        if built_cooperatives:
            create_cooperatives(built_cooperatives, self.actor)
        built, self.built = self.built, []
        if built:
            create_people(built, self.actor, Channel.IMPORT)
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

    def _decide(self, number, entry, written):
        same = self.registry.same(entry.facts)
        if same is not None and id(same) in self.seen:
            return _result(number, DUPLICATE, reasons=["duplicate_in_file"])
        existing = self.registrations.get(same.pk) if same is not None else None
        if existing is not None and not _importable(existing):
            return _result(number, DUPLICATE, reasons=["already_registered"])
        person, person_outcome, likely = self._person(entry, written)
        if existing is None:
            details = entry.details(Channel.IMPORT, self._cooperative(entry, written))
            extra_reasons = ["possible_duplicate"] if likely else []
            registration = self.batch.add(person, details, actor=self.actor, extra_reasons=extra_reasons)
            written["registration"] = registration
            return _created(number, registration, likely)
        if _same_facts(existing, entry) and person_outcome != people_services.UPDATED:
            return _registered(number, UNCHANGED, existing)
        details = entry.details(Channel.IMPORT, self._cooperative(entry, written))
        self._flush()  # its cooperative if new; an update reads and writes the registrations in the database
        registration = update_registration(existing, details, actor=self.actor, tell=self.tell)
        self.batch.recount()  # an update may free a place, or take one
        written["registration"] = registration
        return _registered(number, UPDATED_ROW, registration)

    def _person(self, entry, written):
        """The row's person: found (and completed), or new: inserted on `_flush`."""
        person, outcome, likely = find_or_build_person(
            entry.facts, self.actor, Channel.IMPORT, registry=self.registry
        )
        if outcome == people_services.CREATED:
            self.built.append((person, likely))
        written["person"], written["person_outcome"] = person, outcome
        return person, outcome, likely

    def _cooperative(self, entry, written):
        """The row's cooperative: found (its dates completed), or new: inserted on `_flush`."""
        if not entry.names_a_cooperative:
            return None
        name, province = entry.cooperative_name, entry.facts.province
        if known := self.cooperatives.get(name, province):  # its dates may be completed
            written["cooperative_dates"] = (known, known.founded_on, known.founded_year)
            if (known.pk or 0) < 0 and id(known) not in self.restored:  # rolled back with an earlier chunk
                Cooperative.objects.bulk_create([known])
                self.restored.add(id(known))
        cooperative, created = find_or_build_cooperative(
            name,
            province=province,
            founded_on=entry.cooperative_founded,
            founded_year=entry.cooperative_founded_year,
            actor=self.actor,
            known=self.cooperatives,
        )
        if created:
            written["cooperative"] = cooperative
            self.cooperatives.remember(cooperative, name)
            self.built_cooperatives.append(cooperative)
        return cooperative

    def _discard(self):
        """Forget what was waiting to be inserted (its savepoint was rolled back)."""
        self.built, self.built_cooperatives, self.restored = [], [], set()
        self.batch.discard()
        self.batch.recount()

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


def _next_size(rows, held, hold):
    """The next chunk's rows: as many as would hold the lock `hold` seconds, at the pace of the last chunk
    (`rows` in `held` seconds), at most twice as many, and between `MIN_CHUNK_ROWS` and `CHUNK_ROWS`."""
    wanted = rows * hold / max(held, 0.001)
    return int(min(max(MIN_CHUNK_ROWS, min(wanted, 2 * rows)), CHUNK_ROWS))


def _let_others_write(held):
    """Pause between two chunks, on SQLite, once the chunk's pages are in the database, for the writers that
    waited for its lock while the last chunk held it (`held` seconds): as long as the longest of their sleeps,
    twice (a waiter who finds the lock taken by another waiter sleeps again). Whether others wrote meanwhile
    (SQLite's `data_version` moved): then the next chunks stay short. No pause in a transaction begun by the
    caller (a test's): the lock is not given up there; none on PostgreSQL, where a chunk locks its rows and
    the caravan's, not the database."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return False
    # The chunk's pages are copied from the WAL into the database here, by the import, rather than by the first
    # check-in to commit once the WAL is long (SQLite's automatic checkpoint): that check-in paid for the
    # import's writes (measured: check-ins' p99 up to 1.3 s in two bench runs of four; at most 0.23 s with
    # this, in two of two).
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
    before = _data_version()
    time.sleep(2 * next((most for waited, most in SQLITE_POLLS if held < waited), 0.1))
    return _data_version() != before


def _data_version():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA data_version")
        return cursor.fetchone()[0]


def _met(person, seen):
    """A saved person known before this file's rows (not one of them): their registration may exist."""
    return person is not None and id(person) not in seen and (person.pk or 0) > 0


def _importable(registration):
    """An import updates only what an import made, and never brings a cancelled registration back."""
    return registration.channel == Channel.IMPORT and registration.decision != Decision.CANCELLED


def _same_facts(registration, entry):
    province = entry.facts.province
    cooperative = registration.cooperative if entry.profile == Profile.COOPERATIVE_MEMBER else None
    if not entry.names_a_cooperative:
        same_cooperative = registration.cooperative is None
    elif cooperative is None:
        same_cooperative = False
    elif entry.cooperative_name:
        same_cooperative = (
            cooperative.province_id == (province.pk if province else None)
            and (
                fold_compact(entry.cooperative_name)
                in {fold_compact(cooperative.name_ar), fold_compact(cooperative.name_fr)}
            )
            and not (
                (entry.cooperative_founded and not cooperative.founded_on)
                or (
                    entry.cooperative_founded_year
                    and not (cooperative.founded_on or cooperative.founded_year)
                )
            )
        )
    else:  # a cooperative without a name is the registration's own: the same when its date is
        same_cooperative = not (cooperative.name_ar or cooperative.name_fr) and (
            cooperative.founded_on == entry.cooperative_founded
            and (entry.cooperative_founded or cooperative.founded_year == entry.cooperative_founded_year)
        )
    return same_cooperative and (
        registration.profile,
        registration.project_idea,
        registration.sector,
        registration.sector_text,
    ) == (entry.profile, entry.project_idea, entry.sector, entry.sector_text)


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


def _reported(result, row):
    """A row's report once its batch is inserted (a created row's id, its matches' ids), with its notes."""
    result = result() if callable(result) else result
    return {**result, **({"notes": list(row.notes)} if row.notes else {})}


def _created(number, registration, likely):
    """The report of a created row, to be made once the registration is inserted (`_reported`)."""

    def report():
        result = _registered(number, CREATED, registration)
        if likely:
            result["likely_matches"] = [m.person.pk for m in ranked(likely)]
        return result

    return report
