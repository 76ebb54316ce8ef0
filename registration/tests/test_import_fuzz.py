"""Generated lists, as hostile or careless as they come (sparse sheets, far cells, merged cells, formulas, Excel
dates, huge cells, direction marks, stray spaces, every encoding and separator): each is refused with one clear
line and nothing written, or imported correctly. Never a crash, a hang or a partial write."""

import datetime
import io
import time

import openpyxl
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from core.models import AuditEntry
from people.models import Person
from registration.importing import ImportRefused, import_registrations
from registration.models import Registration

from .fixtures_files import HEADERS_AR, HEADERS_FR, KEYS, csv_bytes, row, write

SECONDS = 10  # one generated list, read and imported: far more than any takes
BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\ufeff"

names = st.sampled_from(["فاطمة العلمي", "Khadija Bakkali", "أمينة  أيت  الحاج", "Zineb Aït Ali", "محمد"])
noisy_names = st.builds(
    lambda name, mark, spaces: spaces + mark + name + mark[::-1] + spaces,
    names,
    st.text(BIDI, max_size=3),
    st.sampled_from(["", " ", "\t", "\u00a0"]),
)
cells = st.one_of(
    names,
    noisy_names,
    st.sampled_from(["=1+1", '=HYPERLINK("http://x","y")', "@SUM(A1)", "+212612345678", "-", "", None]),
    st.dates(datetime.date(1940, 1, 1), datetime.date(2024, 12, 31)),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=False, width=32),
    st.text(max_size=30),
    st.just("س" * 40_000),  # beyond Excel's 32,767: a cell no list has
)


@st.composite
def lists(draw):
    """(rows as {key: cell}, how many are correct rows whose name only carries marks and spaces); the other
    rows hold anything."""
    rows, correct = [], 0
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.booleans()):
            rows.append(row(cin="", phone="", full_name_ar=draw(noisy_names), full_name_latin=""))
            correct += 1
        else:
            values = row(cin="", phone="") if draw(st.booleans()) else {}
            rows.append({**values, **draw(st.dictionaries(st.sampled_from(KEYS), cells, max_size=5))})
    return rows, correct


@st.composite
def xlsx_files(draw):
    rows, correct = draw(lists())
    book = openpyxl.Workbook()
    sheet = book.active
    for _ in range(draw(st.integers(0, 3))):
        sheet.append([draw(st.sampled_from(["لائحة المشاركين", "", None, "Liste  "]))])
    sheet.append(list(draw(st.sampled_from([HEADERS_AR, HEADERS_FR]))))
    for values in rows:
        sheet.append([_excel(values.get(key)) for key in KEYS])
    if rows and draw(st.booleans()):
        first = sheet.max_row - len(rows) + 1
        sheet.merge_cells(start_row=first, start_column=7, end_row=sheet.max_row, end_column=7)
        correct = 0  # the first row's province, whatever it is, is now every row's
    far_row = draw(st.sampled_from([None, 60, 50_011, 1_048_576]))
    if far_row:
        sheet.cell(far_row, draw(st.sampled_from([1, 14, 101, 16_384])), "x")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), "list.xlsx", correct


@st.composite
def csv_files(draw):
    rows, correct = draw(lists())
    rows = [{key: _text(value) for key, value in values.items()} for values in rows]
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1256", "utf-16", "mixed"]))
    separator = draw(st.sampled_from([",", ";", "\t"]))
    headers = draw(st.sampled_from([HEADERS_AR, HEADERS_FR]))
    if encoding == "mixed":
        data = csv_bytes(rows, separator=separator, headers=headers)
        data += csv_bytes([row()], separator=separator, headers=headers, encoding="cp1256").split(b"\r\n", 1)[
            1
        ]
    else:
        text = csv_bytes(rows, separator=separator, headers=headers).decode()
        data = text.encode(encoding, errors="replace")
    return data + b"\r\n" * draw(st.sampled_from([0, 3, 200_000])), "list.csv", correct


def _excel(value):
    """What Excel can hold: 32,767 characters, no control characters."""
    return ILLEGAL_CHARACTERS_RE.sub("", value[:32_767]) if isinstance(value, str) else value


def _text(value):
    return "" if value is None else str(value)


def written():
    return Person.objects.count(), Registration.objects.count(), AuditEntry.objects.count()


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(file=st.one_of(xlsx_files(), csv_files()))
def test_a_generated_list_is_refused_cleanly_or_imported_correctly(demo, tmp_path, file):
    data, name, correct = file
    path = write(tmp_path, data, name)
    before = written()
    start = time.monotonic()
    try:
        report = import_registrations(demo, path, messages=False)
    except ImportRefused as refusal:
        event(f"refused: {str(refusal).split(':')[0]}")
        assert str(refusal) and "\n" not in str(refusal)
        assert written() == before
        return
    finally:
        assert time.monotonic() - start < SECONDS
    summary = report["summary"]
    event(f"imported: {'some' if summary['created'] else 'none'} created")
    assert summary["rows"] == len(report["rows"])
    assert (
        sum(summary[key] for key in ("created", "updated", "unchanged", "duplicate", "invalid"))
        == summary["rows"]
    )
    assert summary["invalid"] <= summary["rows"] - correct  # marks and spaces never make a row unreadable
    created = [r["registration_id"] for r in report["rows"] if r["outcome"] == "created"]
    assert Registration.objects.filter(pk__in=created).count() == len(created)
    assert written()[1] == before[1] + len(created)
    for person in Person.objects.filter(registrations__pk__in=created):
        for text in (person.full_name_ar, person.full_name_latin):
            assert text == text.strip() and not set(text) & set(BIDI) and "  " not in text
