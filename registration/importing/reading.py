"""Reading a registration list: which column is which, and one row's raw cells → clean values + reason codes.

Used by the spreadsheet import, the eligibility API and forms alike. Only `place_province` and `Places` touch
the database; everything else is pure and never raises, whatever the cells hold (text, numbers, dates, None).
`entry_of` gives the `registration.entry.Entry` a row describes, as a form gives one.
Column headers and coded values come from `registration/data/` (copied from the import contract), sectors
from `core.sectors`.
"""

import datetime
import re
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path

import yaml

from core.sectors import sectors
from core.text import fold, fold_compact, has_arabic
from people import identifiers
from people.models import Sex, SoulaliyateCommunity
from people.services import PersonFacts
from places.models import Province

from ..entry import Entry
from ..models import Profile
from ..reasons import ordered

DATA = Path(__file__).resolve().parents[1] / "data"

# Notes on a row that do not stop it (not contract reason codes): shown to the organiser in the report.
PHONE_LOST_ZERO = "phone_lost_zero"  # 9 digits: we added the leading 0
SEVERAL_PHONES = "several_phones"  # the first number was kept
UNKNOWN_SEX = "unknown_sex"  # a value that is neither female nor male: left empty
SECTOR_UNMATCHED = "sector_unmatched"  # free text kept as written


@cache
def columns():
    """The columns of a registration list, as in registration_columns.yaml."""
    return yaml.safe_load((DATA / "registration_columns.yaml").read_text(encoding="utf-8"))


# --- Headers -------------------------------------------------------------------------------------------

_NOT_WORD = re.compile(r"[\W_]+")

# A name in two columns (registration_columns.yaml) makes the full name of its script, the given name first
# as the registry writes names ("فاطمة الزهراء العلمي", "Fatima Zahra El Alami").
NAME_PARTS = {
    "full_name_ar": ("given_name_ar", "family_name_ar"),
    "full_name_latin": ("given_name_latin", "family_name_latin"),
}
NAME_COLUMNS = frozenset(NAME_PARTS) | {part for parts in NAME_PARTS.values() for part in parts}
_OTHER_PART = {a: b for given, family in NAME_PARTS.values() for a, b in ((given, family), (family, given))}

# Headers seen in lists beyond the contract's. "الاسم", like the contract's "Nom", heads a column of whole
# names, unless the other part of the name has its own column.
_EXTRA_HEADERS = {
    "full_name_ar": ["الاسم", "الاسم بالعربية"],
    "given_name_ar": ["الاسم", "الاسم الشخصي بالعربية", "Prénom en arabe"],
    "family_name_ar": ["اللقب", "الاسم العائلي بالعربية", "Nom en arabe"],
    "given_name_latin": ["الاسم الشخصي بالفرنسية"],
    "family_name_latin": ["الاسم العائلي بالفرنسية"],
}
_PARENTHESES = re.compile(r"\([^)]*\)")  # "Date de naissance (jj/mm/aaaa)": a hint about the values
_HEADER_PARTS = re.compile(r"[/|]")  # "CIN / رقم البطاقة الوطنية": one column named in two languages


@lru_cache(maxsize=4096, typed=True)  # a list repeats its sexes and profiles on every row
def header_key(text):
    """Comparison key of a header: case, accents, diacritics, tatweel, spaces and punctuation ignored."""
    return _NOT_WORD.sub("", fold(_cell_text(text)))


@cache
def _header_columns():
    """Header key → the column keys it names, in the contract's order (one, but "Nom" names two)."""
    named = {}
    for column in columns():
        ar, fr = column["ar"], column["fr"]
        headers = [column["key"], ar, fr, *column.get("also", []), f"{ar} / {fr}", f"{fr} / {ar}"]
        for header in headers + _EXTRA_HEADERS.get(column["key"], []):
            keys = named.setdefault(header_key(header), [])
            if column["key"] not in keys:
                keys.append(column["key"])
    return {header: tuple(keys) for header, keys in named.items()}


@lru_cache(maxsize=1024)
def _columns_named(text):
    """The column keys a header may name: as written, else without its parenthesised hint, else its first
    part that names one ("CIN / ب.ت.و", "Date de naissance (jj/mm/aaaa)")."""
    known = _header_columns()
    if found := known.get(header_key(text)):
        return found
    bare = _PARENTHESES.sub(" ", text)
    if found := known.get(header_key(bare)):
        return found
    parts = _HEADER_PARTS.split(bare) if _HEADER_PARTS.search(bare) else []
    return next((known[key] for key in map(header_key, parts) if key in known), ())


@dataclass(frozen=True)
class HeaderMap:
    columns: dict  # position in the row → column key
    ignored: list  # headers of unknown columns, as written (empty headers are not listed)
    headers: tuple = ()  # every header of the row, as written ("" for an empty one)

    @property
    def keys(self):
        return set(self.columns.values())

    def read_as(self):
        """[(header as written, the column key it was read as or None, whether it names a column read from
        an earlier header)] for every non-empty header, in the file's order."""
        return [
            (text, self.columns.get(position), position not in self.columns and bool(_columns_named(text)))
            for position, text in enumerate(self.headers)
            if text
        ]


def match_headers(headers):
    """Map a header row (Arabic or French) to column keys; a repeated column keeps its first position and
    the repeat is listed among the ignored ones. A header naming two columns (a lone "Nom" is the full name,
    beside a "Prénom" the family name) is a name part when the other part is in the row."""
    texts = tuple(_cell_text(header) for header in headers)
    named = [_columns_named(text) if text else () for text in texts]
    sure = {keys[0] for keys in named if len(keys) == 1}
    found, ignored = {}, []
    for position, (text, keys) in enumerate(zip(texts, named, strict=True)):
        key = next((k for k in keys if _OTHER_PART.get(k) in sure), keys[0] if keys else None)
        if key and key not in found.values():
            found[position] = key
        elif text:
            ignored.append(text)
    return HeaderMap(found, ignored, texts)


def find_header_row(rows, scan=10):
    """Index of the header row among the first `scan` rows (titles often sit above it): the row matching the
    most columns, at least two of them and one of the name columns; None when there is none."""
    best, best_count = None, 1
    for index, row in enumerate(rows[:scan]):
        mapping = match_headers(row)
        if len(mapping.columns) > best_count and mapping.keys & NAME_COLUMNS:
            best, best_count = index, len(mapping.columns)
    return best


def row_values(header_map, cells):
    """A data row as {column key: raw cell} through the header map (short rows give missing keys)."""
    return {key: cells[position] for position, key in header_map.columns.items() if position < len(cells)}


def is_blank(cells):
    """A row whose every cell is empty (skipped and not counted by the import)."""
    values = cells.values() if isinstance(cells, dict) else cells
    return all(not _cell_text(value) for value in values)


# --- One row -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadRow:
    """One row's clean values. `reasons` are reading reason codes (any of them makes the row invalid);
    `problems` says which column caused each; `notes` do not stop the row."""

    full_name_ar: str = ""
    full_name_latin: str = ""
    cin: str = ""
    cin_status: str = identifiers.MISSING
    sex: str = ""
    birth_date: datetime.date | None = None
    birth_year: int | None = None
    phone: str = ""  # E.164
    province_text: str = ""
    province_code: str = ""  # set by place_province
    region_code: str = ""
    commune: str = ""
    community: str = ""
    profile: str = ""
    cooperative_name: str = ""
    cooperative_founded: datetime.date | None = None
    cooperative_founded_year: int | None = None
    sector: str = ""  # a key of sectors.yaml, or "" when the text matched none
    sector_text: str = ""  # as written
    project_idea: str = ""
    reasons: tuple = ()
    problems: dict = field(default_factory=dict)  # column key → reason code
    notes: tuple = ()

    @property
    def is_valid(self):
        return not self.reasons


def read_row(raw, today=None, places=None):
    """Clean values and reading reasons (missing_name, invalid_cin, invalid_phone, invalid_date,
    unknown_profile) of one row given as {column key: raw cell}. The province is matched (`unknown_province`)
    with `places` (`Places`) when given, else left to `place_province`."""
    problems, notes, values = {}, [], {}
    text = {key: _clean_text(raw.get(key)) for key in _TEXT_COLUMNS}

    values["full_name_ar"], values["full_name_latin"] = _names(
        text["full_name_ar"] or _joined_name(raw, "full_name_ar"),
        text["full_name_latin"] or _joined_name(raw, "full_name_latin"),
    )
    if not (values["full_name_ar"] or values["full_name_latin"]):
        problems["full_name_ar"] = "missing_name"

    cin = identifiers.normalise_cin(raw.get("cin"))
    values["cin"], values["cin_status"] = cin.value, cin.status
    if cin.status == identifiers.INVALID:
        problems["cin"] = "invalid_cin"

    phone = identifiers.normalise_phone(raw.get("phone"))
    values["phone"] = phone.value
    if phone.status == identifiers.INVALID:
        problems["phone"] = "invalid_phone"
    notes += {identifiers.LOST_ZERO: [PHONE_LOST_ZERO], identifiers.SEVERAL: [SEVERAL_PHONES]}.get(
        phone.status, []
    )

    for key, date_field, year_field in [
        ("birth_date", "birth_date", "birth_year"),
        ("cooperative_founded", "cooperative_founded", "cooperative_founded_year"),
    ]:
        parsed = identifiers.parse_date(raw.get(key), today=today)
        if parsed.status == identifiers.INVALID:
            problems[key] = "invalid_date"
        values[date_field] = parsed.date
        values[year_field] = parsed.year if parsed.status == identifiers.YEAR else None

    values["profile"] = read_profile(raw.get("profile"))
    if not values["profile"]:
        problems["profile"] = "unknown_profile"

    values["sex"] = read_sex(raw.get("sex"))
    if text["sex"] and not values["sex"]:
        notes.append(UNKNOWN_SEX)

    values["sector_text"] = text["sector"]
    values["sector"] = match_sector(text["sector"])
    if text["sector"] and not values["sector"]:
        notes.append(SECTOR_UNMATCHED)

    if places is not None and text["province"]:
        values["province_code"], values["region_code"] = places.province_codes(text["province"])
        if not values["province_code"]:
            problems["province"] = "unknown_province"

    return ReadRow(
        **values,
        province_text=text["province"],
        commune=text["commune"],
        community=text["community"],
        cooperative_name=text["cooperative_name"],
        project_idea=text["project_idea"],
        reasons=tuple(ordered(problems.values())),
        problems=problems,
        notes=tuple(notes),
    )


_TEXT_COLUMNS = [
    "full_name_ar",
    "full_name_latin",
    "sex",
    "province",
    "commune",
    "community",
    "cooperative_name",
    "sector",
    "project_idea",
]


def _joined_name(raw, key):
    """The full name `key` from its two parts, given name first (read when its own column is empty)."""
    given, family = NAME_PARTS[key]
    return f"{_clean_text(raw.get(given))} {_clean_text(raw.get(family))}".strip()


def _names(arabic, latin):
    """Names typed in the other script's column are moved when that column is empty."""
    if arabic and latin == "" and not has_arabic(arabic):
        return "", arabic
    if latin and arabic == "" and has_arabic(latin):
        return latin, ""
    return arabic, latin


@cache
def _coded_values(column_key):
    column = next(c for c in columns() if c["key"] == column_key)
    table = {}
    for key, spellings in column["values"].items():
        for spelling in [key, *spellings]:
            table[header_key(spelling)] = key
    return table


_EXTRA_SEX = {"امراه": Sex.FEMALE.value, "سيده": Sex.FEMALE.value, "رجل": Sex.MALE.value}


def read_sex(value):
    """ "female", "male" or "" from the values of registration_columns.yaml (أنثى, F, Femme, ذكر, H…)."""
    key = header_key(value)
    return _coded_values("sex").get(key) or _EXTRA_SEX.get(key, "")


def read_profile(value):
    """ "cooperative_member", "project_holder" or "" (unknown or empty). Beyond the listed values, a text that
    speaks of a cooperative (تعاونية, coopérative) or of a project (مشروع, projet), not both, is understood."""
    key = header_key(value)
    if not key:
        return ""
    if found := _coded_values("profile").get(key):
        return found
    cooperative = "تعاوني" in key or "cooperat" in key
    project = "مشروع" in key or "projet" in key or "project" in key
    if cooperative != project:
        return Profile.COOPERATIVE_MEMBER.value if cooperative else Profile.PROJECT_HOLDER.value
    return ""


def _without_article(text):
    return " ".join(w[2:] if w.startswith("ال") and len(w) > 4 else w for w in fold(text).split())


@cache
def _sector_keys():
    table = {}
    for sector in sectors():
        labels = [sector["key"], sector["fr"], sector["ar"], *sector.get("also", [])]
        labels.append(re.sub(r"\s*\(.*\)", "", sector["fr"]))  # "Élevage (caprin, ovin, bovin)" → "Élevage"
        for label in labels:
            table.setdefault(fold_compact(label), sector["key"])
            table.setdefault(fold_compact(_without_article(label)), sector["key"])
    return table


@lru_cache(maxsize=4096)  # and its sectors
def match_sector(text):
    """The key of sectors.yaml whose label or variant the text is (either script, with or without ال),
    else ""."""
    if not text:
        return ""
    keys = _sector_keys()
    return keys.get(fold_compact(text)) or keys.get(fold_compact(_without_article(text)), "")


# --- Places (database) and the entry of a row ---------------------------------------------------------


def place_province(row):
    """The row with its province and region codes, or with `unknown_province` when the text names no
    province (or several). An empty province is left to eligibility (`missing_province`)."""
    if not row.province_text:
        return row
    code, region = province_codes(row.province_text)
    if code:
        return replace(row, province_code=code, region_code=region)
    problems = {**row.problems, "province": "unknown_province"}
    return replace(row, reasons=tuple(ordered(problems.values())), problems=problems)


def province_codes(text):
    """(province code, region code) of the one province `text` names, else ("", "")."""
    found = list(Province.objects.matching(text).select_related("region")[:2])
    return (found[0].code, found[0].region.code) if len(found) == 1 else ("", "")


class Places:
    """Provinces and soulaliyate communities, read once and looked up once per distinct text: for a list's
    rows, or for one row of the API's preview (`read_row(raw, places=…)`, then `entry_of`)."""

    def __init__(self):
        self.provinces = {p.code: p for p in Province.objects.select_related("region")}
        self.placed = {}
        self.communities = {}
        for community in SoulaliyateCommunity.objects.all():
            for name in (community.name_ar, community.name_fr):
                if fold_compact(name):
                    self.communities.setdefault((community.province_id, fold_compact(name)), community)

    def province_codes(self, text):
        """`province_codes(text)`, remembered."""
        if text not in self.placed:
            self.placed[text] = province_codes(text)
        return self.placed[text]

    def community(self, province, text):
        if province is None or not text:
            return None
        return self.communities.get((province.pk, _folded(text)))


_folded = lru_cache(maxsize=4096)(fold_compact)  # a list names its communities on many rows


def entry_of(row, places):
    """The person and registration a row read and placed describes, as a form's `Entry` would: what the
    registry records and the rules decide on (a CIN that cannot be read is left out)."""
    province = places.provinces.get(row.province_code)
    community = places.community(province, row.community)
    facts = PersonFacts(
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
    return Entry(
        facts=facts,
        profile=row.profile,
        cooperative_name=row.cooperative_name[:200],
        cooperative_founded=row.cooperative_founded,
        cooperative_founded_year=row.cooperative_founded_year,
        project_idea=row.project_idea,
        sector=row.sector,
        sector_text=row.sector_text[:200],
    )


# --- Cells ---------------------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def _cell_text(value):
    if value is None or isinstance(value, bool) or value != value:  # value != value: a NaN
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _SPACES.sub(" ", str(value)).strip()


# Direction marks and zero-width characters that text copied from Word or a web page carries, unseen.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
)


@lru_cache(maxsize=8192, typed=True)  # a list repeats its places, profiles and sectors on every row
def _clean_text(value):
    """Text of a cell with spaces collapsed and invisible marks removed; punctuation alone ("-", "/",
    "...") counts as empty."""
    text = _cell_text(value)
    if not text.isprintable():  # a mark is there: the rare case, kept off the path of every clean cell
        text = _SPACES.sub(" ", text.translate(_INVISIBLE)).strip()
    return text if any(ch.isalnum() for ch in text) else ""
