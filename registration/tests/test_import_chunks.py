"""A list imported in chunks, each committed (or, in a preview, rolled back) on its own: the same answers as in
one transaction, registrations made between two chunks counted, and a failure part-way said and made good."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection, connections
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from caravans.models import Caravan
from core.models import AuditEntry
from core.tests.jobs import run_due_jobs
from people.models import Channel, Cooperative, Person
from registration.importing import ImportStopped, import_registrations, lists, uploads, work
from registration.models import Registration
from registration.services import RegistrationBatch, register

from .factories import person
from .fixtures_files import decisions, fake_rows, row, write, xlsx_bytes

CHUNK = 20


@pytest.fixture
def chunks(monkeypatch):
    """Chunks of CHUNK rows (a list of a hundred rows: five chunks), batches of 7 within them."""
    monkeypatch.setattr(lists, "CHUNK_ROWS", CHUNK)
    monkeypatch.setattr(lists, "BATCH_ROWS", 7)


def a_list():
    """Fake people with their duplicates, namesakes and relatives, and what crosses a chunk's edge: the second
    half of the list repeats people of the first, and a cooperative first named without its founding date
    is named again with it three chunks later."""
    rows = fake_rows(90, seed=3)
    rows[5] = row(cin="KB900001", full_name_ar="سعاد المرابط", full_name_latin="Souad Mrabet",
                  phone="0622222201", cooperative_name="تعاونية الأمل", cooperative_founded="")  # fmt: skip
    rows[70] = row(cin="KB900002", full_name_ar="نزهة الوزاني", full_name_latin="Nezha Ouazzani",
                   phone="0622222202", cooperative_name="تعاونية الأمل")  # fmt: skip
    # a new cooperative, named by two rows of a batch
    rows[8] = {**rows[8], **{key: rows[7][key] for key in ("cooperative_name", "province")}}
    return rows + [rows[3], rows[5], rows[12]]


def counts():
    return Person.objects.count(), Registration.objects.count(), Cooperative.objects.count()


def places_left(caravan, left):
    Caravan.objects.filter(pk=caravan.pk).update(capacity=caravan.registrations.accepted().count() + left)


def first_full(report):
    """The row number of the first row waitlisted because the caravan was full."""
    return next(r["row"] for r in report["rows"] if "capacity_full" in r["reasons"])


def test_a_preview_in_chunks_answers_every_row_as_one_transaction_does(demo, tmp_path, monkeypatch):
    path = write(tmp_path, xlsx_bytes(a_list()))
    places_left(demo, 12)
    whole = import_registrations(demo, path, dry_run=True)  # 93 rows: one chunk (FIRST_CHUNK_ROWS)
    before = counts()
    monkeypatch.setattr(lists, "CHUNK_ROWS", CHUNK)
    monkeypatch.setattr(lists, "BATCH_ROWS", 7)
    chunked = import_registrations(demo, path, dry_run=True)
    assert counts() == before and not AuditEntry.objects.filter(action="registration.imported").exists()
    assert decisions(chunked) == decisions(whole) and chunked["summary"] == whole["summary"]
    # What crosses a chunk's edge happened: the last rows repeat people of the first chunk, the caravan
    # fills up beyond the first chunk, and the cooperative is completed in the fourth.
    assert [r["reasons"] for r in chunked["rows"][-3:]] == [["duplicate_in_file"]] * 3
    assert first_full(chunked) > 2 + CHUNK and chunked["summary"]["accepted"] == 12
    assert chunked["rows"][70]["outcome"] == "created"
    # and the import itself, in chunks too, decides as its preview said
    imported = import_registrations(demo, path)
    assert decisions(imported) == decisions(chunked)
    assert Cooperative.objects.get(name_ar="تعاونية الأمل").founded_on is not None


def test_an_import_in_chunks_inserts_its_rows_by_batches(demo, tmp_path, monkeypatch):
    rows = fake_rows(200, seed=5)
    # a new cooperative, named by two rows of a batch
    rows[8] = {**rows[8], **{key: rows[7][key] for key in ("cooperative_name", "province")}}
    path = write(tmp_path, xlsx_bytes(rows))
    monkeypatch.setattr(lists, "CHUNK_ROWS", 100)
    monkeypatch.setattr(lists, "MIN_CHUNK_ROWS", 100)  # chunks of 100 rows, however long they take
    with CaptureQueriesContext(connection) as queries:
        report = import_registrations(demo, path)
    assert report["summary"]["created"] > 150
    assert len(queries) < len(rows)  # a few per table and batch; a batch redone row by row: a dozen a row


def test_registrations_made_between_chunks_are_counted_and_met(demo, tmp_path, chunks):
    rows = fake_rows(60, seed=4)
    rows[50] = row(
        cin="KB900003", full_name_ar="حليمة الريفي", full_name_latin="Halima Rifi", phone="0622222203"
    )
    path = write(tmp_path, xlsx_bytes(rows))
    places_left(demo, 30)
    from_the_form = []

    def between_chunks(done, total):
        if not from_the_form:  # after the first chunk, someone of the third takes the last place
            places_left(demo, 1)
            halima = person(cin="KB900003", full_name_ar="حليمة الريفي", full_name_latin="Halima Rifi")
            from_the_form.append(
                register(demo, halima, profile="project_holder", channel=Channel.SELF, project_idea="عسل")
            )

    report = import_registrations(demo, path, progress=between_chunks)
    assert from_the_form[0].decision == "accepted"
    assert demo.registrations.accepted().count() == Caravan.objects.get(pk=demo.pk).capacity
    later = [r for r in report["rows"] if r["row"] > 2 + CHUNK]
    assert "accepted" not in {r["decision"] for r in later} and first_full(report) > 2 + CHUNK
    assert report["rows"][50]["outcome"] == "duplicate" and report["rows"][50]["reasons"] == [
        "already_registered"
    ]
    assert Person.objects.filter(cin="KB900003").count() == 1


def failing_from_chunk(monkeypatch, chunk):
    """The caravan's lock not obtained from the `chunk`-th chunk on (SQLite's busy timeout run out)."""
    relock, calls = RegistrationBatch.relock, []

    def busy(batch):
        calls.append(1)
        if len(calls) >= chunk - 1:
            raise OperationalError("database is locked")
        relock(batch)

    monkeypatch.setattr(RegistrationBatch, "relock", busy)
    return lambda: monkeypatch.setattr(RegistrationBatch, "relock", relock)


def test_an_import_stopped_part_way_keeps_its_chunks_and_the_same_file_imports_the_rest(
    demo, tmp_path, chunks, monkeypatch
):
    path = write(tmp_path, xlsx_bytes(a_list()))
    places_left(demo, 12)
    whole = import_registrations(demo, path, dry_run=True)
    repaired = failing_from_chunk(monkeypatch, 3)
    with pytest.raises(ImportStopped) as stopped:
        import_registrations(demo, path)
    kept = stopped.value.report
    assert stopped.value.stopped_at == 2 + 2 * CHUNK and stopped.value.cause == "OperationalError"
    assert [r["row"] for r in kept["rows"]] == list(range(2, 2 + 2 * CHUNK))
    assert decisions(kept) == decisions(whole)[: 2 * CHUNK]
    created = kept["summary"]["created"]
    assert demo.registrations.filter(channel=Channel.IMPORT).count() == created > 0
    audited = AuditEntry.objects.get(action="registration.import_stopped")
    assert audited.details["stopped_at"] == 2 + 2 * CHUNK and audited.details["summary"] == kept["summary"]

    repaired()
    again = import_registrations(demo, path)
    before, after = again["rows"][: 2 * CHUNK], again["rows"][2 * CHUNK :]
    imported_before = [
        ("unchanged" if r["outcome"] == "created" else r["outcome"], r["decision"]) for r in kept["rows"]
    ]
    assert [(r["outcome"], r["decision"]) for r in before] == imported_before
    assert decisions({"rows": after}) == decisions(whole)[2 * CHUNK :]
    assert demo.registrations.filter(channel=Channel.IMPORT).count() == whole["summary"]["created"]
    assert demo.registrations.accepted().count() == Caravan.objects.get(pk=demo.pk).capacity


def test_the_page_says_which_rows_were_imported_and_where_it_stopped(
    personas, demo, tmp_path, settings, chunks, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = personas["organiser"]
    data = xlsx_bytes(a_list())
    upload = SimpleUploadedFile("liste.xlsx", data)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("registration:staff_import", args=[demo.slug]), {"file": upload})
    run_due_jobs()
    status = reverse("registration:staff_import_status", args=[demo.slug])
    preview = client.get(status)
    failing_from_chunk(monkeypatch, 4)
    with TestCase.captureOnCommitCallbacks(execute=False):
        client.post(
            reverse("registration:staff_import_confirm", args=[demo.slug]),
            {"token": preview.context["token"]},
        )
    pending = client.session[f"registration.import.{demo.pk}"]
    with pytest.raises(ImportStopped):
        work.run(work.IMPORT, demo.pk, pending["token"], pending["name"], None)
    assert uploads.kept(pending) is None  # the list is not kept after a failure either
    page = client.get(status).content.decode()
    said = page[page.index('role="alert"') :]
    said = said[: said.index("</div>")]
    last = 2 + 3 * CHUNK - 1
    assert all(str(number) in said for number in (2, last, last + 1)) and "OperationalError" in said


def test_chunks_hold_the_lock_shortly_while_others_write_and_longer_while_nobody_does():
    # 100 rows held the lock 0.2 s: the next chunk holds it about as long as asked, at the same pace...
    assert lists._next_size(100, 0.2, lists.CHUNK_HOLD) == int(100 * lists.CHUNK_HOLD / 0.2)
    # ... never below the rows that make a chunk worth its own queries
    assert lists._next_size(100, 5.0, lists.CHUNK_HOLD) == lists.MIN_CHUNK_ROWS
    # while nobody else writes, it grows, at most twice as large at a time, up to the most
    assert lists._next_size(100, 0.2, lists.QUIET_HOLD) == 200
    assert lists._next_size(800, 0.2, lists.QUIET_HOLD) == lists.CHUNK_ROWS


@pytest.mark.django_db(transaction=True)  # the pause is made between committed chunks only
@pytest.mark.skipif(connection.vendor != "sqlite", reason="only SQLite's one write lock needs the pause")
def test_the_pause_between_chunks_lets_a_waiting_writer_in_and_says_so():
    def check_in():  # another connection (a thread has its own), as a check-in from the web server
        try:
            AuditEntry.objects.create(action="test.written_during_pause")
        finally:
            connections["default"].close()

    writer = threading.Timer(0.01, check_in)
    writer.start()
    assert lists._let_others_write(held=0.05) is True  # the writer's commit, seen by SQLite's data_version
    writer.join()
    assert AuditEntry.objects.filter(action="test.written_during_pause").exists()
    assert lists._let_others_write(held=0.05) is False  # nobody wrote: the import may hold the lock longer
