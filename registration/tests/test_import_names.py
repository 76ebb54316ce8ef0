"""Lists with the name in two columns (family name, given name), in Arabic or Latin letters, messy as they come;
and the preview saying what each column of the file was read as."""

import io

import openpyxl
import pytest
from django.conf import settings

from people.models import Person, SoulaliyateCommunity
from places.models import Province
from registration.importing import import_registrations, load_right_holders
from registration.importing.reading import match_headers, read_row, row_values
from registration.importing.spreadsheets import read_table

from . import test_import_pages as pages
from .fixtures_files import write

FATIMA_AR, FATIMA_LATIN = "فاطمة الزهراء العلمي", "Fatima Zahra El Alami"


def read(headers, cells):
    """The full names a data row gives under a header row."""
    row = read_row(row_values(match_headers(headers), cells))
    return row.full_name_ar, row.full_name_latin


@pytest.mark.parametrize(
    "family,given",
    [
        ("الاسم العائلي", "الاسم الشخصي"),
        ("النسب", "الاسم"),
        ("اللقب", "الإسم الشخصي"),
        ("الاسم العائلي", "الاسم  الشخصي "),
    ],
)
def test_it_joins_arabic_name_columns_given_name_first(family, given):
    assert read([family, given, "CIN"], ["العلمي", "فاطمة الزهراء", "KB123456"]) == (FATIMA_AR, "")


@pytest.mark.parametrize(
    "family,given",
    [
        ("Nom", "Prénom"),
        ("NOM", "PRENOM"),
        ("Nom de famille", "Prénom"),
        ("الاسم العائلي بالحروف اللاتينية", "الاسم الشخصي بالحروف اللاتينية"),
        ("الاسم العائلي بالفرنسية", "الاسم الشخصي بالفرنسية"),
    ],
)
def test_it_joins_latin_name_columns_given_name_first(family, given):
    assert read([given, family], ["Fatima Zahra", "El Alami"]) == ("", FATIMA_LATIN)


def test_it_reads_both_scripts_in_four_columns():
    headers = ["Nom", "Prénom", "الاسم العائلي", "الاسم الشخصي"]
    assert read(headers, ["El Alami", "Fatima Zahra", "العلمي", "فاطمة الزهراء"]) == (FATIMA_AR, FATIMA_LATIN)


def test_a_lone_nom_or_ism_column_holds_whole_names():
    assert match_headers(["Nom", "CIN"]).columns == {0: "full_name_latin", 1: "cin"}
    assert match_headers(["الاسم", "CIN"]).columns == {0: "full_name_ar", 1: "cin"}
    assert read(["Nom", "CIN"], [FATIMA_LATIN, "KB123456"]) == ("", FATIMA_LATIN)


def test_the_full_name_column_wins_and_the_parts_fill_in_when_it_is_empty():
    headers = ["الاسم الكامل", "الاسم العائلي", "الاسم الشخصي"]
    assert read(headers, ["فاطمة العلمي", "العلمي", "فاطمة الزهراء"]) == ("فاطمة العلمي", "")
    assert read(headers, ["", "العلمي", "فاطمة الزهراء"]) == (FATIMA_AR, "")


def test_a_name_in_two_columns_typed_in_the_other_script_is_moved():
    assert read(["الاسم العائلي", "الاسم الشخصي"], ["El Alami", "Fatima Zahra"]) == ("", FATIMA_LATIN)
    assert read(["Nom", "Prénom"], ["العلمي", "فاطمة الزهراء"]) == (FATIMA_AR, "")


def test_it_cleans_stray_spaces_and_invisible_marks_from_names():
    cells = ["  العلمي\u200f ", "\u00a0فاطمة\u00a0\u00a0 الزهراء\u200e", " EL\tALAMI ", "Fatima\u200b Zahra"]
    headers = ["الاسم العائلي", "الاسم الشخصي", "Nom", "Prénom"]
    assert read(headers, cells) == (FATIMA_AR, "Fatima Zahra EL ALAMI")


def test_it_reads_headers_written_in_both_languages_or_with_a_hint():
    headers = [
        "رقم البطاقة الوطنية / CIN",
        "N° CIN | ب.ت.و",
        "Date de naissance (jj/mm/aaaa)",
        "الاسم العائلي / Nom",
    ]
    assert list(match_headers(headers).columns.values()) == ["cin", "birth_date", "family_name_ar"]


def test_it_fills_a_family_name_merged_over_several_rows(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["لائحة المستفيدات"])
    sheet.append(["النسب", "الاسم", "رقم البطاقة الوطنية"])
    sheet.append(["العلمي", "فاطمة الزهراء", "KB123456"])
    sheet.append([None, "خديجة", "KB654321"])
    sheet.merge_cells("A3:A4")
    out = io.BytesIO()
    book.save(out)
    table = read_table(write(tmp_path, out.getvalue()), max_bytes=10**6, max_rows=100)
    names = [read_row(row_values(table.header, cells)).full_name_ar for _, cells in table.rows]
    assert names == [FATIMA_AR, "خديجة العلمي"]


def windows_arabic_csv(tmp_path):
    """A list exported by Excel on an Arabic Windows: Windows-1256, semicolons, a title line."""
    text = (
        "لائحة المشاركات;;;;;\r\n"
        "النسب;الاسم;رقم البطاقة الوطنية;الصفة;العمالة أو الإقليم;فكرة المشروع\r\n"
        " العلمي ;فاطمة  الزهراء;KB123456;حاملة مشروع;طنجة أصيلة;تربية النحل\r\n"
        "البقالي;خديجة;L234567;حاملة مشروع;تطوان;تربية النحل\r\n"
    )
    return write(tmp_path, text.encode("cp1256"), name="liste.csv")


@pytest.mark.django_db
def test_it_imports_a_windows_arabic_csv_with_the_name_in_two_columns(demo, tmp_path):
    report = import_registrations(demo, windows_arabic_csv(tmp_path))
    assert [row["outcome"] for row in report["rows"]] == ["created", "created"]
    assert sorted(Person.objects.values_list("full_name_ar", flat=True)) == sorted(
        [FATIMA_AR, "خديجة البقالي"]
    )


@pytest.mark.django_db
def test_a_members_list_with_the_name_in_two_columns_gives_whole_names(places, tmp_path):
    community = SoulaliyateCommunity.objects.create(
        province=Province.objects.get(code="MA-TNG"), name_ar="أولاد علي"
    )
    text = "Nom;Prénom;CIN\nEl Alami;Fatima Zahra;KB123456\nTazi;Khadija;\n"
    load_right_holders(community, write(tmp_path, text.encode(), name="membres.csv"))
    assert sorted(community.right_holders.values_list("full_name_latin", "cin")) == [
        (FATIMA_LATIN, "KB123456"),
        ("Khadija Tazi", ""),
    ]


# --- The preview says what each column was read as ---


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def previewed(client, caravan, data, name):
    return pages.previewed(client, caravan, data, name)


def test_the_preview_says_what_each_column_was_read_as(personas, demo, media):
    data = "Nom;Prénom;CIN;Remarques;N° CIN;الصفة\nEl Alami;Fatima Zahra;KB123456;;;حاملة مشروع\n".encode()
    response = previewed(personas["organiser"], demo, data, "liste.csv")
    assert response.context["read_as"] == [
        ("Nom", "الاسم العائلي بالحروف اللاتينية", True),
        ("Prénom", "الاسم الشخصي بالحروف اللاتينية", True),
        ("CIN", "رقم البطاقة الوطنية", True),
        ("Remarques", "لن يستورد: عمود غير معروف", False),
        ("N° CIN", "لن يستورد: سبقت قراءة هذه المعلومة من عمود سابق", False),
        ("الصفة", "الصفة", True),
    ]
    page = response.content.decode()
    assert "كيف قرئ كل عمود من أعمدة الملف" in page and "لن يستورد: عمود غير معروف" in page
    assert Person.objects.count() == 0


def test_the_preview_names_the_columns_in_french_for_a_french_reader(personas, demo, media):
    client = personas["organiser"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    data = "الاسم;النسب;Note\nفاطمة;العلمي;x\n".encode()
    response = previewed(client, demo, data, "liste.csv")
    assert response.context["read_as"] == [
        ("الاسم", "Prénom (arabe)", True),
        ("النسب", "Nom (arabe)", True),
        ("Note", "Non importée : colonne non reconnue", False),
    ]
    assert response.context["rows"][0]["name"] == ("فاطمة العلمي", "")
