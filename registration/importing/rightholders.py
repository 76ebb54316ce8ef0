"""Loading a soulaliyate community's list of right-holders (ذوو الحقوق) from a spreadsheet.

The file is read like a registration list (`spreadsheets.read_table`, the same headers: الاسم الكامل,
الاسم بالحروف اللاتينية / Nom et prénom or the name in two columns, رقم البطاقة الوطنية / CIN; other columns
are ignored). `read_right_holders` reads it and saves nothing (the staff page's preview, `MembersList.outline`);
`load_right_holders` (the page's confirmation, `qafila import-right-holders`) reads it again and replaces the community's previous
list in one transaction, marking the list as loaded: from then on membership is checked against it
(`people.membership`). A file that cannot be used, or that holds no right-holder, raises `ImportRefused` and
changes nothing.

Registrations already decided are not decided again: a re-decision is the caller's explicit next step.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from core import audit
from people.matching import cin_key
from people.models import RightHolder, SoulaliyateCommunity

from .reading import is_blank, read_row, row_values
from .spreadsheets import ImportRefused, read_table

__all__ = ["ImportRefused", "load_right_holders", "read_right_holders"]

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000  # the largest communities count tens of thousands of right-holders
NAME_LENGTH = RightHolder._meta.get_field("full_name_ar").max_length
CHUNK = 1000  # rows read or saved between two reports of progress
SHOWN_ROWS = 100  # rows read shown in the preview (a community's list may hold tens of thousands)
SHOWN_SKIPPED = 500


@dataclass(frozen=True)
class HolderRow:
    """One row of a members' list: its right-holder (unsaved), or None when it was skipped."""

    number: int  # the spreadsheet's own row number
    holder: RightHolder | None
    cin_dropped: bool = False  # a CIN was written but cannot be read: the name alone counts


@dataclass(frozen=True)
class MembersList:
    """A members' list as read from its file, nothing saved."""

    rows: list  # [HolderRow], blank rows left out
    header: object  # reading.HeaderMap
    sheet: str

    @property
    def holders(self):
        return [row.holder for row in self.rows if row.holder is not None]

    @property
    def skipped(self):
        return [row.number for row in self.rows if row.holder is None]

    def outline(self):
        """What the preview shows, as JSON: the counts, the columns as read, the first rows skipped and the first
        right-holders read, each with whether its CIN was read ("read", "dropped" or "none"), not the CIN."""
        read = [row for row in self.rows if row.holder is not None]
        return {
            "read_count": len(read),
            "skipped_count": len(self.skipped),
            "skipped": self.skipped[:SHOWN_SKIPPED],
            "read_as": self.header.read_as(),
            "sheet": self.sheet,
            "rows": [
                {
                    "number": row.number,
                    "name_ar": row.holder.full_name_ar,
                    "name_latin": row.holder.full_name_latin,
                    "cin": "dropped" if row.cin_dropped else "read" if row.holder.cin else "none",
                }
                for row in read[:SHOWN_ROWS]
            ],
        }


def read_right_holders(file, progress=None):
    """The members' list in `file` (a path), read row by row, `progress(rows read, rows)` called as it goes;
    raises ImportRefused when the file cannot be used or holds no right-holder."""
    table = read_table(file, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    rows = []
    for done, (number, cells) in enumerate(table.rows, 1):
        if not is_blank(cells):
            rows.append(_row(number, row_values(table.header, cells)))
        if progress is not None and (done % CHUNK == 0 or done == len(table.rows)):
            progress(done, len(table.rows))
    members = MembersList(rows, table.header, table.sheet)
    if not members.holders:
        raise ImportRefused("no right-holder in the list (every row lacks a name and a CIN)")
    return members


def load_right_holders(community, file, actor=None, progress=None):
    """Replace `community`'s list with the right-holders in `file` (a path), `progress(saved, right-holders)`
    called as it goes; returns a small report:
    {"loaded": count, "skipped": [row numbers without a name or a usable CIN], "ignored_columns": […]}."""
    members = read_right_holders(file)
    holders = members.holders
    with transaction.atomic():
        locked = SoulaliyateCommunity.objects.select_for_update().get(pk=community.pk)
        RightHolder.objects.filter(community=locked).delete()
        for holder in holders:
            holder.community = locked
        for start in range(0, len(holders), CHUNK):
            RightHolder.objects.bulk_create(holders[start : start + CHUNK])
            if progress is not None:
                progress(min(start + CHUNK, len(holders)), len(holders))
        locked.members_list_loaded_at = timezone.now()
        locked.save(update_fields=["members_list_loaded_at"])
        audit.record(actor, "community.list_loaded", locked, count=len(holders), skipped=len(members.skipped))
    community.members_list_loaded_at = locked.members_list_loaded_at  # the caller's copy says so too
    return {
        "loaded": len(holders),
        "skipped": members.skipped,
        "ignored_columns": list(members.header.ignored),
    }


def _row(number, raw):
    """A row's right-holder (unsaved), or None when it has neither a name nor a usable CIN."""
    row = read_row(raw)
    cin = cin_key(row.cin)  # an unreadable CIN is dropped; the name still counts
    name_ar, name_latin = row.full_name_ar[:NAME_LENGTH], row.full_name_latin[:NAME_LENGTH]
    if not (cin or name_ar or name_latin):
        return HolderRow(number, None)
    holder = RightHolder(full_name_ar=name_ar, full_name_latin=name_latin, cin=cin)
    return HolderRow(number, holder, cin_dropped=bool(row.cin) and not cin)
