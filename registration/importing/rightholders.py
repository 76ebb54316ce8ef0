"""Loading a soulaliyate community's list of right-holders (ذوو الحقوق) from a spreadsheet.

The file is read like a registration list (`spreadsheets.read_table`, the same headers: الاسم الكامل,
الاسم بالحروف اللاتينية / Nom et prénom, رقم البطاقة الوطنية / CIN; other columns are ignored). A loaded
list replaces the community's previous one in one transaction and marks the list as loaded: from then on
membership is checked against it (`people.membership`). A file that cannot be used, or that holds no
right-holder, raises `ImportRefused` and changes nothing.

Registrations already decided are not decided again: a re-decision is the caller's explicit next step.
"""

from django.db import transaction
from django.utils import timezone

from core import audit
from people.matching import cin_key
from people.models import RightHolder, SoulaliyateCommunity

from .reading import is_blank, read_row, row_values
from .spreadsheets import ImportRefused, read_table

__all__ = ["ImportRefused", "load_right_holders"]

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000  # the largest communities count tens of thousands of right-holders
NAME_LENGTH = RightHolder._meta.get_field("full_name_ar").max_length


def load_right_holders(community, file, actor=None):
    """Replace `community`'s list with the right-holders in `file` (a path); returns a small report:
    {"loaded": count, "skipped": [row numbers without a name or a usable CIN], "ignored_columns": […]}."""
    table = read_table(file, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    holders, skipped = [], []
    for number, cells in table.rows:
        if is_blank(cells):
            continue
        holder = _holder(row_values(table.header, cells))
        if holder is None:
            skipped.append(number)
        else:
            holders.append(holder)
    if not holders:
        raise ImportRefused("no right-holder in the list (every row lacks a name and a CIN)")
    with transaction.atomic():
        locked = SoulaliyateCommunity.objects.select_for_update().get(pk=community.pk)
        RightHolder.objects.filter(community=locked).delete()
        for holder in holders:
            holder.community = locked
        RightHolder.objects.bulk_create(holders, batch_size=1000)
        locked.members_list_loaded_at = timezone.now()
        locked.save(update_fields=["members_list_loaded_at"])
        audit.record(actor, "community.list_loaded", locked, count=len(holders), skipped=len(skipped))
    community.members_list_loaded_at = locked.members_list_loaded_at  # the caller's copy says so too
    return {"loaded": len(holders), "skipped": skipped, "ignored_columns": list(table.header.ignored)}


def _holder(raw):
    """A RightHolder (unsaved) from a row's cells, or None when it has neither a name nor a usable CIN."""
    row = read_row(raw)
    cin = cin_key(row.cin)  # an unreadable CIN is dropped; the name still counts
    name_ar, name_latin = row.full_name_ar[:NAME_LENGTH], row.full_name_latin[:NAME_LENGTH]
    if not (cin or name_ar or name_latin):
        return None
    return RightHolder(full_name_ar=name_ar, full_name_latin=name_latin, cin=cin)
