"""A caravan's registrations as a spreadsheet (XLSX) or a CSV file Excel opens in Arabic (UTF-8 with a BOM).

Rows are read from the database a chunk at a time and written as they come (core.spreadsheets, which also keeps
every cell from being run as a formula). Headers follow the active language; the decision
and its reasons are given as codes (the contract, shared/contract/README.md) and as sentences in Arabic and
French, whatever the active language. CIN, phone and birth date are masked unless `personal_data` is true.
"""

import datetime
from typing import NamedTuple

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core import spreadsheets
from people.identifiers import display_phone
from people.models import mask_cin, mask_phone

from . import reasons
from .models import Decision

LANGUAGES = ("ar", "fr")
SEPARATOR = " | "  # between codes or sentences in one cell


class Column(NamedTuple):
    key: str
    header: str


COLUMNS = [
    Column("number", _("No.")),
    Column("full_name_ar", _("Full name (Arabic)")),
    Column("full_name_latin", _("Full name (Latin letters)")),
    Column("cin", _("CIN")),
    Column("phone", _("Phone")),
    Column("sex", _("Sex")),
    Column("birth", _("Birth date or year")),
    Column("province", _("Prefecture or province")),
    Column("profile", _("Profile")),
    Column("cooperative", _("Cooperative")),
    Column("sector", _("Sector")),
    Column("project_idea", _("Project idea")),
    Column("channel", _("Channel")),
    Column("decision", _("Decision (code)")),
    Column("decision_ar", _("Decision (Arabic)")),
    Column("decision_fr", _("Decision (French)")),
    Column("reasons", _("Reasons (codes)")),
    Column("reasons_ar", _("Reasons (Arabic)")),
    Column("reasons_fr", _("Reasons (French)")),
    Column("badge_code", _("Badge code")),
    Column("created", _("Registered on")),
]


def headers():
    return [str(column.header) for column in COLUMNS]


def _decision_labels():
    labels = {}
    for language in LANGUAGES:
        with translation.override(language):
            labels[language] = {decision.value: str(decision.label) for decision in Decision}
    return labels


def _birth(person, personal_data):
    if person.birth_date:
        return person.birth_date if personal_data else person.birth_date.year
    return person.birth_year or ""


def rows(registrations, *, personal_data):
    """One list of cell values per registration, in the order of `COLUMNS`."""
    labels = _decision_labels()
    for registration in registrations:
        person, codes = registration.person, list(registration.reasons)
        values = {
            "number": registration.pk,
            "full_name_ar": person.full_name_ar,
            "full_name_latin": person.full_name_latin,
            "cin": person.cin if personal_data else mask_cin(person.cin),
            "phone": display_phone(person.phone)
            if personal_data and person.phone
            else mask_phone(person.phone),
            "sex": person.get_sex_display(),
            "birth": _birth(person, personal_data),
            "province": person.province.name if person.province else "",
            "profile": registration.get_profile_display(),
            "cooperative": registration.cooperative.name if registration.cooperative else "",
            "sector": registration.sector_text or registration.sector,
            "project_idea": registration.project_idea,
            "channel": registration.get_channel_display(),
            "decision": registration.decision,
            "decision_ar": labels["ar"].get(registration.decision, registration.decision),
            "decision_fr": labels["fr"].get(registration.decision, registration.decision),
            "reasons": SEPARATOR.join(codes),
            "reasons_ar": SEPARATOR.join(reasons.messages(codes, "ar")),
            "reasons_fr": SEPARATOR.join(reasons.messages(codes, "fr")),
            "badge_code": registration.badge_code or "",
            "created": timezone.localtime(registration.created).replace(tzinfo=None, second=0, microsecond=0),
        }
        yield [values[column.key] for column in COLUMNS]


def filename(caravan, extension):
    return f"registrations-{caravan.slug}-{datetime.date.today().isoformat()}.{extension}"


def csv_response(registrations, *, personal_data, name):
    return spreadsheets.csv_response(headers(), rows(registrations, personal_data=personal_data), name=name)


def xlsx_response(registrations, *, personal_data, name, title):
    found = rows(registrations, personal_data=personal_data)
    return spreadsheets.xlsx_response(headers(), found, name=name, title=title)
