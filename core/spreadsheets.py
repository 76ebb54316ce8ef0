"""Rows as a download: a CSV file Excel opens in Arabic (UTF-8 with a BOM), streamed, or an XLSX workbook.

Whatever a cell's text starts with, no spreadsheet runs it as a formula: a CSV cell that would be one gets a
leading apostrophe, an XLSX cell is typed as text. Dates are written day first, as Moroccans read them."""

import csv
import datetime
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from django.utils import formats, translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # a cell a spreadsheet would run as a formula
# Day first in Excel whatever its locale: the cell stays a date that sorts and filters as one.
XLSX_FORMATS = {datetime.datetime: "dd/mm/yyyy hh:mm", datetime.date: "dd/mm/yyyy"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Echo:
    """A file that hands back what is written to it: csv.writer then yields lines one by one."""

    def write(self, value):
        return value


def csv_cell(value):
    if isinstance(value, datetime.date):
        short = "SHORT_DATETIME_FORMAT" if isinstance(value, datetime.datetime) else "SHORT_DATE_FORMAT"
        return formats.date_format(value, short)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_response(headers, rows, *, name):
    """`rows` (an iterable of lists, read as the file is sent, in the language active now) as a CSV download."""
    language = translation.get_language()
    writer = csv.writer(_Echo())

    def lines():
        with translation.override(language):  # the body is written after the view has returned
            yield "\ufeff" + writer.writerow([str(header) for header in headers])
            for row in rows:
                yield writer.writerow([csv_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _xlsx_cell(sheet, value):
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = XLSX_FORMATS[type(value)]
        return cell
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def xlsx_response(headers, rows, *, name, title):
    """`rows` as an XLSX download: one sheet named `title`, right to left in Arabic, written as rows come."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.sheet_view.rightToLeft = translation.get_language_bidi()
    sheet.append([str(header) for header in headers])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    output = tempfile.TemporaryFile()
    workbook.save(output)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename=name, content_type=XLSX_TYPE)
