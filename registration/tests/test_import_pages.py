"""Importing a registration list from the staff pages: upload, a preview of every row, then the import."""

import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils.html import escape

from core.models import AuditEntry
from core.tests.jobs import run_due_jobs
from people.models import Person
from registration.importing import views as import_views
from registration.models import Registration
from registration.reasons import REASONS, message
from registration.services import register

from .factories import person
from .fixtures_files import LIST, csv_bytes, row, xlsx_bytes

ROWS = [cells for *_, cells in LIST]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload_url(caravan):
    return reverse("registration:staff_import", args=[caravan.slug])


def confirm_url(caravan):
    return reverse("registration:staff_import_confirm", args=[caravan.slug])


def a_list(data=None, name="liste-tanger.xlsx"):
    return SimpleUploadedFile(name, xlsx_bytes(ROWS) if data is None else data, content_type=XLSX)


def counted():
    return Person.objects.count(), Registration.objects.count()


def status_url(caravan):
    return reverse("registration:staff_import_status", args=[caravan.slug])


def worked(client, caravan, url, data):
    """The page once the worker has run the job the post queued (or the post's answer, when it queued none)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, data)
    if response.status_code != 302 or response.url != status_url(caravan):
        return response
    run_due_jobs()
    return client.get(status_url(caravan))


def previewed(client, caravan, data=None, name="liste-tanger.xlsx"):
    return worked(client, caravan, upload_url(caravan), {"file": a_list(data, name)})


def confirmed(client, caravan, preview, **fields):
    return worked(client, caravan, confirm_url(caravan), {"token": preview.context["token"], **fields})


def kept_files(media):
    folder = media / "imports"
    files = sorted(folder.rglob("*")) if folder.exists() else []
    return [p for p in files if p.is_file() and p.name not in ("state.json", "report.json")]


def test_it_previews_every_row_and_saves_nothing(personas, demo, media):
    before = counted()
    response = previewed(personas["organiser"], demo)
    assert response.status_code == 200 and counted() == before
    rows = response.context["rows"]
    assert [r["number"] for r in rows] == list(range(2, 2 + len(ROWS)))
    assert [(r["outcome"], r["decision"] or None) for r in rows] == [(o, d) for o, d, *_ in LIST]
    page = response.content.decode()
    for cells in ROWS:
        assert (cells["full_name_ar"] or cells["full_name_latin"]) in page
    assert response.context["summary"]["created"] == 6 and confirm_url(demo) in page
    assert escape(message("invalid_cin", "ar")) in page and escape(message("outside_region", "ar")) in page
    assert len(kept_files(media)) == 1


def test_it_says_the_reasons_in_the_active_language(personas, demo):
    client = personas["organiser"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = previewed(client, demo).content.decode()
    assert escape(message("invalid_cin", "fr")) in page and escape(message("invalid_cin", "ar")) not in page


def test_it_lists_the_columns_it_does_not_know(personas, demo):
    data = xlsx_bytes([row()], extra=("ملاحظات", ["تتصل مساء"]))
    response = previewed(personas["organiser"], demo, data)
    assert response.context["ignored_columns"] == ["ملاحظات"] and "ملاحظات" in response.content.decode()


def test_it_imports_the_previewed_rows_on_confirmation(personas, demo, media):
    client = personas["organiser"]
    preview = previewed(client, demo)
    response = confirmed(client, demo, preview)
    assert response.status_code == 200 and counted() == (6, 6)
    assert set(demo.registrations.values_list("channel", flat=True)) == {"import"}
    assert not response.context["changed"]
    assert reverse("registration:staff_registrations", args=[demo.slug]) in response.content.decode()
    entry = AuditEntry.objects.get(action="registration.imported")
    assert entry.actor.username == "organiser" and entry.details["file"] == "liste-tanger.xlsx"
    assert kept_files(media) == []


def test_it_imports_a_csv_list(personas, demo):
    client = personas["coordinator"]
    preview = previewed(client, demo, csv_bytes(ROWS[:2], separator=";"), name="liste.csv")
    assert [r["outcome"] for r in preview.context["rows"]] == ["created", "created"]
    confirmed(client, demo, preview)
    assert counted() == (2, 2)


def test_it_says_when_the_import_decided_otherwise_than_the_preview(personas, demo):
    client = personas["organiser"]
    preview = previewed(client, demo)
    fatima = person(cin="KB123456", full_name_ar="فاطمة الزهراء العلمي")
    register(demo, fatima, profile="project_holder", channel="staff", project_idea="تربية النحل")
    response = confirmed(client, demo, preview)
    assert response.context["changed"] and response.context["rows"][0]["outcome"] == "duplicate"
    assert response.context["previewed"]["rows"] == len(ROWS)


def test_it_imports_a_preview_once(personas, demo):
    client = personas["organiser"]
    preview = previewed(client, demo)
    confirmed(client, demo, preview)
    again = confirmed(client, demo, preview)
    assert again.status_code == 302 and again["Location"] == upload_url(demo)
    assert counted() == (6, 6)


def test_it_imports_nothing_without_a_preview(personas, demo):
    response = personas["organiser"].post(confirm_url(demo), {"token": "x" * 32})
    assert response.status_code == 302 and counted() == (0, 0)


def test_it_forgets_the_previous_file_when_another_is_uploaded(personas, demo, media):
    client = personas["organiser"]
    first = previewed(client, demo)
    second = previewed(client, demo, xlsx_bytes(ROWS[:1]))
    assert len(kept_files(media)) == 1
    assert confirmed(client, demo, first).status_code == 302 and counted() == (0, 0)
    confirmed(client, demo, second)
    assert counted() == (1, 1)


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01\x02 not a list", b"nom;date\nFatima;2020\n", b"   "],
    ids=["binary", "no-header-row", "empty"],
)
def test_it_shows_an_unusable_file_error_and_saves_nothing(personas, demo, media, data):
    response = previewed(personas["organiser"], demo, data, name="liste.csv")
    assert response.status_code == 200 and response.context["refusal"]
    assert "rows" not in response.context and "<table" not in response.content.decode()
    assert counted() == (0, 0) and kept_files(media) == []


def test_it_refuses_a_file_larger_than_the_importer_takes(personas, demo, media, monkeypatch):
    monkeypatch.setattr(import_views, "MAX_BYTES", 1000)
    response = previewed(personas["organiser"], demo)
    assert response.context["form"].errors["file"] and kept_files(media) == []


def test_it_puts_no_cin_or_phone_in_any_url_or_page(personas, demo):
    client = personas["organiser"]
    preview = previewed(client, demo)
    done = confirmed(client, demo, preview)
    pages = preview.content.decode() + done.content.decode()
    for code in REASONS:  # the sentences' own examples ("0612345678") are no one's number
        pages = pages.replace(escape(message(code, "ar")), "")
    links = re.findall(r'(?:href|action)="([^"]*)"', pages) + [done.request["PATH_INFO"]]
    for cells in ROWS:
        secrets = [s for s in (cells["cin"], cells["phone"], cells["phone"].lstrip("0")) if len(s) > 4]
        assert not any(s in link for s in secrets for link in links)
        assert not any(s in pages for s in secrets)


@pytest.mark.parametrize("persona", ["trainer", "agent"])
def test_it_refuses_roles_that_may_not_import(personas, demo, persona):
    client = personas[persona]
    assert client.get(upload_url(demo)).status_code == 403
    assert client.post(upload_url(demo), {"file": a_list()}).status_code == 403
    assert client.post(confirm_url(demo), {"token": "x" * 32}).status_code == 403
    assert counted() == (0, 0)


def test_it_sends_anonymous_visitors_to_the_login_page(personas, demo):
    for response in (
        personas["anonymous"].get(upload_url(demo)),
        personas["anonymous"].post(confirm_url(demo)),
    ):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
