"""Invitations to register: a list of target cooperatives (an extract of the cooperatives' register for the
region, say) or of a community's members, each phone invited once by SMS with the caravan's public
registration link.

The list is read as a registration list is (`importing`: xlsx or CSV in any of its encodings, headers in
Arabic or French, stray spaces); only the name, the cooperative, the phone and the province are used.
`read_invitations` decides every row and saves nothing (the staff page's preview); `invite` reads the file
again and, in one transaction holding the caravan's row lock, records the invitations and puts their SMS in
the outbox (`messaging.outbox`). A phone already invited to the caravan, or already registered to it, is not
invited again, so a list imported twice invites nobody twice. When the invited phone registers, by any way in,
its invitation is linked to the registration (`Invitation.objects.link`, from the registration batch).
"""

import datetime
from dataclasses import dataclass

import phonenumbers
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from caravans.models import Caravan
from core import audit
from messaging import outbox, texts
from messaging.models import Kind, Message
from places.models import Province

from .importing import Places, read_row
from .importing.reading import NAME_COLUMNS, is_blank, row_values
from .importing.spreadsheets import read_table
from .models import Invitation, Registration
from .reasons import message as reason_message

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000  # a region's register of cooperatives holds a few thousand
NAME_LENGTH = Invitation._meta.get_field("full_name_ar").max_length
USED_COLUMNS = NAME_COLUMNS | {"cooperative_name", "phone", "province"}

# What becomes of a row, in the order it is decided.
MISSING_NAME = "missing_name"
NO_PHONE = "no_phone"
INVALID_PHONE = "invalid_phone"
NOT_MOBILE = "not_mobile"
DUPLICATE_IN_FILE = "duplicate_in_file"
ALREADY_REGISTERED = "already_registered"
ALREADY_INVITED = "already_invited"
INVITE = "invite"

NO_VALID_PHONE = (NO_PHONE, INVALID_PHONE, NOT_MOBILE)
DUPLICATES = (DUPLICATE_IN_FILE, ALREADY_REGISTERED, ALREADY_INVITED)

SENTENCES = {
    MISSING_NAME: _("Neither a name nor a cooperative is given."),
    NO_PHONE: _("No phone number."),
    NOT_MOBILE: _("Not a mobile number: it cannot receive an SMS."),
    DUPLICATE_IN_FILE: _("The same phone as an earlier row of this list."),
    ALREADY_REGISTERED: _("This phone is already registered for this caravan."),
    ALREADY_INVITED: _("This phone is already invited to this caravan."),
    INVITE: _("To invite."),
}

# A landline or a toll-free number never receives the SMS: only these may be invited.
_SMS_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def sentence(outcome):
    """Why a row is or is not invited, in the active language (an unreadable phone as the registration
    import says it)."""
    return reason_message(INVALID_PHONE) if outcome == INVALID_PHONE else str(SENTENCES[outcome])


@dataclass(frozen=True)
class ListedRow:
    """One row of an invitation list, read, and what becomes of it."""

    number: int  # the spreadsheet's own row number
    outcome: str
    full_name_ar: str = ""
    full_name_latin: str = ""
    cooperative_name: str = ""
    phone: str = ""  # E.164
    province: Province | None = None
    province_unknown: bool = False  # a province is written that names none: the invitation has none


@dataclass(frozen=True)
class InvitationList:
    """An invitation list as read from its file, every row decided, nothing saved."""

    rows: list  # [ListedRow], blank rows left out
    header: object  # reading.HeaderMap
    sheet: str

    @property
    def to_invite(self):
        return [row for row in self.rows if row.outcome == INVITE]

    def count(self, *outcomes):
        return sum(row.outcome in outcomes for row in self.rows)


def read_invitations(caravan, path):
    """The invitation list in `path`, each row decided against the caravan's invitations and registrations;
    saves nothing. Raises `ImportRefused` when the file cannot be used."""
    return _decided(caravan, _read(path))


def invite(caravan, path, *, language, by):
    """Invite every phone of the list in `path` not invited nor registered yet: the invitations and their SMS
    (in `language`) are recorded together or not at all. Returns the list as decided and the invitations."""
    read = _read(path)  # outside the lock: reading a large workbook takes a while
    with transaction.atomic():
        locked = Caravan.objects.select_for_update().get(pk=caravan.pk)
        listed = _decided(locked, read)
        message_of = _queue_messages(locked, [row.phone for row in listed.to_invite], language, by)
        invitations = Invitation.objects.bulk_create(
            [
                Invitation(
                    caravan=locked,
                    full_name_ar=row.full_name_ar,
                    full_name_latin=row.full_name_latin,
                    cooperative_name=row.cooperative_name,
                    phone=row.phone,
                    province=row.province,
                    language=language,
                    imported_by=by,
                    message_id=message_of.get(row.phone),
                )
                for row in listed.to_invite
            ]
        )
        audit.record(
            by,
            "invitation.imported",
            locked,
            invited=len(invitations),
            rows=len(listed.rows),
            language=language,
        )
    return listed, invitations


def message_text(caravan, language):
    """The invitation SMS as the list's people will read it (the preview shows it, with its SMS count)."""
    return texts.render(Kind.INVITATION, language, message_context(caravan, language))


def message_context(caravan, language):
    """The invitation's placeholders: the caravan's title, its public registration link, and when public
    registration closes (always: at the latest when the caravan begins), for a text that says "before"."""
    ends = timezone.localtime(caravan.registration_ends_at())
    with translation.override(language):
        return {
            "caravan": caravan.title,
            "url": registration_url(caravan),
            "until": formats.date_format(ends, "j F Y" if ends.time() == datetime.time() else "j F Y H:i"),
        }


def registration_url(caravan):
    """The caravan's public registration form, at the site's public address (as the status page's link in
    the registration messages, `notify.status_url`)."""
    return settings.SITE_URL + reverse("registration:self_register", args=[caravan.slug])


def _queue_messages(caravan, phones, language, by):
    """The invitation SMS to each phone in the outbox (one text for all: it names nobody); {phone: its
    message's id}."""
    context = message_context(caravan, language)
    outbox.queue_bulk(
        Kind.INVITATION,
        [outbox.Address(phone, language) for phone in phones],
        caravan=caravan,
        key="",
        context_for=lambda _recipient: context,
        by=by,
    )
    sent = Message.objects.filter(caravan=caravan, kind=Kind.INVITATION, person=None)
    return dict(sent.values_list("to", "pk"))


# --- Reading and deciding the rows ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Read:
    rows: list  # [(row number, reading.ReadRow, Province or None)]
    header: object
    sheet: str


def _read(path):
    table = read_table(path, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    places = Places()
    rows = []
    for number, cells in table.rows:
        raw = row_values(table.header, cells)
        if is_blank(raw):
            continue
        row = read_row(raw)
        code, _region = places.province_codes(row.province_text) if row.province_text else ("", "")
        rows.append((number, row, places.provinces.get(code)))
    return _Read(rows, table.header, table.sheet)


def _decided(caravan, read):
    invited = set(caravan.invitations.values_list("phone", flat=True))
    registered = set(
        Registration.objects.filter(caravan=caravan)
        .exclude(person__phone="")
        .values_list("person__phone", flat=True)
    )
    seen = set()
    rows = []
    for number, row, province in read.rows:
        outcome = _outcome(row, seen, registered, invited)
        if row.phone:
            seen.add(row.phone)
        rows.append(
            ListedRow(
                number=number,
                outcome=outcome,
                full_name_ar=row.full_name_ar[:NAME_LENGTH],
                full_name_latin=row.full_name_latin[:NAME_LENGTH],
                cooperative_name=row.cooperative_name[:NAME_LENGTH],
                phone=row.phone,
                province=province,
                province_unknown=bool(row.province_text) and province is None,
            )
        )
    return InvitationList(rows, read.header, read.sheet)


def _outcome(row, seen, registered, invited):
    if not (row.full_name_ar or row.full_name_latin or row.cooperative_name):
        return MISSING_NAME
    if "phone" in row.problems:
        return INVALID_PHONE
    if not row.phone:
        return NO_PHONE
    if not _takes_sms(row.phone):
        return NOT_MOBILE
    if row.phone in seen:
        return DUPLICATE_IN_FILE
    if row.phone in registered:
        return ALREADY_REGISTERED
    if row.phone in invited:
        return ALREADY_INVITED
    return INVITE


def _takes_sms(e164):
    return phonenumbers.number_type(phonenumbers.parse(e164)) in _SMS_TYPES
