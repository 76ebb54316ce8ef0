"""The registration list to download from the import page: headed in Arabic and French, explained on its second
sheet, and imported as it is once filled in."""

import datetime
import io

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registration.importing import columns
from registration.models import Registration
from registration.tests.test_import_pages import worked

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def template_url(caravan):
    return reverse("registration:staff_import_template", args=[caravan.slug])


def downloaded(client, caravan):
    response = client.get(template_url(caravan))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(response.content))


def headers(sheet):
    return [cell.value for cell in sheet[1] if cell.value]


def column_of(sheet, start):
    """The 1-based position of the header starting with `start` (its Arabic half)."""
    return next(
        number for number, text in enumerate(headers(sheet), start=1) if text.startswith(start + " /")
    )


def filled(book, rows):
    """The template with `rows` ({Arabic header: value}) typed under its header, as bytes."""
    sheet = book.worksheets[0]
    for number, values in enumerate(rows, start=2):
        for header, value in values.items():
            sheet.cell(number, column_of(sheet, header), value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_it_heads_every_column_in_arabic_and_french_with_the_name_in_two_parts(personas, demo):
    sheet = downloaded(personas["organiser"], demo).worksheets[0]
    expected = [
        f"{c['ar']} / {c['fr']}" for c in columns() if c["key"] not in ("full_name_ar", "full_name_latin")
    ]
    assert headers(sheet) == expected
    assert headers(sheet)[:4] == [
        "الاسم العائلي / Nom (arabe)",
        "الاسم الشخصي / Prénom (arabe)",
        "الاسم العائلي بالحروف اللاتينية / Nom",
        "الاسم الشخصي بالحروف اللاتينية / Prénom",
    ]
    assert sheet.max_row == 1 or all(cell.value is None for row in sheet.iter_rows(min_row=2) for cell in row)


def test_its_second_sheet_explains_each_column_in_both_languages(personas, demo):
    book = downloaded(personas["organiser"], demo)
    explained = {row[0]: row[1:] for row in book.worksheets[1].iter_rows(min_row=4, values_only=True)}
    assert list(explained) == headers(book.worksheets[0])
    assert explained["الصفة / Profil"][0] == "إلزامي / Obligatoire"
    assert explained["الهاتف / Téléphone"][0] == "اختياري / Facultatif"
    cin = explained["رقم البطاقة الوطنية / CIN"]
    assert "حرف أو حرفان" in cin[1] and "une ou deux lettres latines" in cin[2] and cin[3] == "AB123456"
    birth = explained["تاريخ الازدياد / Date de naissance"]
    assert "dd/mm/yyyy" in birth[1] and "jj/mm/aaaa" in birth[2]
    phone = explained["الهاتف / Téléphone"]
    assert "06" in phone[1] and "06" in phone[2]
    assert (
        explained["الاسم العائلي / Nom (arabe)"][0]
        == "إلزامي: بالحروف العربية أو اللاتينية / Obligatoire : en lettres arabes ou latines"
    )


def test_it_keeps_a_typed_phone_and_cin_as_text(personas, demo):
    sheet = downloaded(personas["organiser"], demo).worksheets[0]
    for start in ("رقم البطاقة الوطنية", "الهاتف"):
        assert sheet.cell(2, column_of(sheet, start)).number_format == "@"


def test_a_filled_template_is_imported_with_the_names_joined(personas, demo):
    client = personas["organiser"]
    book = downloaded(client, demo)
    fatima = {
        "الاسم العائلي": "العلمي",
        "الاسم الشخصي": "فاطمة الزهراء",
        "الاسم العائلي بالحروف اللاتينية": "EL ALAMI",
        "الاسم الشخصي بالحروف اللاتينية": "Fatima Zahra",
        "رقم البطاقة الوطنية": "KB123456",
        "الجنس": "أنثى",
        "تاريخ الازدياد": datetime.date(1990, 3, 12),
        "الهاتف": "0612345678",
        "العمالة أو الإقليم": "طنجة أصيلة",
        "الجماعة السلالية": "أولاد أحمد",
        "الصفة": "عضوة تعاونية",
        "اسم التعاونية": "تعاونية النحل",
        "تاريخ تأسيس التعاونية": datetime.date(2023, 6, 1),
        "القطاع": "العسل",
    }
    khadija = {
        "الاسم الشخصي بالحروف اللاتينية": "Khadija",
        "الاسم العائلي بالحروف اللاتينية": "Bakkali",
        "رقم البطاقة الوطنية": "L234567",
        "تاريخ الازدياد": "20/07/1985",
        "الهاتف": "+212 661 23 45 67",
        "العمالة أو الإقليم": "Tétouan",
        "الجماعة السلالية": "أولاد علي",
        "الصفة": "حاملة مشروع",
        "فكرة المشروع": "تربية النحل وبيع العسل",
    }
    nameless = {"رقم البطاقة الوطنية": "C345678", "الصفة": "حامل مشروع"}
    data = filled(book, [fatima, khadija, nameless])
    upload = SimpleUploadedFile("qafila-liste.xlsx", data, content_type=XLSX)
    preview = worked(client, demo, reverse("registration:staff_import", args=[demo.slug]), {"file": upload})
    assert [(r["outcome"], r["decision"]) for r in preview.context["rows"]] == [
        ("created", "accepted"),
        ("created", "accepted"),
        ("invalid", ""),
    ]
    assert Registration.objects.count() == 0
    worked(
        client,
        demo,
        reverse("registration:staff_import_confirm", args=[demo.slug]),
        {"token": preview.context["token"]},
    )
    people = [(r.person.full_name_ar, r.person.full_name_latin) for r in demo.registrations.order_by("pk")]
    assert people == [("فاطمة الزهراء العلمي", "Fatima Zahra EL ALAMI"), ("", "Khadija Bakkali")]


def test_the_import_page_offers_the_template(personas, demo):
    page = personas["organiser"].get(reverse("registration:staff_import", args=[demo.slug])).content.decode()
    assert template_url(demo) in page


def test_it_explains_in_both_languages_whatever_the_page_language(personas, demo):
    client = personas["organiser"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    explained = downloaded(client, demo).worksheets[1]
    assert explained.cell(1, 1).value.startswith("شخص واحد في كل سطر")
    assert explained.cell(2, 1).value.startswith("Une personne par ligne")


@pytest.mark.parametrize("persona", ["trainer", "agent"])
def test_it_refuses_the_template_to_roles_that_may_not_import(personas, demo, persona):
    assert personas[persona].get(template_url(demo)).status_code == 403


def test_it_sends_anonymous_visitors_to_the_login_page(personas, demo):
    response = personas["anonymous"].get(template_url(demo))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
