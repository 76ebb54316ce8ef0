"""Issue #13: every date in Arabic uses the month names of Morocco (غشت, not أغسطس), day first, on a 24-hour
clock, in pages, PDFs, spreadsheets and form widgets; French uses the standard French names."""

import datetime
import io
import re

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation
from openpyxl import load_workbook

from caravans.models import Caravan, Day
from documents.testing import pages_text
from projects.finance.forms import PlanForm
from registration.services import register
from registration.tests.factories import person

FIRSTS = [datetime.date(2025, month, 1) for month in range(1, 13)]
MOROCCAN = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "ماي",
    "يونيو",
    "يوليوز",
    "غشت",
    "شتنبر",
    "أكتوبر",
    "نونبر",
    "دجنبر",
]
FRENCH = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]  # fmt: skip
# The Mashreqi names Django's `ar` catalogue uses; يوليو alone, since يوليوز begins with it.
MASHREQI = re.compile(r"مايو|يوليو(?!ز)|أغسطس|سبتمبر|نوفمبر|ديسمبر|إبريل")


def moroccan_only(text):
    """Assert that `text` names every month as in Morocco and never as in the Mashriq."""
    assert [name for name in MOROCCAN if name not in text] == []
    assert MASHREQI.findall(text) == []


@pytest.fixture
def twelve_months(demo):
    """The demo caravan stretched over 2025, with a day on the first of each month."""
    Caravan.objects.filter(pk=demo.pk).update(start_date=FIRSTS[0], end_date=FIRSTS[-1])
    for day in FIRSTS:
        Day.objects.get_or_create(caravan=demo, date=day)
    demo.refresh_from_db()
    return demo


@pytest.fixture
def arabic():
    client = Client()
    client.cookies["django_language"] = "ar"
    return client


@pytest.mark.parametrize(("language", "names"), [("ar", MOROCCAN), ("fr", FRENCH)])
def test_it_writes_every_month_in_each_format_as_the_language_does(language, names):
    with translation.override(language):
        for day, name in zip(FIRSTS, names, strict=True):
            assert formats.date_format(day, "j F Y") == f"1 {name} 2025"
            for letter in "NEb":  # abbreviated (AP), alternative and three-letter month names
                written = formats.date_format(day, letter)
                assert written == name if language == "ar" else written.lower()[:3] == name[:3]
        assert formats.date_format(FIRSTS[7]) == ("1 غشت 2025" if language == "ar" else "1 août 2025")
        assert formats.date_format(FIRSTS[7], "SHORT_DATE_FORMAT") == "01/08/2025"
        # 1 December at 20:48 once read "12/01/2026 8:48 م" (month first, 12-hour clock) on staff pages.
        evening = datetime.datetime(2026, 12, 1, 20, 48)
        assert formats.date_format(evening, "SHORT_DATETIME_FORMAT") == "01/12/2026 20:48"
        assert formats.time_format(evening.time()) == "20:48"


def test_the_public_page_names_the_days_of_every_month_as_in_morocco(twelve_months, arabic):
    page = arabic.get(f"/caravans/{twelve_months.slug}/").content.decode()
    moroccan_only(page)
    assert "الجمعة 1 غشت 2025" in page


def test_the_programme_pdf_names_the_days_of_every_month_as_in_morocco(twelve_months, arabic):
    response = arabic.get(f"/caravans/{twelve_months.slug}/programme.pdf?lang=ar")
    assert response.status_code == 200
    moroccan_only(" ".join(pages_text(response.content)))


def test_the_report_pdf_and_workbook_name_the_days_of_every_month_as_in_morocco(twelve_months, personas):
    client = personas["organiser"]
    pdf = client.get(f"/staff/caravans/{twelve_months.slug}/report.pdf", {"lang": "ar"})
    moroccan_only(" ".join(pages_text(pdf.content)))
    book = load_workbook(io.BytesIO(client.get(f"/staff/caravans/{twelve_months.slug}/report.xlsx").content))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value is not None]
    moroccan_only(" ".join(str(cell.value) for cell in cells if isinstance(cell.value, str)))
    dates = [cell for cell in cells if isinstance(cell.value, datetime.datetime)]
    assert [cell.value.date() for cell in dates[:2]] == [
        FIRSTS[0],
        FIRSTS[-1],
    ]  # the caravan's first and last day
    assert {cell.number_format for cell in dates} == {"dd/mm/yyyy"}


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_the_registrations_export_writes_birth_dates_day_first(demo, personas, kind):
    for day in FIRSTS:
        register(demo, person(birth_date=day), profile="project_holder", channel="staff", project_idea="x")
    url = reverse(f"registration:staff_registrations_{kind}", args=[demo.slug])
    content = b"".join(personas["organiser"].get(url).streaming_content)
    if kind == "csv":
        text = content.decode("utf-8-sig")
        assert all(day.strftime("%d/%m/%Y") in text for day in FIRSTS)
        assert not re.search(r"\d{4}-\d\d-\d\d", text)
        return
    sheet = load_workbook(io.BytesIO(content)).active
    dated = [
        cell
        for row in sheet.iter_rows(min_row=2)
        for cell in row
        if isinstance(cell.value, datetime.datetime)
    ]
    births = sorted(cell.value.date() for cell in dated if cell.number_format == "dd/mm/yyyy")
    assert births == FIRSTS
    assert {cell.number_format for cell in dated} == {
        "dd/mm/yyyy",
        "dd/mm/yyyy hh:mm",
    }  # birth, registered on


def test_form_widgets_show_moroccan_months_and_take_dates_day_first():
    with translation.override("ar"):
        months = str(PlanForm()["start_month"])
        moroccan_only(months)
        assert (
            str(forms.DateInput().render("on", FIRSTS[7]))
            == '<input type="text" name="on" value="01/08/2025">'
        )
        field = forms.DateField()
        assert field.clean("01/08/2025") == FIRSTS[7]
        assert field.clean("2025-08-01") == FIRSTS[7]  # what a browser's date input sends
    with translation.override("fr"):
        assert "août" in str(PlanForm()["start_month"])
