"""Reading a registration list's file (xlsx, xls, ods or CSV) into a table: its header row found among the
first lines, its rows numbered as the spreadsheet numbers them, merged cells filled. A file that cannot be
used raises `ImportRefused`, with one line, in English, for the operator."""

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .reading import find_header_row, match_headers

HEADER_SCAN = 10  # title lines above the header row are common; ten is plenty


class ImportRefused(Exception):
    """The file itself cannot be used; the message is one line, in English, for the operator."""


@dataclass
class Table:
    """The rows of a list, each with the spreadsheet's own row number, and its header."""

    rows: list  # [(row number, [cells])], the rows below the header
    header: object  # reading.HeaderMap
    header_number: int
    sheet: str = ""


def read_table(path, *, max_bytes, max_rows):
    """The table in an xlsx (xls, ods) or CSV file; raises ImportRefused when there is none."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportRefused(f"cannot read the file: {error.strerror or error}") from None
    if size > max_bytes:
        raise ImportRefused(f"the file is too large: {size:,} bytes (at most {max_bytes:,})")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportRefused(f"cannot read the file: {error.strerror or error}") from None
    if not data.strip():
        raise ImportRefused("the file is empty")
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return _workbook_table(data, max_rows)
    return _csv_table(data, max_rows)


def _workbook_table(data, max_rows):
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        for index, name in enumerate(workbook.sheet_names):
            sheet = workbook.get_sheet_by_index(index)
            if sheet.total_height > max_rows + HEADER_SCAN:
                raise ImportRefused(f"the sheet {name!r} is too large: more than {max_rows:,} rows")
            rows = _merged_filled(sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges or [])
            if (table := _table(rows, max_rows, sheet=name)) is not None:
                return table
    except ImportRefused:
        raise
    except Exception as error:  # calamine's errors for damaged or foreign files: the file is unusable
        raise ImportRefused(f"not a readable spreadsheet: {str(error).splitlines()[0][:200]}") from None
    raise ImportRefused("no recognisable header row (full name, CIN, phone…) in the first rows of any sheet")


def _merged_filled(rows, merged):
    """Merged cells take the value of their first cell (a province merged over the rows of its people)."""
    for (top, left), (bottom, right) in merged:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for number in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[number]
            if number > top and not any(
                cell not in ("", None) for column, cell in enumerate(row) if not left <= column <= right
            ):
                continue  # an empty row under a merged cell stays empty
            for column in range(left, min(right, len(row) - 1) + 1):
                if row[column] in ("", None):
                    row[column] = value
    return rows


def _csv_table(data, max_rows):
    text = _decoded(data)
    if "\x00" in text:
        raise ImportRefused("not a spreadsheet: neither an xlsx file nor CSV text")
    head = "\n".join(text.splitlines()[: HEADER_SCAN + 1])
    best, best_count = None, 0
    for separator in (";", ",", "\t"):
        rows = _csv_rows(head, separator)
        number = find_header_row(rows, scan=HEADER_SCAN)
        count = len(match_headers(rows[number]).columns) if number is not None else 0
        if count > best_count:
            best, best_count = separator, count
    if best is None:
        raise ImportRefused("no recognisable header row (full name, CIN, phone…) in the first rows")
    return _table(_csv_rows(text, best), max_rows)


def _csv_rows(text, separator):
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error as error:
        raise ImportRefused(f"not a readable CSV file: {error}") from None


def _decoded(data):
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), else Windows-1256."""
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
    except UnicodeDecodeError:
        raise ImportRefused("not a readable text file: its encoding mark does not match its bytes") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1256", errors="replace")


def _table(rows, max_rows, sheet=""):
    index = find_header_row(rows, scan=HEADER_SCAN)
    if index is None:
        return None
    body = [(number, cells) for number, cells in enumerate(rows[index + 1 :], start=index + 2)]
    if len(body) > max_rows:
        raise ImportRefused(f"the list is too large: {len(body):,} rows (at most {max_rows:,})")
    return Table(rows=body, header=match_headers(rows[index]), header_number=index + 1, sheet=sheet)
