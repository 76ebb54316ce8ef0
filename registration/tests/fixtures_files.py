"""Registration lists built in code, as organisers send them: xlsx with title lines and merged cells, CSV in
UTF-8, UTF-8 with BOM or Windows-1256 separated by semicolons. No binary fixtures in the repository."""

import csv
import datetime
import io

import openpyxl

from people.fakes import population
from registration.importing import columns
from registration.importing.reading import NAME_PARTS

# The lists built here write whole names (lists with a name in two columns: test_import_names.py).
SPLIT_NAMES = {part for parts in NAME_PARTS.values() for part in parts}
WHOLE_NAMES = [c for c in columns() if c["key"] not in SPLIT_NAMES]
KEYS = [c["key"] for c in WHOLE_NAMES]
HEADERS_AR = [c["ar"] for c in WHOLE_NAMES]
HEADERS_FR = [c["fr"] for c in WHOLE_NAMES]
TITLE = "لائحة المشاركات والمشاركين في القافلة التحسيسية - طنجة 2025"


def row(**cells):
    """A correct row (eligible for tanger-2025): a woman of Tanger-Assilah, member of a young cooperative."""
    values = {
        "full_name_ar": "فاطمة الزهراء العلمي",
        "full_name_latin": "Fatima Zahra El Alami",
        "cin": "KB123456",
        "sex": "أنثى",
        "birth_date": "12/03/1990",
        "phone": "0612345678",
        "province": "طنجة أصيلة",
        "commune": "",
        "community": "أولاد أحمد",
        "profile": "عضوة تعاونية",
        "cooperative_name": "تعاونية النحل",
        "cooperative_founded": "01/06/2023",
        "sector": "العسل",
        "project_idea": "",
    }
    return {**values, **cells}


def khadija(**cells):
    """A project holder of Tétouan."""
    values = {
        "full_name_ar": "خديجة البقالي",
        "full_name_latin": "Khadija Bakkali",
        "cin": "L234567",
        "birth_date": "20/07/1985",
        "phone": "+212 661 23 45 67",
        "province": "Tétouan",
        "community": "أولاد علي",
        "profile": "حاملة مشروع",
        "cooperative_name": "",
        "cooperative_founded": "",
        "sector": "",
        "project_idea": "تربية النحل وبيع العسل",
    }
    return row(**{**values, **cells})


# The list used end to end: (expected outcome, expected decision, expected reasons, row cells).
# Rows are numbered from 2 (the header is row 1) when the file has no title lines.
LIST = [
    ("created", "accepted", [], row()),
    ("created", "accepted", [], khadija()),
    (
        "created",
        "ineligible",
        ["outside_region"],
        row(
            full_name_ar="مريم الفاسي",
            full_name_latin="Meryem Fassi",
            cin="C345678",
            phone="0623456789",
            province="فاس",
            cooperative_founded="2024-01-01",
        ),
    ),  # fmt: skip
    (
        "created",
        "ineligible",
        ["cooperative_too_old"],
        row(
            full_name_ar="نعيمة الخمليشي",
            full_name_latin="Naima Khamlichi",
            cin="K456789",
            phone="0634567890",
            cooperative_name="تعاونية الأمل",
            cooperative_founded="04/02/2022",
        ),
    ),  # fmt: skip
    ("invalid", None, ["invalid_cin"], row(full_name_ar="سعاد المودن", cin="ك123456", phone="")),
    ("invalid", None, ["invalid_phone"], row(full_name_ar="حنان الريفي", cin="R567890", phone="12345")),
    ("invalid", None, ["missing_name"], row(full_name_ar="", full_name_latin="", cin="Z678901")),
    (
        "invalid",
        None,
        ["unknown_province"],
        row(full_name_ar="هدى الوزاني", cin="GN78901", province="Atlantis"),
    ),
    ("invalid", None, ["unknown_profile"], row(full_name_ar="سلمى الزياني", cin="LA89012", profile="طالبة")),
    ("duplicate", None, ["duplicate_in_file"], row(full_name_latin="FATIMA-ZAHRA ALAMI", cin="kb 123 456")),
    (
        "created",
        "needs_review",
        ["missing_cin", "possible_duplicate"],
        khadija(full_name_ar="", full_name_latin="Khadidja El Bakkali", cin=""),
    ),
    (
        "created",
        "needs_review",
        ["missing_cin"],
        row(
            full_name_ar="زينب التمسماني",
            full_name_latin="Zineb Temsamani",
            cin="",
            phone="0645678901",
            birth_date="1988",
        ),
    ),  # fmt: skip
]
EXPECTED = [(outcome, decision, reasons) for outcome, decision, reasons, _ in LIST]


def cells_of(rows, keys=KEYS):
    return [[values.get(key, "") for key in keys] for values in rows]


def xlsx_bytes(rows, *, headers=HEADERS_AR, titles=(), extra=None, blank_after=None, merge_province=False):
    """An xlsx list: title lines (merged across the table), the header, the rows. `extra` adds an unknown
    column (header, values); `blank_after` inserts an empty row (with only a serial number) after that
    index; `merge_province` writes each run of equal provinces once, in a merged cell."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "المسجلون"
    width = len(headers) + (1 if extra else 0)
    for title in titles:
        sheet.append([title])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=width)
    sheet.append(list(headers) + ([extra[0]] if extra else []))
    lines = cells_of(rows)  # headers are given in the order of KEYS
    for index, cells in enumerate(lines):
        cells = [_excel(value) for value in cells]
        sheet.append(cells + ([extra[1][index]] if extra else []))
        if blank_after == index:
            sheet.append([None] * len(headers) + ([index + 100] if extra else []))
    if merge_province:
        _merge_runs(sheet, KEYS.index("province") + 1, first=len(titles) + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows, *, encoding="utf-8", separator=",", headers=HEADERS_FR, titles=()):
    """A CSV list (headers in the order of KEYS) as a spreadsheet exports it (`utf-8-sig` for the BOM, `cp1256` for Windows Arabic)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=separator)
    for title in titles:
        writer.writerow([title])
    writer.writerow(headers)
    writer.writerows(cells_of(rows))
    return out.getvalue().encode(encoding)


def fake_rows(count, seed=2025):
    """`count` rows of `people.fakes` people (with their duplicates, namesakes and relatives)."""
    rows = []
    provinces = {"MA-TNG": "طنجة أصيلة", "MA-TET": "Tétouan", "MA-LAR": "Larache", "MA-HOC": "الحسيمة"}
    provinces |= {"MA-CHE": "Chefchaouen", "MA-OUZ": "وزان", "MA-MDF": "M'diq-Fnideq", "MA-FAH": "Fahs-Anjra"}
    for number, fake in enumerate(population(count, seed)):
        holder = number % 3 == 0
        rows.append(
            {
                "full_name_ar": fake.full_name_ar,
                "full_name_latin": fake.full_name_latin,
                "cin": fake.cin,
                "sex": "أنثى" if fake.gender == "f" else "ذكر",
                "birth_date": fake.birth_date or fake.birth_year,
                "phone": "0" + fake.phone[4:] if fake.phone else "",
                "province": provinces[fake.province],
                "community": "أولاد علي",
                "profile": "حامل مشروع" if holder else "عضو تعاونية",
                "cooperative_name": "" if holder else f"تعاونية {number % 400}",
                "cooperative_founded": ""
                if holder
                else datetime.date(2019 + number % 6, 1 + number % 12, 10),
                "sector": "العسل" if number % 2 else "",
                "project_idea": "تربية النحل" if holder else "",
            }
        )
    return rows


def _excel(value):
    """Dates written as dd/mm/yyyy become real Excel dates, as most lists have them."""
    if isinstance(value, str) and len(value) == 10 and value[2] == "/" and value[5] == "/":
        day, month, year = value.split("/")
        return datetime.date(int(year), int(month), int(day))
    return value if value != "" else None


def _merge_runs(sheet, column, first):
    start = first
    for number in range(first + 1, sheet.max_row + 2):
        same = number <= sheet.max_row and sheet.cell(number, column).value == sheet.cell(start, column).value
        if same:
            sheet.cell(number, column).value = None
            continue
        if number - 1 > start:
            sheet.merge_cells(start_row=start, start_column=column, end_row=number - 1, end_column=column)
        start = number


def write(tmp_path, data, name="list.xlsx"):
    """The list's bytes saved as a file of that name."""
    path = tmp_path / name
    path.write_bytes(data)
    return path


def decisions(report):
    """(outcome, decision, reasons) of each row of an import report."""
    return [(r["outcome"], r["decision"], r["reasons"]) for r in report["rows"]]
