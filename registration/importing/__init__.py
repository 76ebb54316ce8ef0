"""Importing lists into Qafila: a caravan's registration list (`lists`) and a soulaliyate community's list of
right-holders (`rightholders`), both read from xlsx or CSV (`spreadsheets`) with the columns of a
registration list (`reading`); the staff pages that upload a list, preview and import it (`views` for a
registration list and its template to fill in, `template`; `members_views` for a members' list; `uploads`,
the file kept between the two steps, private; `work`, the preview and the import as jobs of `qafila worker`).
A workbook is measured before it is read (`bounds`): a few KB can declare billions of cells.

What the other parts of Qafila use is here; the modules are the import's own business."""

from .lists import DECISIONS, OUTCOMES, ImportStopped, import_registrations, summary_line
from .reading import Places, columns, entry_of, match_sector, read_row
from .rightholders import load_right_holders
from .spreadsheets import ImportRefused

__all__ = [
    "DECISIONS",
    "OUTCOMES",
    "ImportRefused",
    "ImportStopped",
    "Places",
    "columns",
    "entry_of",
    "import_registrations",
    "load_right_holders",
    "match_sector",
    "read_row",
    "summary_line",
]
