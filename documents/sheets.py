"""Sign-in sheets (feuilles d'émargement): who is listed, in which order, with which columns.

Who: the caravan's accepted registrations (there is no attendance to go by until check-in pages exist); for a
workshop group, the people assigned to that workshop (onsite.models.GroupAssignment).
Order: by Arabic name, as `arabic_sort_key` reads it; people without an Arabic name come last, by Latin name.
Columns: chosen with `?columns=`; CIN and phone only for roles with "personal_data.view" (Law 09-08).
Pages are cut here, ROWS_PER_PAGE rows each, so that page count does not depend on how the text falls and a
loose page still carries its header (the template repeats the caravan, the day and the session on every page).
"""

import math
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from caravans.models import Partnership
from core.text import strip_accents
from onsite.models import GroupAssignment
from people.identifiers import display_phone
from registration.models import Registration

ROWS_PER_PAGE = 17


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    personal: bool = False


COLUMNS = [
    Column("number", _("No.")),
    Column("name", _("Full name")),
    Column("cin", _("CIN"), personal=True),
    Column("commune", _("Commune or province")),
    Column("phone", _("Phone"), personal=True),
    Column("signature", _("Signature")),
]
KEYS = [column.key for column in COLUMNS]
ALWAYS = ("number", "name")  # a sheet without them is no sheet

# Sorting Arabic names. An administrative list is read letter by letter over the name as written, as a
# spreadsheet or ICU's Arabic collation sorts it and as the organisers' own lists are: the article ال counts
# (الزهراء is found under ا, after أحمد, where its first letters put it; ignoring it would send people who
# read the first letters of their name to the wrong page), hamza forms of alef are one letter with alef,
# ى is ي, ة is ت, ؤ is و, ئ is ي (as in ICU's Arabic collation); a lone hamza, diacritics and tatweel count
# for nothing; words are compared one after the other, so "عبد الله" comes before "عبدالله" and after
# "عبد الرحمن". Once these variants are folded, Unicode orders the 28 letters in the alphabet's (hija'i)
# order, so the folded words compare as they are. The name as written breaks ties, for a stable order.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # incl. tatweel
_ARABIC_FOLDS = str.maketrans(
    {
        "آ": "ا",
        "أ": "ا",
        "إ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ة": "ت",
        "ء": None,
        "ی": "ي",  # Persian yeh and keheh, from some keyboards
        "ک": "ك",
        "گ": "ك",  # the g of Moroccan names (ڭ, گ) and v (ڤ) sit with their base letters
        "ڭ": "ك",
        "ڤ": "ف",
        "پ": "ب",
        "چ": "ج",
    }
)


def arabic_sort_key(name):
    """The order of an Arabic administrative list: a tuple of folded words, then the name as written."""
    text = unicodedata.normalize("NFKC", name or "")
    folded = _ARABIC_MARKS.sub("", text).translate(_ARABIC_FOLDS)
    return tuple(folded.split()), text


def latin_sort_key(name):
    return tuple(strip_accents(name or "").casefold().replace("-", " ").split())


def person_sort_key(person):
    """Arabic names first in Arabic order, then those written only in Latin letters."""
    if (person.full_name_ar or "").strip():
        return (
            0,
            arabic_sort_key(person.full_name_ar),
            latin_sort_key(person.full_name_latin),
            person.pk or 0,
        )
    return (1, ((), ""), latin_sort_key(person.full_name_latin), person.pk or 0)


def listed(caravan):
    """The registrations a sign-in sheet lists: accepted ones, sorted by name."""
    registrations = (
        Registration.objects.accepted()
        .filter(caravan=caravan)
        .select_related("person__province", "person__commune")
    )
    return sorted(registrations, key=lambda r: person_sort_key(r.person))


def listed_in_group(session):
    """The accepted registrations assigned to the workshop `session` (its group), sorted by name."""
    assigned = GroupAssignment.objects.filter(session=session).values("registration_id")
    registrations = (
        Registration.objects.accepted()
        .filter(pk__in=assigned)
        .select_related("person__province", "person__commune")
    )
    return sorted(registrations, key=lambda r: person_sort_key(r.person))


def columns_asked(text, *, personal_data):
    """The columns `?columns=` asks for (comma-separated keys, in the sheet's own order); all when empty.

    CIN and phone are left out for a user without "personal_data.view", whatever was asked."""
    asked = {key.strip() for key in (text or "").split(",") if key.strip()} or set(KEYS)
    return [
        column
        for column in COLUMNS
        if (column.key in asked or column.key in ALWAYS) and (personal_data or not column.personal)
    ]


def shows_personal_data(columns):
    return any(column.personal for column in columns)


def row(number, registration, language):
    """One line of the sheet, every value already a string (the template only places them)."""
    person = registration.person
    place = person.commune or person.province
    return {
        "number": number,
        "name_ar": person.full_name_ar,
        "name_latin": person.full_name_latin,
        "cin": person.cin,
        "commune": place.name if place else "",
        "phone": display_phone(person.phone, language),
    }


def pages(rows, per_page=ROWS_PER_PAGE):
    return [rows[start : start + per_page] for start in range(0, len(rows), per_page)] or [[]]


def page_count(listed_count, per_page=ROWS_PER_PAGE):
    return max(1, math.ceil(listed_count / per_page))


def context(caravan, registrations, columns, *, language, date, day=None, session=None, group=False):
    """What templates/documents/sign_in_sheet.html needs; call it in the sheet's language."""
    partnerships = list(caravan.partnerships.select_related("organisation"))
    rows = [row(number, r, language) for number, r in enumerate(registrations, start=1)]
    return {
        "caravan": caravan,
        "organisers": [p.organisation for p in partnerships if p.role != Partnership.Role.PARTNER],
        "partners": [p.organisation for p in partnerships if p.role == Partnership.Role.PARTNER],
        "date": date,
        "day": day,
        "session": session,
        "group": group,
        "session_time": f"{session.starts_at:%H:%M}–{session.ends_at:%H:%M}" if session else "",
        "columns": columns,
        "keys": {column.key for column in columns},
        "pages": pages(rows),
        "total": len(rows),
    }
