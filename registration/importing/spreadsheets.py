"""Reading a registration list's file (xlsx, ods or CSV) into a table: its header row found among the first
lines, its rows numbered as the spreadsheet numbers them, merged cells filled. A file that cannot be used
raises `ImportRefused`, with one line, in English, for the operator: also one larger than the limits, measured
before it is read (`bounds` for workbooks; a CSV is read row by row, its blank lines dropped as they come)."""

import codecs
import csv
import io
import re
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path

from .bounds import ImportRefused, column_letters, workbook_extents
from .reading import find_header_row, is_blank, match_headers

__all__ = ["ImportRefused", "Table", "read_table"]

HEADER_SCAN = 10  # title lines above the header row are common; ten is plenty
MAX_COLUMNS = 100  # a list has about twenty; more is a sheet that is not a list
MAX_CELLS = 3_000_000  # rows × columns read into memory at once (50,000 rows of 60 columns)
BLANK_LINES = 2  # a CSV may have as many blank lines as rows, not millions of them


@dataclass
class Table:
    """The rows of a list, each with the spreadsheet's own row number, and its header."""

    rows: list  # [(row number, [cells])], the non-blank rows below the header
    header: object  # reading.HeaderMap
    header_number: int
    sheet: str = ""


def read_table(path, *, max_bytes, max_rows):
    """The table in an xlsx (ods) or CSV file; raises ImportRefused when there is none, or when the file is
    larger than the limits, before reading it (size, rows, columns, a sheet's declared dimension)."""
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
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        # An .xls (or an encrypted xlsx) cannot be measured before calamine spreads it into memory.
        raise ImportRefused("an old Excel file (.xls): save it as .xlsx or CSV")
    if data.startswith(b"PK\x03\x04"):
        return _workbook_table(data, max_rows)
    return _csv_table(data, max_rows)


def _within_bounds(extent, max_rows):
    rows, columns = extent.rows, extent.columns
    if rows > max_rows + HEADER_SCAN or columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
        raise ImportRefused(
            f"the sheet {extent.name!r} is too large: it reaches row {rows:,} and column {column_letters(columns)}: "
            f"at most {max_rows + HEADER_SCAN:,} rows and {MAX_COLUMNS} columns"
        )


def _workbook_table(data, max_rows):
    from python_calamine import CalamineWorkbook

    for extent in workbook_extents(data):
        _within_bounds(extent, max_rows)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        for index, name in enumerate(workbook.sheet_names):
            sheet = workbook.get_sheet_by_index(index)
            if sheet.total_height > max_rows + HEADER_SCAN or sheet.total_width > MAX_COLUMNS:
                raise ImportRefused(
                    f"the sheet {name!r} is too large: {sheet.total_height:,} rows and {sheet.total_width:,} "
                    f"columns (at most {max_rows + HEADER_SCAN:,} rows and {MAX_COLUMNS} columns)"
                )
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
    width = max(map(len, rows), default=0)
    area = sum(
        max(0, min(bottom, len(rows) - 1) - top + 1) * max(0, min(right, width - 1) - left + 1)
        for (top, left), (bottom, right) in merged
    )
    if area > MAX_CELLS:  # thousands of merges over the whole sheet: hours of filling for no list
        raise ImportRefused(f"the merged cells cover too much: {area:,} cells (at most {MAX_CELLS:,})")
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
    lines = text.count("\n") + 1
    if lines > BLANK_LINES * max_rows + HEADER_SCAN:  # before a row is made of them
        raise ImportRefused(f"the list is too large: {lines:,} lines (at most {max_rows:,} rows)")
    head = "".join(islice(io.StringIO(text, newline=""), HEADER_SCAN + 1))
    best, best_count = None, 0
    for separator in (";", ",", "\t"):
        rows = list(_csv_rows(head, separator))
        number = find_header_row(rows, scan=HEADER_SCAN)
        count = len(match_headers(rows[number]).columns) if number is not None else 0
        if count > best_count:
            best, best_count = separator, count
    if best is None:
        raise ImportRefused("no recognisable header row (full name, CIN, phone…) in the first rows")
    return _table(_csv_rows(text, best), max_rows)


def _csv_rows(text, separator):
    """The rows of a CSV text one by one, trailing empty cells dropped; refused at the first row wider than
    MAX_COLUMNS or cell longer than Excel allows."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        for cells in reader:
            while cells and not cells[-1].strip():
                cells.pop()
            if len(cells) > MAX_COLUMNS:
                raise ImportRefused(
                    f"the list is too wide: line {reader.line_num:,} has {len(cells):,} columns "
                    f"(at most {MAX_COLUMNS})"
                )
            yield cells
    except csv.Error as error:
        if "field larger" in str(error):
            raise ImportRefused(f"a cell is too long near line {reader.line_num:,}") from None
        raise ImportRefused(f"not a readable CSV file: {error}") from None


_NOT_ASCII_LINE = re.compile(rb"[^\n]*[\x80-\xff][^\n]*")


def _decoded(data):
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), else Windows-1256. A file whose
    lines are in both UTF-8 and another encoding is refused: guessing line by line would read most names, but
    a file made so has been through a program that re-encoded part of it, and its UTF-8 lines may be
    mis-decoded names themselves; only its author can say which."""
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
    except UnicodeDecodeError as error:
        if data.startswith(codecs.BOM_UTF8):
            _refuse_mixed(data, data.count(b"\n", 0, error.start) + 1)
        raise ImportRefused("not a readable text file: its encoding mark does not match its bytes") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        _refuse_mixed(data, data.count(b"\n", 0, error.start) + 1)
    return data.decode("cp1256", errors="replace")


def _refuse_mixed(data, other_line):
    """Refuse the file when one of its lines (not `other_line`, which is not UTF-8) reads as UTF-8 text."""
    for found in _NOT_ASCII_LINE.finditer(data):
        try:
            line = found[0].decode("utf-8")
        except UnicodeDecodeError:
            continue
        # Two characters at least: one Windows-1256 letter before a sign may happen to be valid UTF-8.
        if sum(not ch.isascii() for ch in line.removeprefix("\ufeff")) >= 2:
            utf8_line = data.count(b"\n", 0, found.start()) + 1
            raise ImportRefused(
                f"the file mixes text encodings: line {utf8_line:,} is UTF-8, line {other_line:,} is not"
            )


def _table(rows, max_rows, sheet=""):
    """The header among the first rows, then the non-blank rows below it (`rows` may be a generator)."""
    rows = iter(rows)
    head = list(islice(rows, HEADER_SCAN))
    index = find_header_row(head, scan=HEADER_SCAN)
    if index is None:
        return None
    body = []
    below = chain(enumerate(head[index + 1 :], start=index + 2), enumerate(rows, start=len(head) + 1))
    for number, cells in below:
        if is_blank(cells):
            continue
        if len(body) == max_rows:
            raise ImportRefused(f"the list is too large: more than {max_rows:,} rows")
        body.append((number, cells))
    return Table(rows=body, header=match_headers(head[index]), header_number=index + 1, sheet=sheet)
