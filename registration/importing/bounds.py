"""How large a workbook really is, read from its XML before any spreadsheet library opens it.

calamine (like openpyxl) makes a sheet one dense block from its first cell to its last: a 2 KB xlsx with a cell
at A2 and one at XFD1048576 asks for 17 billion cells and kills the process. So the sheets' cells are counted
here first, streamed through expat without building a tree: for xlsx every `<c>` and the declared
`<dimension>`, for ods every non-empty cell with its repeats (LibreOffice ends a sheet with a million empty
repeated rows; those are not data). The zip's unpacked size is bounded too (a highly compressed bomb).

An xlsx sheet as spreadsheet programs write it (UTF-8, each cell `<c r="B7" …>`) is scanned faster by regular
expressions over its bytes (`_xlsx_fast`): expat's call for every element cost twice calamine's whole read.
They count the tags `<c ` and those of that plain form, each with one `r` (calamine would take a second one);
anything else (a cell without `r`, an entity, a second `r`; a `c` with a prefix or followed by another space
is not looked for) makes the sheet scanned by expat. A match starts where a counted tag starts: a tag swallowed by
another's quotes is a match missing. What they may count too much (a `<c` in a CDATA section) only makes the
sheet larger, never smaller.
"""

import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree
from xml.parsers import expat

MAX_UNPACKED = 160 * 1024 * 1024  # a 50,000-row xlsx of 20 columns unpacks to about 60 MB
READ_CHUNK = 1024 * 1024
_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


class ImportRefused(Exception):
    """The file itself cannot be used; the message is one line, in English, for the operator."""


@dataclass
class Extent:
    """The last row and column (1-based) a sheet holds cells in."""

    name: str
    rows: int = 0
    columns: int = 0

    def reach(self, row, column):
        self.rows, self.columns = max(self.rows, row), max(self.columns, column)


def column_number(letters):
    """ "A" → 1, "XFD" → 16384."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number):
    """1 → "A", 16384 → "XFD"."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "A"


def workbook_extents(data):
    """[Extent] of each sheet of an xlsx or ods file (bytes); raises ImportRefused when it is not a readable
    zip or unpacks to too much."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ImportRefused(f"not a readable spreadsheet: {error}") from None
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED:
        raise ImportRefused(
            f"the file is too large once unpacked: {unpacked:,} bytes (at most {MAX_UNPACKED:,})"
        )
    names = [member.filename for member in members]
    if "content.xml" in names:
        return _scanned(archive, "content.xml", _OdsScan())
    sheets = sorted(
        (name for name in names if re.fullmatch(r"xl/worksheets/[^/]+\.xml", name)),
        key=lambda name: [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)],
    )
    titles = _sheet_titles(archive)
    return [_xlsx_extent(archive, name, titles.get(name, name)) for name in sheets]


def _sheet_titles(archive):
    """{"xl/worksheets/sheet1.xml": the sheet's name as Excel shows it}, from the workbook and its links."""
    try:
        links = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError):
        return {}
    targets = {link.get("Id"): link.get("Target", "") for link in links}
    titles = {}
    for sheet in book.iter(f"{{{_MAIN}}}sheet"):
        target = targets.get(sheet.get(f"{{{_RELATIONS}}}id"), "").lstrip("/").removeprefix("xl/")
        titles[f"xl/{target}"] = sheet.get("name", "")
    return titles


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _xlsx_extent(archive, name, title):
    """The Extent of an xlsx sheet: by regular expressions when they can tell, else by expat."""
    return _xlsx_fast(archive, name, title) or _scanned(archive, name, _XlsxScan(title))


_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)")
_PREFIX = rb"<(?:[^\s<>/!?:]+:)?"
_ODD_CELL_TAGS = re.compile(rb"<c[>/\t\n\r]")  # a `c` tag not followed by a space
_PREFIXED_CELL_TAGS = re.compile(rb"<[^\s<>/!?:]+:c[\s/>]")
_ATTRIBUTES = rb"((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"  # to the tag's end, quoted values read whole
# a cell as Excel, LibreOffice and openpyxl write it
_PLAIN_CELLS = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"' + _ATTRIBUTES)
_AN_R = re.compile(rb"\sr\s*=")
_DIMENSION_TAGS = re.compile(_PREFIX + rb"dimension[\s/>]")
_DIMENSIONS = re.compile(_PREFIX + rb"dimension\s" + _ATTRIBUTES)
_REFS = re.compile(rb"(?<=\s)ref\s*=\s*[\"']([^\"']*)")


def _xlsx_fast(archive, name, title):
    """The Extent of an xlsx sheet in UTF-8 whose every cell has its reference; None when it cannot tell."""
    extent, declared = Extent(_sheet_name(title)), Extent(_sheet_name(title))
    letters, rows = set(), 0
    try:
        with archive.open(name) as member:
            rest = member.read(READ_CHUNK)
            if not _utf8(rest):
                return None
            while True:
                chunk = member.read(READ_CHUNK)
                text = rest + chunk
                # a tag cut by the chunk's end is read with the next chunk
                cut = text.rfind(b"<") if chunk else len(text)
                text, rest = text[:cut], text[cut:]
                cells = _PLAIN_CELLS.findall(text)
                if len(cells) != text.count(b"<c ") or _ODD_CELL_TAGS.search(text):
                    return None
                if b":c" in text and _PREFIXED_CELL_TAGS.search(text):
                    return None
                if _AN_R.search(b" " + b" ".join(rest for *_, rest in cells)):  # `r="A2"r="Z9"` too
                    return None
                if cells:
                    letters.update(column for column, *_ in cells)
                    rows = max(rows, *map(int, {row for _, row, _ in cells}))
                if b"dimension" in text:
                    dimensions = _DIMENSIONS.findall(text)
                    if len(dimensions) != len(_DIMENSION_TAGS.findall(text)):
                        return None
                    for reference in _REFS.findall(b" " + b" ".join(dimensions)):
                        for corner in reference.decode("ascii", "replace").split(":"):
                            declared.reach(*_position(corner))
                if not chunk:
                    break
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ImportRefused(f"not a readable spreadsheet: {name}: {error}") from None
    if letters:
        extent.reach(rows, max(column_number(column.decode()) for column in letters))
    return Extent(extent.name, max(extent.rows, declared.rows), max(extent.columns, declared.columns))


def _utf8(start):
    """Whether a sheet's XML, from its first bytes, is in UTF-8 (or ASCII): what the expressions read."""
    start = start.removeprefix(b"\xef\xbb\xbf")
    if not start.startswith(b"<") or b"\x00" in start:
        return False
    declared = _ENCODING.match(start) if start.startswith(b"<?xml") else None
    return declared is None or declared[1].lower() in (b"utf-8", b"utf8")


def _sheet_name(name):
    return name.rsplit("/", 1)[-1].removesuffix(".xml") if name.startswith("xl/") else name


def _scanned(archive, name, scan):
    """Feed a zip member to expat chunk by chunk (its declared size is checked by zipfile as it reads)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = scan.start
    if end := getattr(scan, "end", None):  # an ods scan closes its repeated cells; an xlsx scan needs no end
        parser.EndElementHandler = end
    try:
        with archive.open(name) as member:
            while chunk := member.read(READ_CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except (expat.ExpatError, zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ImportRefused(f"not a readable spreadsheet: {name}: {error}") from None
    return scan.extents()


def _local(name):
    return name.rsplit(" ", 1)[-1]


class _XlsxScan:
    """Each `<c>` of a worksheet (its `r`, or the next place when it has none) and the declared dimension."""

    def __init__(self, name):
        self.extent = Extent(_sheet_name(name))
        self.declared = Extent(self.extent.name)
        self.row, self.column = 0, 0

    def start(self, tag, attributes):
        tag = _local(tag)
        if tag == "row":
            self.row = _number(attributes.get("r"), self.row + 1)
            self.column = 0
        elif tag == "c":
            row, column = _position(attributes.get("r"))
            self.row = row or self.row or 1
            self.column = column or self.column + 1
            self.extent.reach(self.row, self.column)
        elif tag == "dimension":
            for reference in attributes.get("ref", "").split(":"):
                row, column = _position(reference)
                self.declared.reach(row, column)

    def extents(self):
        rows = max(self.extent.rows, self.declared.rows)
        return Extent(self.extent.name, rows, max(self.extent.columns, self.declared.columns))


class _OdsScan:
    """The non-empty cells of each table of an ods file's content.xml, with their repeats."""

    def __init__(self):
        self.found = []
        self.row = self.column = 0
        self.row_repeat = self.cell_repeat = 1
        self.cell_filled = self.row_filled = False

    def start(self, tag, attributes):
        tag = _local(tag)
        if tag == "table":
            self.found.append(Extent(_attribute(attributes, "name") or str(len(self.found) + 1)))
            self.row = 0
        elif tag == "table-row":
            self.row_repeat = _number(_attribute(attributes, "number-rows-repeated"), 1)
            self.column, self.row_filled = 0, False
        elif tag in ("table-cell", "covered-table-cell"):
            self.cell_repeat = _number(_attribute(attributes, "number-columns-repeated"), 1)
            self.cell_filled = bool(_attribute(attributes, "value-type"))
        elif tag == "p" and self.found:
            self.cell_filled = True

    def end(self, tag):
        tag = _local(tag)
        if tag in ("table-cell", "covered-table-cell"):
            self.column += self.cell_repeat
            if self.cell_filled and self.found:
                self.found[-1].reach(1, self.column)
                self.row_filled = True
            self.cell_repeat, self.cell_filled = 1, False
        elif tag == "table-row":
            self.row += self.row_repeat
            if self.row_filled and self.found:
                self.found[-1].reach(self.row, 1)

    def extents(self):
        return self.found


def _attribute(attributes, local):
    return next((value for key, value in attributes.items() if _local(key) == local), None)


def _number(text, default):
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _position(reference):
    """(row, column) of an A1 reference, (0, 0) when there is none."""
    found = _REFERENCE.fullmatch(reference or "")
    return (int(found[2]), column_number(found[1])) if found else (0, 0)
