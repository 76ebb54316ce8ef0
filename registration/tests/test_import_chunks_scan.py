"""The xlsx sheet measured by regular expressions (the fast scan) measures what calamine would read, or leaves
the sheet to expat: a second `r`, a prefix, a cell without `r`, a sheet in UTF-16 never make a sheet smaller."""

import io
import zipfile

import pytest

from registration.importing.bounds import ImportRefused, workbook_extents
from registration.importing.spreadsheets import read_table

from .fixtures_files import fake_rows, row, write, xlsx_bytes

LIMITS = {"max_bytes": 20 * 1024 * 1024, "max_rows": 50_000}
SHEET = "xl/worksheets/sheet1.xml"


def edited(change, rows=None):
    """A small list whose sheet's XML is changed by `change` (bytes → bytes)."""
    source, out = zipfile.ZipFile(io.BytesIO(xlsx_bytes(rows or [row()]))), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for member in source.infolist():
            content = source.read(member)
            copy.writestr(member, change(content) if member.filename == SHEET else content)
    return out.getvalue()


def test_a_list_is_measured_to_its_last_cell():
    (extent,) = workbook_extents(xlsx_bytes(fake_rows(300)))
    assert (extent.rows, extent.columns) == (301, 14)


@pytest.mark.parametrize(
    "far",
    [
        b'<c r="A2" r="XFD1048576"',  # calamine takes the second
        b'<c r="A2" t="s" r=\'XFD1048576\'',
        b'<c r="A2" t="a>b" r="XFD1048576"',  # a quoted ">" does not end the tag
    ],
)
def test_a_second_reference_in_a_cell_is_never_read_as_the_small_one(tmp_path, far):
    data = edited(lambda xml: xml.replace(b'<c r="A2"', far, 1))
    with pytest.raises(ImportRefused):
        read_table(write(tmp_path, data), **LIMITS)


@pytest.mark.parametrize(
    "change",
    [
        lambda xml: (
            xml.replace(b"<c ", b"<x:c ")
            .replace(b"</c>", b"</x:c>")
            .replace(b"<worksheet xmlns=", b"<worksheet xmlns:x=")
        ),
        lambda xml: xml.replace(b'<c r="A2"', b'<c\nr="A2"', 1),
        lambda xml: xml.replace(b'<c r="A2"', b'<c r="&#65;2"', 1),
    ],
    ids=["prefixed", "newline", "entity"],
)
def test_a_sheet_the_expressions_do_not_read_is_measured_by_expat(tmp_path, change):
    far = edited(lambda xml: change(xml.replace(b'<c r="B2"', b'<c r="XFD1048576"', 1)))
    with pytest.raises(ImportRefused, match="too large"):
        read_table(write(tmp_path, far), **LIMITS)


def test_a_sheet_in_utf16_is_measured_by_expat():
    def in_utf16(xml):
        xml = xml.replace(b'<c r="B2"', b'<c r="XFD1048576"', 1)
        return (
            xml.decode()
            .replace("<worksheet", '<?xml version="1.0" encoding="UTF-16"?><worksheet', 1)
            .encode("utf-16")
        )

    (extent,) = workbook_extents(edited(in_utf16))
    assert extent.columns == 16384
