"""Duplicate detection for people: sure matches by CIN, likely matches by phone or birth date and name.

Rules (from the registration issue):
- **Sure**: the same CIN once normalised (`people.identifiers.normalise_cin`).
- **Likely**: the same phone or the same birth date, with names alike in any script (`people.names`).
  Two records that both carry a CIN and whose CINs differ are never alike: namesakes are common; and a
  record without a CIN alike to several people of different CINs is kept with the best of them only.
  Two birth dates that are both known and not a plausible slip of the pen (one digit, day and month swapped)
  rule a pair out: a mother and her daughter share a phone and a family name, never a birth date.
  One piece of evidence (phone or birth date) asks for names that sound the same; both together forgive a
  typo. Names whose feminine endings differ (Karim, Karima) need both.

A birth year alone (when the date is unknown) is never evidence, only a possible conflict.

`likely_pairs` only compares records that share a block (a phone; a birth date and a name key), so its
time grows with n log n, not n².
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

from django.utils.translation import gettext_lazy as _

from people.identifiers import UNUSUAL, VALID, normalise_cin
from people.names import block_keys, name_similarity, read

SAME_CIN = "same_cin"
SAME_PHONE = "same_phone"
SAME_BIRTH_DATE = "same_birth_date"
SAME_BIRTH_YEAR = "same_birth_year"
CLOSE_BIRTH_DATE = "close_birth_date"
SIMILAR_NAMES = "similar_names"
REASONS = {
    SAME_CIN: _("Same CIN number"),
    SAME_PHONE: _("Same phone number"),
    SAME_BIRTH_DATE: _("Same date of birth"),
    SAME_BIRTH_YEAR: _("Same year of birth"),
    CLOSE_BIRTH_DATE: _("Date of birth differs by one typing slip"),
    SIMILAR_NAMES: _("Similar names"),
}

ALIKE_WITH_BOTH = 0.75  # phone and birth date both the same: a typo in a consonant is forgiven
ALIKE_WITH_ONE = 0.90  # one piece of evidence: the names must sound the same
MAX_BUCKET = 12  # a phone shared by more people (an organiser's own number…) is split by name key


@dataclass(frozen=True, slots=True)
class Candidate:
    """A person as registration lists know them; any field may be missing except `id`."""

    id: object
    full_name_ar: str = ""
    full_name_latin: str = ""
    cin: str = ""
    phone: str | None = None  # E.164
    birth_date: datetime.date | None = None
    birth_year: int | None = None  # when only the year is known


def cin_key(value: object) -> str:
    """The CIN as compared: normalised, empty when missing or unusable (Arabic letters, garbage)."""
    cin = normalise_cin(value)
    return cin.value if cin.status in (VALID, UNUSUAL) else ""


def sure_match(a: Candidate, b: Candidate) -> bool:
    """The same person for certain: the same CIN."""
    key = cin_key(a.cin)
    return bool(key) and key == cin_key(b.cin)


def sure_pairs(records: Iterable[Candidate]) -> list[tuple[object, object]]:
    """Every (id_a, id_b) of records with the same CIN, in input order."""
    by_cin: defaultdict[str, list[object]] = defaultdict(list)
    for record in records:
        if key := cin_key(record.cin):
            by_cin[key].append(record.id)
    return [pair for ids in by_cin.values() for pair in combinations(ids, 2)]


def likely_pairs(records: Iterable[Candidate]) -> list[tuple[object, object, float, list[str]]]:
    """[(id_a, id_b, score, reasons)] of records probably the same person, sure matches excluded.

    `score` is the names' similarity (0..1); `reasons` are codes of `REASONS`.
    """
    prepared = [_Prepared(index, record) for index, record in enumerate(records)]
    seen: set[tuple[int, int]] = set()
    found: dict[tuple[int, int], _Found] = {}
    for left, right in _blocked_pairs(prepared):
        pair = (left, right) if left.index < right.index else (right, left)
        key = (pair[0].index, pair[1].index)
        if key in seen:
            continue
        seen.add(key)
        verdict = _compare(left, right)
        if verdict:
            found[key] = (pair, verdict)
    for key in _one_cin_each(found):
        del found[key]
    return [
        (a.record.id, b.record.id, score, reasons) for _, ((a, b), (score, reasons)) in sorted(found.items())
    ]


def compare(a: Candidate, b: Candidate) -> tuple[float, list[str]] | None:
    """(score, reasons) when two records are probably the same person, else None; sure matches excluded."""
    return _compare(_Prepared(0, a), _Prepared(1, b))


class _Prepared:
    __slots__ = ("index", "record", "cin", "phone", "birth_date", "birth_year", "names", "keys")

    def __init__(self, index: int, record: Candidate) -> None:
        self.index = index
        self.record = record
        self.cin = cin_key(record.cin)
        self.phone = (record.phone or "").replace(" ", "")
        self.birth_date = record.birth_date
        self.birth_year = record.birth_date.year if record.birth_date else record.birth_year
        self.names = [n for n in (read(record.full_name_ar or ""), read(record.full_name_latin or "")) if n]
        self.keys: set[str] = set().union(*(block_keys(n) for n in self.names))


# A likely pair as `likely_pairs` finds it: the two records, then (score, reasons).
_Found = tuple[tuple[_Prepared, _Prepared], tuple[float, list[str]]]


def _blocked_pairs(prepared: list[_Prepared]) -> Iterator[tuple[_Prepared, _Prepared]]:
    by_phone: defaultdict[str, list[_Prepared]] = defaultdict(list)
    by_date: defaultdict[tuple[datetime.date, str], list[_Prepared]] = defaultdict(list)
    for person in prepared:
        if person.phone:
            by_phone[person.phone].append(person)
        if person.birth_date:
            for key in person.keys:
                by_date[(person.birth_date, key)].append(person)
    for bucket in by_phone.values():
        if len(bucket) <= MAX_BUCKET:
            yield from combinations(bucket, 2)
            continue
        by_key: defaultdict[str, list[_Prepared]] = defaultdict(list)
        for person in bucket:
            for key in person.keys:
                by_key[key].append(person)
        for sub in by_key.values():
            yield from combinations(sub, 2)
    for bucket in by_date.values():
        yield from combinations(bucket, 2)


def _one_cin_each(found: dict[tuple[int, int], _Found]) -> list[tuple[int, int]]:
    """A record without a CIN alike to records of several CINs is one person at most: keep the best.

    The best is the one with the most evidence, then the most alike names; ties are all kept (a human
    decides). Returns the keys of the pairs to drop.
    """
    by_record: defaultdict[int, list[tuple[tuple[int, float], str, tuple[int, int]]]] = defaultdict(list)
    for key, ((a, b), (score, reasons)) in found.items():
        if bool(a.cin) != bool(b.cin):
            loose, other = (a, b) if not a.cin else (b, a)
            by_record[loose.index].append(((len(reasons), score), other.cin, key))
    dropped: list[tuple[int, int]] = []
    for matches in by_record.values():
        if len({cin for _, cin, _ in matches}) > 1:
            best = max(strength for strength, _, _ in matches)
            dropped.extend(key for strength, _, key in matches if strength < best)
    return dropped


def _compare(a: _Prepared, b: _Prepared) -> tuple[float, list[str]] | None:
    if a.cin and b.cin:
        return None  # the same CIN is a sure match, different CINs are different people
    birth = _birth(a, b)
    if birth is False:
        return None
    same_phone = bool(a.phone) and a.phone == b.phone
    if not same_phone and birth != SAME_BIRTH_DATE:
        return None  # a birth year alone is shared by far too many namesakes
    score, feminine_differs = _names(a, b)
    both = same_phone and birth == SAME_BIRTH_DATE
    if both:
        needed = ALIKE_WITH_BOTH
    elif feminine_differs:
        return None
    else:
        needed = ALIKE_WITH_ONE
    if score < needed:
        return None
    reasons = ([SAME_PHONE] if same_phone else []) + ([birth] if birth else []) + [SIMILAR_NAMES]
    return round(score, 3), reasons


def _names(a: _Prepared, b: _Prepared) -> tuple[float, bool]:
    best, feminine_differs = 0.0, True
    for left in a.names:
        for right in b.names:
            score = name_similarity(left, right)
            if score > best or (score == best and left.feminine == right.feminine):
                best, feminine_differs = score, left.feminine != right.feminine
    return best, feminine_differs


def _birth(a: _Prepared, b: _Prepared) -> str | Literal[False] | None:
    """SAME_BIRTH_DATE, CLOSE_BIRTH_DATE, SAME_BIRTH_YEAR, None (unknown) or False (a conflict)."""
    if a.birth_date and b.birth_date:
        if a.birth_date == b.birth_date:
            return SAME_BIRTH_DATE
        return CLOSE_BIRTH_DATE if _one_slip(a.birth_date, b.birth_date) else False
    if a.birth_year and b.birth_year:
        return SAME_BIRTH_YEAR if a.birth_year == b.birth_year else False
    return None


def _one_slip(first: datetime.date, second: datetime.date) -> bool:
    """One digit mistyped in dd/mm/yyyy, or day and month swapped."""
    if first.year == second.year and first.day == second.month and first.month == second.day:
        return True
    left, right = first.strftime("%d%m%Y"), second.strftime("%d%m%Y")
    return sum(x != y for x, y in zip(left, right, strict=True)) == 1
