"""Reading the identifiers people write in registration lists: CIN, Moroccan phone numbers, dates.

Every function here takes whatever a spreadsheet cell or a form field holds (text, number, date, None) and
never raises: it answers with a value and a status. The rules follow Qafila's domain note on Moroccan
formats (CIN §1, telephone §2 from libphonenumber's metadata, dates §6); each function summarises its own.
"""

import datetime
import re
import unicodedata
from typing import Final, Literal, NamedTuple

import phonenumbers

from core.text import fold, to_ascii_digits

VALID: Final = "valid"
UNUSUAL: Final = "unusual"  # CIN plausible but not of the usual shape: kept, reviewed before acceptance
LOST_ZERO: Final = "lost_zero"  # phone: 9 digits, a spreadsheet probably ate the leading 0; kept, flagged
SEVERAL: Final = "several"  # phone: the cell holds more than one number; the first is kept, flagged
INVALID: Final = "invalid"
MISSING: Final = "missing"
CinStatus = Literal["valid", "unusual", "invalid", "missing"]
PhoneStatus = Literal["valid", "lost_zero", "several", "invalid", "missing"]

_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def _text(value: object) -> str:
    """A cell as text: numbers from spreadsheets without a spurious `.0`, None as empty."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        if value.is_integer():
            return str(int(value))
    return unicodedata.normalize("NFKC", str(value)).strip()


# --- CIN -----------------------------------------------------------------------------------------------

_CIN_SEPARATORS = re.compile(r"[\s\-‐‑‒–—−_./\\]+")
_CIN_STRICT = re.compile(r"[A-Z]{1,2}[0-9]{5,6}")
_CIN_LENIENT = re.compile(r"[A-Z]{1,2}[0-9]{1,8}")


class Cin(NamedTuple):
    value: str
    status: CinStatus


def normalise_cin(text: object) -> Cin:
    """The CIN as stored (`AB123456`) and its status.

    Trim; drop spaces, dashes, dots and slashes; upper-case; Arabic-Indic digits to ASCII; leading zeros kept.
    `^[A-Z]{1,2}[0-9]{5,6}$` is valid, `^[A-Z]{1,2}[0-9]{1,8}$` otherwise is unusual, anything else (Arabic
    letters included: the card's letters are Latin) is invalid and returned cleaned for the error report.
    """
    raw = _text(text)
    if not raw:
        return Cin("", MISSING)
    if _ARABIC_SCRIPT.search(to_ascii_digits(raw)):  # Arabic-Indic digits are fine, Arabic letters are not
        return Cin(raw, INVALID)
    value = _CIN_SEPARATORS.sub("", to_ascii_digits(raw)).upper()
    if not value:
        return Cin("", MISSING)
    if _CIN_STRICT.fullmatch(value):
        return Cin(value, VALID)
    if _CIN_LENIENT.fullmatch(value):
        return Cin(value, UNUSUAL)
    return Cin(value, INVALID)


# --- Phone ---------------------------------------------------------------------------------------------

_PHONE_NOISE = re.compile(r"[\s\-‐‑‒–—−.()\u200e\u200f\u2066-\u2069]+")
_PHONE_SPLIT = re.compile(r"[/;,|\n]+|\s+(?:ou|et|or|و)\s+")
_MOROCCAN = re.compile(r"(?:0|\+212)[1-9][0-9]{8}")  # a national number, with its trunk 0 or country code
_USABLE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    phonenumbers.PhoneNumberType.VOIP,
}


class Phone(NamedTuple):
    value: str  # E.164 (`+212612345678`), empty unless usable
    status: PhoneStatus


def normalise_phone(text: object) -> Phone:
    """The number in E.164 and its status; accepts every way people write Moroccan numbers.

    `06…`/`07…`/`05…`, `+212 6…`, `00212…`, `212…` (12 digits), `+2120…`/`002120…` (trunk 0 kept after the
    country code), a 9-digit number starting with 5-8 (lost leading zero: LOST_ZERO), Arabic-Indic digits,
    spaces, dots, dashes, parentheses. A foreign number written with `+` or `00` is accepted when valid.
    Only numbers a person can be called on count (mobile, fixed, VoIP; not toll-free or premium).
    """
    raw = _text(text)
    if not raw:
        return Phone("", MISSING)
    e164, status = _one_phone(raw)
    if e164:
        return Phone(e164, status)
    parts = [p for p in _PHONE_SPLIT.split(raw) if p.strip()]
    if len(parts) > 1:
        e164, _status = _one_phone(parts[0])
        if e164:
            return Phone(e164, SEVERAL)
    return Phone("", INVALID)


def _one_phone(raw: str) -> tuple[str, PhoneStatus]:
    digits = _PHONE_NOISE.sub("", to_ascii_digits(raw))
    status: PhoneStatus = VALID
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("212") and len(digits) in (12, 13):
        digits = "+" + digits
    elif len(digits) == 9 and digits[0] in "5678":
        digits, status = "0" + digits, LOST_ZERO
    if digits.startswith("+2120"):
        digits = "+212" + digits[5:]
    if not re.fullmatch(r"\+?[0-9]{6,15}", digits):
        return "", INVALID
    if _MOROCCAN.fullmatch(digits):  # what parse() gives for these, in a fifth of its time (a list's 10,000)
        number = phonenumbers.PhoneNumber(country_code=212, national_number=int(digits[-9:]))
    else:
        try:
            number = phonenumbers.parse(digits, "MA")
        except phonenumbers.NumberParseException:
            return "", INVALID
    if phonenumbers.number_type(number) not in _USABLE_TYPES:  # an invalid number's type is UNKNOWN
        return "", INVALID
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), status


def display_phone(e164: str, language: str = "fr") -> str:
    """`+212612345678` → `06 12 34 56 78` (foreign numbers in international format); in Arabic text the
    digits are wrapped in a left-to-right isolate so they keep their order."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 212
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    shown = phonenumbers.format_number(number, style)
    return f"\u2066{shown}\u2069" if language == "ar" else shown


# --- Dates ---------------------------------------------------------------------------------------------

DATE: Final = "date"
YEAR: Final = "year"
DateStatus = Literal["date", "year", "missing", "invalid"]
MIN_YEAR = 1900
_EXCEL_EPOCH = datetime.date(
    1899, 12, 30
)  # 1900 system: serial 1 is 1 Jan 1900, counted past a fictitious 29 Feb
_MONTHS = {
    # French, and the month names used in Morocco (يناير … دجنبر) and in the Mashriq (كانون الثاني …)
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4, "mai": 5,
    "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9, "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "ماي": 5, "مايو": 5, "يونيو": 6, "يونيه": 6,
    "يوليوز": 7, "يوليو": 7, "غشت": 8, "اغسطس": 8, "شتنبر": 9, "سبتمبر": 9, "اكتوبر": 10,
    "نونبر": 11, "نوفمبر": 11, "دجنبر": 12, "ديسمبر": 12,
    "كانون الثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7, "اب": 8,
    "ايلول": 9, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الاول": 12,
}  # fmt: skip
_DMY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})")
_YMD = re.compile(
    r"(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_WORDY = re.compile(r"(\d{1,2})\s+(\D+?)\s+(\d{4})")
_GREGORIAN_MARK = re.compile(r"\s*م\.?$")  # "1990م": the Arabic mark for a Gregorian year


class ParsedDate(NamedTuple):
    status: DateStatus
    date: datetime.date | None = None
    year: int | None = None


def parse_date(value: object, today: datetime.date | None = None) -> ParsedDate:
    """A date or a year alone from a cell; never raises.

    Accepted: `date`/`datetime` objects; Excel serial numbers (1900 system) as int/float, or as text of five
    digits (numbers below 1900 are invalid: an age, not a date); a year alone (int or text, 1900…next year) → YEAR; `dd/mm/yyyy` (also `-`, `.`, spaces around
    separators), `yyyy-mm-dd` (with an optional time), `12 mars 1990` / `12 مارس 1990`, Arabic-Indic digits,
    a trailing `م`. Day first always, as written in Morocco: `03/25/1990` is invalid, never silently swapped.
    Two-digit years (`5-3-98`) are read in the last hundred years up to `today` (98 → 1998, 05 → 2005).
    Impossible dates (31/02/2000) and years before 1900 or after next year are invalid.
    """
    today = today or datetime.date.today()
    if value is None or isinstance(value, bool):
        return ParsedDate(MISSING)
    if isinstance(value, datetime.datetime):
        return _checked(value.date(), today)
    if isinstance(value, datetime.date):
        return _checked(value, today)
    if isinstance(value, int | float):
        return _from_number(value, today)
    text = _GREGORIAN_MARK.sub("", to_ascii_digits(_text(value)))
    if not text:
        return ParsedDate(MISSING)
    if re.fullmatch(r"\d{4}(?:\.0+)?", text):
        return _year(int(float(text)), today)
    if re.fullmatch(r"\d{5}(?:\.\d+)?", text):
        return _from_number(float(text), today)
    if match := _YMD.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
        return _built(year, month, day, today)
    if match := _DMY.fullmatch(text):
        day_text, month_text, year_text = match.groups()
        return _built(_full_year(year_text, today), int(month_text), int(day_text), today)
    if match := _WORDY.fullmatch(text):
        named_month = _MONTHS.get(_month_key(match.group(2)))
        if named_month:
            return _built(int(match.group(3)), named_month, int(match.group(1)), today)
    return ParsedDate(INVALID)


def _month_key(word: str) -> str:
    return fold(word).rstrip(".")


def _full_year(text: str, today: datetime.date) -> int:
    if len(text) == 4:
        return int(text)
    year = 2000 + int(text)
    return year if year <= today.year else year - 100


def _from_number(number: float, today: datetime.date) -> ParsedDate:
    if number != number or number in (float("inf"), float("-inf")):
        return ParsedDate(INVALID)
    if float(number).is_integer() and MIN_YEAR <= number <= today.year + 1:
        return _year(int(number), today)  # a year typed in a numeric cell, not serial day 1990 (1905)
    serial = int(number)
    # Below 1900 a number is an age or a typing slip, not a serial (those would be dates of 1900-1905,
    # which also spares us Excel's fictitious 29 Feb 1900, serial 60); above 2,958,465 is past 9999.
    if not MIN_YEAR <= serial <= 2_958_465:
        return ParsedDate(INVALID)
    return _checked(_EXCEL_EPOCH + datetime.timedelta(days=serial), today)


def _year(year: int, today: datetime.date) -> ParsedDate:
    if MIN_YEAR <= year <= today.year + 1:
        return ParsedDate(YEAR, None, year)
    return ParsedDate(INVALID)


def _built(year: int, month: int, day: int, today: datetime.date) -> ParsedDate:
    try:
        return _checked(datetime.date(year, month, day), today)
    except ValueError:
        return ParsedDate(INVALID)


def _checked(date: datetime.date, today: datetime.date) -> ParsedDate:
    if MIN_YEAR <= date.year <= today.year + 1:
        return ParsedDate(DATE, date, date.year)
    return ParsedDate(INVALID)
