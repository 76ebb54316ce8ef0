"""Importing a registration list (xlsx or CSV) into a caravan: the file, then each row through reading →
province → person → registration, with one savepoint per row.

A file that cannot be used (not a spreadsheet, empty, no header row, too large) raises `ImportRefused`
before anything is written. Otherwise every row gets an outcome, and a row that breaks is rolled back alone.
The whole import is one transaction: a dry run is the real run, rolled back at the end, so it decides every
row exactly as the real run would.

Outcomes (the contract's words):
- `created`: a new registration (the person's record found or created);
- `updated`: this caravan already had a registration *from an import* for this person, and the row brings
  other registration facts (profile, cooperative, project idea, sector) or facts the person's record lacked:
  the registration is completed and decided again by the rules (unless a staff member overrode it);
- `unchanged`: the same, with nothing new (a list imported twice);
- `duplicate`: the same person (same CIN, or an identical record) as an earlier row (`duplicate_in_file`),
  or already registered through another channel or cancelled (`already_registered`): nothing is written;
- `invalid`: a reading reason, nothing is written.
"""

import codecs
import csv
import io
from dataclasses import dataclass, replace
from pathlib import Path

from django.db import transaction

from core import audit
from core.text import fold_compact
from people import identifiers
from people.models import Channel, SoulaliyateCommunity
from people.services import (
    UPDATED,
    Cooperatives,
    PersonFacts,
    PreloadedRegistry,
    find_or_create_cooperative,
    find_or_create_person,
)
from places.models import Province

from .eligibility import Rules, decide, decision_for
from .models import Decision, DecisionRecord, Profile, Registration
from .reading import find_header_row, is_blank, match_headers, place_province, read_row, row_values
from .reasons import message
from .services import (
    RegistrationError,
    _has_room,
    _locked,
    _promote_first_waiting,
    _set_decision,
    applicant_for,
    register,
)

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
HEADER_SCAN = 10  # title lines above the header row are common; ten is plenty

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


class ImportRefused(Exception):
    """The file itself cannot be used; the message is one line, in English, for the operator."""


# --- The file ------------------------------------------------------------------------------------------


@dataclass
class Table:
    """The rows of a list, each with the spreadsheet's own row number, and its header."""

    rows: list  # [(row number, [cells])], the rows below the header
    header: object  # reading.HeaderMap
    header_number: int
    sheet: str = ""


def read_table(path):
    """The table in an xlsx (xls, ods) or CSV file; raises ImportRefused when there is none."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportRefused(f"cannot read the file: {error.strerror or error}") from None
    if size > MAX_BYTES:
        raise ImportRefused(f"the file is too large: {size:,} bytes (at most {MAX_BYTES:,})")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportRefused(f"cannot read the file: {error.strerror or error}") from None
    if not data.strip():
        raise ImportRefused("the file is empty")
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return _workbook_table(data)
    return _csv_table(data)


def _workbook_table(data):
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        for index, name in enumerate(workbook.sheet_names):
            sheet = workbook.get_sheet_by_index(index)
            if sheet.total_height > MAX_ROWS + HEADER_SCAN:
                raise ImportRefused(f"the sheet {name!r} is too large: more than {MAX_ROWS:,} rows")
            rows = _merged_filled(sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges or [])
            if (table := _table(rows, sheet=name)) is not None:
                return table
    except ImportRefused:
        raise
    except Exception as error:  # calamine's errors for damaged or foreign files: the file is unusable
        raise ImportRefused(f"not a readable spreadsheet: {str(error).splitlines()[0][:200]}") from None
    raise ImportRefused("no recognisable header row (full name, CIN, phone…) in the first rows of any sheet")


def _merged_filled(rows, merged):
    """Merged cells take the value of their first cell (a province merged over the rows of its people)."""
    for (top, left), (bottom, right) in merged:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for number in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[number]
            if number > top and not any(
                cell not in ("", None) for column, cell in enumerate(row) if not left <= column <= right
            ):
                continue  # an empty row under a merged cell stays empty
            for column in range(left, min(right, len(row) - 1) + 1):
                if row[column] in ("", None):
                    row[column] = value
    return rows


def _csv_table(data):
    text = _decoded(data)
    if "\x00" in text:
        raise ImportRefused("not a spreadsheet: neither an xlsx file nor CSV text")
    head = "\n".join(text.splitlines()[: HEADER_SCAN + 1])
    best, best_count = None, 0
    for separator in (";", ",", "\t"):
        rows = _csv_rows(head, separator)
        number = find_header_row(rows, scan=HEADER_SCAN)
        count = len(match_headers(rows[number]).columns) if number is not None else 0
        if count > best_count:
            best, best_count = separator, count
    if best is None:
        raise ImportRefused("no recognisable header row (full name, CIN, phone…) in the first rows")
    return _table(_csv_rows(text, best))


def _csv_rows(text, separator):
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error as error:
        raise ImportRefused(f"not a readable CSV file: {error}") from None


def _decoded(data):
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), else Windows-1256."""
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
    except UnicodeDecodeError:
        raise ImportRefused("not a readable text file: its encoding mark does not match its bytes") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1256", errors="replace")


def _table(rows, sheet=""):
    index = find_header_row(rows, scan=HEADER_SCAN)
    if index is None:
        return None
    body = [(number, cells) for number, cells in enumerate(rows[index + 1 :], start=index + 2)]
    if len(body) > MAX_ROWS:
        raise ImportRefused(f"the list is too large: {len(body):,} rows (at most {MAX_ROWS:,})")
    return Table(rows=body, header=match_headers(rows[index]), header_number=index + 1, sheet=sheet)


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
    table = read_table(path)
    with transaction.atomic():
        report = _Import(caravan, table, actor).run()
        report.update(caravan=caravan.slug, dry_run=dry_run)
        if not dry_run:
            audit.record(
                actor, "registration.imported", caravan, file=Path(path).name, summary=report["summary"]
            )
        if dry_run:
            transaction.set_rollback(True)
    return {key: report[key] for key in ("caravan", "dry_run", "summary", "ignored_columns", "sheet", "rows")}


class _Import:
    def __init__(self, caravan, table, actor):
        self.caravan, self.table, self.actor = caravan, table, actor
        self.places = _Places()
        self.cooperatives = Cooperatives()
        self.seen = set()  # people of the earlier rows of this file
        self.registrations = {r.person_id: r for r in caravan.registrations.select_related("cooperative")}

    def run(self):
        rows = []
        for number, cells in self.table.rows:
            raw = row_values(self.table.header, cells)
            if is_blank(raw):
                continue  # unknown columns do not count: a template's serial numbers make no row
            rows.append((number, self.places.place(read_row(raw))))
        valid = [facts_of(row, self.places) for _, row in rows if row.is_valid]
        self.registry = PreloadedRegistry(valid)
        results = [self._row(number, row) for number, row in rows]
        return {
            "summary": _summary(results),
            "ignored_columns": self.table.header.ignored,
            "sheet": self.table.sheet,
            "rows": results,
        }

    def _row(self, number, row):
        if not row.is_valid:
            return _result(number, INVALID, reasons=list(row.reasons), problems=row.problems, notes=row.notes)
        facts = facts_of(row, self.places)
        written = {}
        try:
            with transaction.atomic():
                result = self._decide(number, row, facts, written)
        except Exception as error:  # one broken row never stops the others; it is rolled back alone
            self._rolled_back(written)
            return _result(number, INVALID, reasons=[ROW_ERROR], error=type(error).__name__)
        if person := written.get("person"):
            self.registry.remember(person)
            self.seen.add(person.pk)
        if registration := written.get("registration"):
            self.registrations[registration.person_id] = registration
        return {**result, **({"notes": list(row.notes)} if row.notes else {})}

    def _decide(self, number, row, facts, written):
        same = self.registry.same(facts)
        if same is not None and same.pk in self.seen:
            return _result(number, DUPLICATE, reasons=["duplicate_in_file"])
        existing = self.registrations.get(same.pk) if same is not None else None
        if existing is not None and not _importable(existing):
            return _result(number, DUPLICATE, reasons=["already_registered"])
        person, person_outcome, likely = find_or_create_person(
            facts, self.actor, Channel.IMPORT, registry=self.registry
        )
        written["person"] = person
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
                )
            except RegistrationError as refusal:
                if refusal.code != "already_registered":
                    raise
                return _result(number, DUPLICATE, reasons=["already_registered"])
            written["registration"] = registration
            result = _registered(number, CREATED, registration)
            if likely:
                result["likely_matches"] = [m.person.pk for m in likely]
            return result
        if _same_facts(existing, row, facts) and person_outcome != UPDATED:
            return _registered(number, UNCHANGED, existing)
        registration = update_registration(
            existing,
            actor=self.actor,
            profile=row.profile,
            cooperative=self._cooperative(row, facts, written),
            project_idea=row.project_idea,
            sector=row.sector,
            sector_text=row.sector_text[:200],
        )
        written["registration"] = registration
        return _registered(number, UPDATED_ROW, registration)

    def _cooperative(self, row, facts, written):
        if row.profile != Profile.COOPERATIVE_MEMBER:
            return None
        if not (row.cooperative_name or row.cooperative_founded or row.cooperative_founded_year):
            return None
        cooperative, created = find_or_create_cooperative(
            row.cooperative_name[:200],
            province=facts.province,
            founded_on=row.cooperative_founded,
            founded_year=row.cooperative_founded_year,
            actor=self.actor,
            known=self.cooperatives,
        )
        if created:
            written["cooperative"] = cooperative
        return cooperative

    def _rolled_back(self, written):
        """Forget what the row's rolled-back savepoint undid; reload what it had changed."""
        if cooperative := written.get("cooperative"):
            self.cooperatives.forget(cooperative)
        if person := written.get("person"):
            self.registry.forget(person)
            if type(person).objects.filter(pk=person.pk).exists():
                person.refresh_from_db()
                self.registry.remember(person)
        if registration := written.get("registration"):
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


@transaction.atomic
def update_registration(registration, *, actor, profile, cooperative, project_idea, sector, sector_text):
    """Complete an imported registration with a list's newer facts and decide it again by the rules and the
    capacity; a staff decision (override) is kept. Audited as `registration.updated`."""
    caravan = _locked(registration.caravan)
    registration = Registration.objects.select_for_update().select_related("person").get(pk=registration.pk)
    registration.profile, registration.cooperative = profile, cooperative
    registration.project_idea, registration.sector, registration.sector_text = (
        project_idea,
        sector,
        sector_text,
    )
    previous = registration.decision
    if registration.history.filter(kind=DecisionRecord.Kind.OVERRIDE).exists():
        registration.save()
    else:
        verdict = decide(
            applicant_for(
                registration.person, profile=profile, cooperative=cooperative, project_idea=project_idea
            ),
            Rules.for_caravan(caravan),
        )
        kept = [code for code in registration.reasons if code == "possible_duplicate"]
        reasons = [*verdict.reasons, *kept]
        decision, kind = decision_for(reasons), DecisionRecord.Kind.RULES
        if decision == Decision.ACCEPTED and previous != Decision.ACCEPTED and not _has_room(caravan):
            decision, reasons, kind = (
                Decision.WAITLISTED,
                [*reasons, "capacity_full"],
                DecisionRecord.Kind.CAPACITY,
            )
        if (decision, list(reasons)) == (previous, list(registration.reasons)):
            registration.save()
        else:
            _set_decision(registration, decision, reasons, kind, actor)
    audit.record(actor, "registration.updated", registration, decision=registration.decision)
    if previous == Decision.ACCEPTED and registration.decision != Decision.ACCEPTED:
        _promote_first_waiting(caravan, actor)
    return registration


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
