"""Lists that cannot hurt the server: a file is measured before it is read (size, rows, columns, a sheet's
declared dimension), a CSV of blank lines is read in bounded memory, a CSV mixing encodings is refused, and an
uploaded list is private (0600) and gone once refused or imported."""

import io
import os
import re
import stat
import subprocess
import sys
import textwrap
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils.html import escape

from core.tests.jobs import run_due_jobs
from people.models import Person
from registration.importing.spreadsheets import ImportRefused, read_table
from registration.models import Registration

from .fixtures_files import HEADERS_AR, csv_bytes, khadija, row, write, xlsx_bytes
from .test_import_pages import a_list, confirmed, kept_files, previewed, status_url, upload_url

LIMITS = {"max_bytes": 20 * 1024 * 1024, "max_rows": 50_000}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def sparse_xlsx(far="XFD1048576"):
    """Two cells, at A2 and `far`: a few KB that a reader makes one dense block of, A1 to `far`."""
    book = openpyxl.Workbook()
    book.active["A2"], book.active[far] = "الاسم الكامل", "x"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def declared_xlsx(dimension="A1:XFD1048576"):
    """A small correct list whose sheet declares a dimension of `dimension`."""
    data = xlsx_bytes([row()])
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for member in source.infolist():
            content = source.read(member)
            if member.filename.startswith("xl/worksheets/"):
                content = re.sub(
                    rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), content
                )
            copy.writestr(member, content)
    return out.getvalue()


def mixed_csv():
    """A list saved in UTF-8 whose last line was added by a program writing Windows-1256."""
    return (
        csv_bytes([row()], separator=";")
        + csv_bytes([khadija()], separator=";", encoding="cp1256").split(b"\r\n", 1)[1]
    )


def test_a_sparse_xlsx_of_2_kb_is_refused_in_bounded_memory(tmp_path):
    path = write(tmp_path, sparse_xlsx())
    assert path.stat().st_size < 6000
    # In a process of its own with 1.5 GB of address space: without the bound, the reader aborts it.
    code = textwrap.dedent(f"""
        import resource, django
        resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))
        django.setup()
        from registration.importing.spreadsheets import ImportRefused, read_table
        try:
            read_table({str(path)!r}, max_bytes=20 * 2**20, max_rows=50_000)
        except ImportRefused as refusal:
            print(refusal)
    """)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "qafila.settings", "QAFILA_INSECURE_DEV": "1"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "reaches row 1,048,576 and column XFD" in done.stdout and "Sheet" in done.stdout


def test_the_page_refuses_a_sheet_declared_larger_than_a_list_in_the_staff_language(personas, demo, media):
    client = personas["organiser"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = previewed(client, demo, declared_xlsx())
    assert "1048576" in response.context["refusal"] and "XFD" in response.context["refusal"]
    assert "supprimez" in response.context["refusal"].lower()
    assert (Person.objects.count(), Registration.objects.count()) == (0, 0) and kept_files(media) == []


def test_a_sheet_declaring_its_own_extent_is_read(tmp_path):
    table = read_table(write(tmp_path, declared_xlsx("A1:N2")), **LIMITS)
    assert [number for number, _ in table.rows] == [2]


def test_a_csv_of_millions_of_blank_lines_is_refused_without_reading_them(tmp_path):
    path = write(tmp_path, csv_bytes([row()]) + b"\r\n" * 9_000_000, name="list.csv")
    tracemalloc.start()
    try:
        with pytest.raises(ImportRefused, match="too large"):
            read_table(path, **LIMITS)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100 * 2**20  # the file's 18 MB and its text; not a row per line


def test_blank_lines_between_rows_are_read_and_numbered_as_the_file_numbers_them(tmp_path):
    data = csv_bytes([row()]) + b"\r\n" * 30 + csv_bytes([khadija()]).split(b"\r\n", 1)[1]
    table = read_table(write(tmp_path, data, name="list.csv"), **LIMITS)
    assert [number for number, _ in table.rows] == [2, 33]


def test_a_line_wider_than_a_list_is_refused_on_the_page(personas, demo, media):
    data = csv_bytes([row()], separator=";") + ("x;" * 5000).encode()
    response = previewed(personas["organiser"], demo, data, name="liste.csv")
    assert "5000" in response.context["refusal"] and kept_files(media) == []


def test_an_old_excel_file_is_refused_with_what_to_do(personas, demo, media):
    response = previewed(
        personas["organiser"], demo, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "l.xls"
    )
    assert ".xlsx" in response.context["refusal"] and kept_files(media) == []


def test_a_csv_mixing_utf8_and_windows_1256_is_refused_by_the_command(tmp_path, demo):
    path = write(tmp_path, mixed_csv(), name="list.csv")
    with pytest.raises(CommandError) as refused:
        call_command("import_registrations", "--caravan", demo.slug, str(path))
    assert refused.value.returncode == 2 and "\n" not in str(refused.value)
    assert "line 1 is UTF-8, line 3 is not" in str(refused.value)
    assert Registration.objects.count() == 0


def test_the_page_says_which_lines_are_in_which_encoding(personas, demo, media):
    refusal = previewed(personas["organiser"], demo, mixed_csv(), name="liste.csv").context["refusal"]
    assert "UTF-8" in refusal and "2" in refusal and "3" in refusal
    assert escape(refusal) in previewed(personas["organiser"], demo, mixed_csv(), "l.csv").content.decode()


def test_a_list_wholly_in_windows_1256_is_still_read(tmp_path):
    data = csv_bytes([row(), khadija()], separator=";", encoding="cp1256", headers=HEADERS_AR)
    table = read_table(write(tmp_path, data, name="list.csv"), **LIMITS)
    assert [cells[0] for _, cells in table.rows] == ["فاطمة الزهراء العلمي", "خديجة البقالي"]


def test_an_uploaded_list_is_private_and_removed_after_the_import(personas, demo, media):
    client = personas["organiser"]
    preview = previewed(client, demo, xlsx_bytes([row()]))
    (kept,) = kept_files(media)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE(kept.parent.stat().st_mode) == 0o700
    confirmed(client, demo, preview)
    assert kept_files(media) == [] and Registration.objects.count() == 1


def test_the_preview_runs_in_the_worker_while_the_page_shows_its_progress(personas, demo, media):
    client = personas["organiser"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        upload = client.post(upload_url(demo), {"file": a_list(xlsx_bytes([row(), khadija()]))})
    assert upload.status_code == 302 and upload.url == status_url(demo)
    waiting = client.get(status_url(demo))
    assert 'hx-trigger="every 2s"' in waiting.content.decode() and "rows" not in waiting.context
    polled = client.get(status_url(demo), headers={"HX-Request": "true"})
    assert polled.templates[0].name == "registration/import/_progress.html"
    run_due_jobs()
    assert client.get(status_url(demo), headers={"HX-Request": "true"})["HX-Refresh"] == "true"
    preview = client.get(status_url(demo))
    assert [r["outcome"] for r in preview.context["rows"]] == ["created", "created"]
    assert Registration.objects.count() == 0


def test_nothing_of_an_upload_is_left_after_its_import(personas, demo, media):
    client = personas["organiser"]
    confirmed(client, demo, previewed(client, demo, xlsx_bytes([row()])))
    assert list((media / "imports").iterdir()) == []
