"""Sign-in sheets (feuilles d'émargement): who is listed, in which order, with which columns.

Who: the caravan's accepted registrations (there is no attendance to go by until check-in pages exist); for a
workshop group, the people assigned to that workshop (onsite.models.GroupAssignment).
Order: by family name in the sheet's language (documents.ordering): Arabic order on Arabic sheets, French
order on French ones.
Columns: chosen with `?columns=`; CIN, phone and soulaliyate community only for roles with
"personal_data.view" (Law 09-08). Everyone in the room reads the sheet they sign, so CIN and phone are masked
on it; the organisers' full copy (`full=True`), not for signing, shows them whole.
Pages are cut here, ROWS_PER_PAGE rows each, so that page count does not depend on how the text falls and a
loose page still carries its header (the template repeats the caravan, the day and the session on every page).
"""

import math
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from caravans.models import Partnership
from onsite.models import GroupAssignment
from people.identifiers import display_phone
from people.models import mask_cin, mask_phone
from registration.models import Registration

from .ordering import person_sort_key

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
    Column("community", _("Soulaliyate community"), personal=True),
    Column("phone", _("Phone"), personal=True),
    Column("signature", _("Signature")),
]
KEYS = [column.key for column in COLUMNS]
ALWAYS = ("number", "name")  # a sheet without them is no sheet

LISTED_WITH = ("person__province", "person__commune", "person__community")


def listed(caravan, language="ar"):
    """The registrations a sign-in sheet lists: accepted ones, by family name in the sheet's language."""
    registrations = Registration.objects.accepted().filter(caravan=caravan).select_related(*LISTED_WITH)
    return sorted(registrations, key=lambda r: person_sort_key(r.person, language))


def listed_in_group(session, language="ar"):
    """The accepted registrations assigned to the workshop `session` (its group), by family name."""
    assigned = GroupAssignment.objects.filter(session=session).values("registration_id")
    registrations = Registration.objects.accepted().filter(pk__in=assigned).select_related(*LISTED_WITH)
    return sorted(registrations, key=lambda r: person_sort_key(r.person, language))


def columns_asked(text, *, personal_data):
    """The columns `?columns=` asks for (comma-separated keys, in the sheet's own order); all when empty.

    CIN, phone and community are left out for a user without "personal_data.view", whatever was asked."""
    asked = {key.strip() for key in (text or "").split(",") if key.strip()} or set(KEYS)
    return [
        column
        for column in COLUMNS
        if (column.key in asked or column.key in ALWAYS) and (personal_data or not column.personal)
    ]


def shows_personal_data(columns):
    return any(column.personal for column in columns)


def row(number, registration, language, *, full=False):
    """One line of the sheet, every value already a string (the template only places them); CIN and phone
    masked unless `full` (the organisers' copy)."""
    person = registration.person
    place = person.commune or person.province
    return {
        "number": number,
        "name_ar": person.full_name_ar,
        "name_latin": person.full_name_latin,
        "cin": person.cin if full else mask_cin(person.cin),
        "commune": place.name if place else "",
        "community": person.community.name if person.community else person.community_declared,
        "phone": display_phone(person.phone, language) if full else mask_phone(person.phone),
    }


def pages(rows, per_page=ROWS_PER_PAGE):
    return [rows[start : start + per_page] for start in range(0, len(rows), per_page)] or [[]]


def page_count(listed_count, per_page=ROWS_PER_PAGE):
    return max(1, math.ceil(listed_count / per_page))


def context(
    caravan, registrations, columns, *, language, date, day=None, session=None, group=False, full=False
):
    """What templates/documents/sign_in_sheet.html needs; call it in the sheet's language."""
    partnerships = list(caravan.partnerships.select_related("organisation"))
    rows = [row(number, r, language, full=full) for number, r in enumerate(registrations, start=1)]
    return {
        "caravan": caravan,
        "organisers": [p.organisation for p in partnerships if p.role != Partnership.Role.PARTNER],
        "partners": [p.organisation for p in partnerships if p.role == Partnership.Role.PARTNER],
        "date": date,
        "day": day,
        "session": session,
        "group": group,
        "full_copy": full,
        "session_time": f"{session.starts_at:%H:%M}–{session.ends_at:%H:%M}" if session else "",
        "columns": columns,
        "keys": {column.key for column in columns},
        "pages": pages(rows),
        "total": len(rows),
    }
