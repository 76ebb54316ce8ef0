"""`qafila import-registrations --caravan SLUG FILE [--dry-run] [--report PATH]`, end to end."""

import io
import json

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import AuditEntry
from people.models import Cooperative, Person
from registration.models import Decision, DecisionRecord, Registration
from registration.services import override

from .factories import person
from .fixtures_files import (
    EXPECTED,
    LIST,
    TITLE,
    csv_bytes,
    decisions,
    fake_rows,
    khadija,
    row,
    write,
    xlsx_bytes,
)

ROWS = [cells for *_, cells in LIST]


def run(path, *args):
    """The report of one import through call_command (exit 0), read back from its JSON file."""
    out = path.parent / f"report-{len(list(path.parent.iterdir()))}.json"
    stdout = io.StringIO()
    call_command("import_registrations", "--caravan", "tanger-2025", str(path), "--report", str(out), *args,
                 stdout=stdout)  # fmt: skip
    report = json.loads(out.read_text(encoding="utf-8"))
    assert stdout.getvalue().count("\n") == 1 and f"{report['summary']['rows']} rows" in stdout.getvalue()
    return report


def counts():
    """Rows in every table of the project: what a dry run or a refused file must leave as it was."""
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_it_imports_an_xlsx_list_with_every_outcome(demo, tmp_path):
    report = run(write(tmp_path, xlsx_bytes(ROWS)))
    assert decisions(report) == EXPECTED
    assert [r["row"] for r in report["rows"]] == list(range(2, 2 + len(ROWS)))
    assert report["summary"] == {
        "rows": 12, "created": 6, "updated": 0, "unchanged": 0, "duplicate": 1, "invalid": 5,
        "accepted": 2, "waitlisted": 0, "ineligible": 2, "needs_review": 2,
    }  # fmt: skip
    assert (report["caravan"], report["dry_run"], report["ignored_columns"]) == ("tanger-2025", False, [])
    created = [r for r in report["rows"] if r["outcome"] == "created"]
    assert {r["registration_id"] for r in created} == set(demo.registrations.values_list("id", flat=True))
    assert Person.objects.count() == 6 and Registration.objects.count() == 6


def test_every_row_with_reasons_says_them_in_arabic_and_french(demo, tmp_path):
    report = run(write(tmp_path, xlsx_bytes(ROWS)))
    for result in report["rows"]:
        assert bool(result["reasons"]) == ("message_ar" in result) == ("message_fr" in result)
    invalid_cin = next(r for r in report["rows"] if r["reasons"] == ["invalid_cin"])
    assert "البطاقة الوطنية" in invalid_cin["message_ar"] and "CIN" in invalid_cin["message_fr"]
    assert invalid_cin["columns"] == {"cin": "invalid_cin"}


def test_the_same_list_in_utf8_bom_and_windows_1256_csv_gives_the_same_decisions(demo, tmp_path):
    for encoding, separator in [("utf-8", ","), ("utf-8-sig", ";"), ("cp1256", ";")]:
        data = csv_bytes(ROWS, encoding=encoding, separator=separator)
        report = run(write(tmp_path, data, f"{encoding}.csv"), "--dry-run")
        assert decisions(report) == EXPECTED, encoding


def test_row_numbers_are_the_spreadsheets_own_below_title_lines(demo, tmp_path):
    data = xlsx_bytes(ROWS[:3], titles=[TITLE, "عمالة طنجة أصيلة"])
    report = run(write(tmp_path, data))
    assert [r["row"] for r in report["rows"]] == [4, 5, 6]
    csv_report = run(write(tmp_path, csv_bytes(ROWS[:3], titles=[TITLE]), "titled.csv"), "--dry-run")
    assert [r["row"] for r in csv_report["rows"]] == [3, 4, 5]


def test_blank_rows_are_skipped_and_not_counted_and_unknown_columns_are_listed(demo, tmp_path):
    extra = ("ملاحظات", ["", "مستعجل", ""])
    report = run(write(tmp_path, xlsx_bytes(ROWS[:3], extra=extra, blank_after=0)))
    assert [r["row"] for r in report["rows"]] == [2, 4, 5]  # row 3 holds only a serial number
    assert report["summary"]["rows"] == 3 and report["ignored_columns"] == ["ملاحظات"]


def test_a_province_merged_over_several_rows_applies_to_each(demo, tmp_path):
    people = [row(), row(full_name_ar="كريمة العزوزي", cin="K111222", phone="0655555555")]
    report = run(write(tmp_path, xlsx_bytes(people, merge_province=True)))
    assert decisions(report) == [("created", "accepted", [])] * 2


def test_importing_the_same_file_again_changes_nothing(demo, tmp_path):
    path = write(tmp_path, xlsx_bytes(ROWS))
    first = run(path)
    before = counts()
    again = run(path)
    assert counts() == {**before, "core.AuditEntry": before["core.AuditEntry"] + 1}  # the import itself
    registered = [r for r in first["rows"] if r["outcome"] == "created"]
    assert [r["outcome"] for r in again["rows"] if r["row"] in {x["row"] for x in registered}] == [
        "unchanged"
    ] * len(registered)
    assert [r["registration_id"] for r in again["rows"] if r["outcome"] == "unchanged"] == [
        r["registration_id"] for r in registered
    ]
    assert again["summary"]["created"] == 0 and again["summary"]["unchanged"] == len(registered)


def test_a_dry_run_writes_nothing_and_decides_as_the_real_run(demo, tmp_path):
    path = write(tmp_path, xlsx_bytes(ROWS))
    before = counts()
    dry = run(path, "--dry-run")
    assert counts() == before and dry["dry_run"] is True
    real = run(path)
    assert decisions(dry) == decisions(real) and dry["summary"] == real["summary"]
    assert counts() != before


def test_a_dry_run_of_a_second_import_reports_what_it_would_update(demo, tmp_path):
    run(write(tmp_path, xlsx_bytes([khadija()])))
    path = write(tmp_path, xlsx_bytes([khadija(project_idea="تعاونية للأعشاب الطبية")]), "new.xlsx")
    before = counts()
    assert decisions(run(path, "--dry-run")) == [("updated", "accepted", [])]
    assert counts() == before
    assert decisions(run(path)) == [("updated", "accepted", [])]
    assert Registration.objects.get().project_idea == "تعاونية للأعشاب الطبية"
    assert AuditEntry.objects.filter(action="registration.updated").count() == 1


def test_an_update_is_decided_again_by_the_rules(demo, tmp_path):
    run(write(tmp_path, xlsx_bytes([row()])))
    later = write(tmp_path, xlsx_bytes([row(cooperative_name="تعاونية الزيتون", cooperative_founded="2019")]))
    assert decisions(run(later)) == [("updated", "ineligible", ["cooperative_too_old"])]
    registration = Registration.objects.get()
    assert [h.decision for h in registration.history.all()] == ["accepted", "ineligible"]
    assert Cooperative.objects.count() == 2


def test_an_update_keeps_a_staff_decision(demo, tmp_path, django_user_model):
    run(write(tmp_path, xlsx_bytes([row(cooperative_founded="2019")])))
    registration = Registration.objects.get()
    override(registration, Decision.ACCEPTED, "Coopérative restructurée en 2023.", django_user_model.objects.get(
        username="organiser"))  # fmt: skip
    report = run(write(tmp_path, xlsx_bytes([row(cooperative_founded="2019", sector="الزيتون")]), "b.xlsx"))
    assert decisions(report)[0][:2] == ("updated", "accepted")
    assert registration.history.filter(kind=DecisionRecord.Kind.OVERRIDE).count() == 1


def test_a_person_registered_otherwise_is_a_duplicate_and_is_not_touched(demo, tmp_path):
    from registration.services import register

    someone = person(cin="KB123456", phone="")
    register(demo, someone, profile="project_holder", channel="self", project_idea="عسل")
    report = run(write(tmp_path, xlsx_bytes([row()])))
    assert decisions(report) == [("duplicate", None, ["already_registered"])]
    someone.refresh_from_db()
    assert someone.phone == "" and Registration.objects.count() == 1


def test_a_person_known_from_another_caravan_is_found_completed_never_overwritten(demo, tmp_path):
    known = person(cin="KB123456", full_name_latin="", phone="+212600000001")
    report = run(write(tmp_path, xlsx_bytes([row()])))
    assert decisions(report) == [("created", "accepted", [])]
    known.refresh_from_db()
    assert Person.objects.count() == 1 and known.registrations.get().caravan == demo
    assert known.full_name_latin == "Fatima Zahra El Alami" and known.phone == "+212600000001"
    assert AuditEntry.objects.filter(action="person.updated", object_id=str(known.pk)).exists()


def test_people_created_by_an_import_have_their_consent_and_name_key_recorded(
    demo, tmp_path, django_user_model
):
    path = write(tmp_path, xlsx_bytes([row()]))
    call_command("import_registrations", "--caravan", "tanger-2025", str(path), "--user", "organiser",
                 stdout=io.StringIO())  # fmt: skip
    created = Person.objects.get()
    assert created.consent_channel == "import" and created.consent_at
    assert created.consent_recorded_by.username == "organiser"
    assert created.name_key == "ftm zhr m"
    assert AuditEntry.objects.filter(action="person.created", actor__username="organiser").count() == 1
    assert AuditEntry.objects.get(action="registration.imported").details["summary"]["created"] == 1


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"PK\x03\x04 not really a zip", "not a readable spreadsheet"),
        (b"a;b;c\n1;2;3\n", "no recognisable header row"),
        (b"\x00\x01\x02\xff" * 50, "not a spreadsheet"),
    ],
)
def test_an_unusable_file_exits_2_with_one_line_and_changes_nothing(demo, tmp_path, data, words):
    before = counts()
    with pytest.raises(CommandError) as refusal:
        call_command("import_registrations", "--caravan", "tanger-2025", str(write(tmp_path, data, "x.csv")))
    assert refusal.value.returncode == 2 and words in str(refusal.value) and "\n" not in str(refusal.value)
    assert counts() == before


def test_a_missing_file_and_a_too_large_list_are_refused(demo, tmp_path, monkeypatch):
    with pytest.raises(CommandError) as missing:
        call_command("import_registrations", "--caravan", "tanger-2025", str(tmp_path / "nowhere.xlsx"))
    assert missing.value.returncode == 2
    monkeypatch.setattr("registration.importing.lists.MAX_ROWS", 2)
    with pytest.raises(CommandError) as large:
        call_command(
            "import_registrations", "--caravan", "tanger-2025", str(write(tmp_path, xlsx_bytes(ROWS)))
        )
    assert large.value.returncode == 2 and "too large" in str(large.value)


def test_an_unknown_caravan_is_refused(demo, tmp_path):
    with pytest.raises(CommandError, match="unknown caravan"):
        call_command("import_registrations", "--caravan", "nowhere", str(write(tmp_path, xlsx_bytes(ROWS))))


def test_a_row_that_breaks_is_rolled_back_alone(demo, tmp_path, monkeypatch):
    from registration.services import RegistrationBatch

    real = RegistrationBatch.add

    def fragile(batch, someone, details, **facts):
        if someone.full_name_ar == "خديجة البقالي":
            raise RuntimeError("disk on fire")
        return real(batch, someone, details, **facts)

    monkeypatch.setattr(RegistrationBatch, "add", fragile)
    report = run(write(tmp_path, xlsx_bytes([row(), khadija(), row(full_name_ar="هند", cin="K999888")])))
    assert [r["outcome"] for r in report["rows"]] == ["created", "invalid", "created"]
    assert report["rows"][1]["reasons"] == ["row_error"] and report["rows"][1]["message_fr"]
    assert not Person.objects.filter(cin="L234567").exists() and Person.objects.count() == 2


# --- Through the console entry point -------------------------------------------------------------------


# --- Any bytes -----------------------------------------------------------------------------------------

PREFIXES = [b"", b"PK\x03\x04", "\ufeff".encode(), "الاسم الكامل;CIN;الهاتف\n".encode(), b"Nom;CIN\r\n"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=400))
def test_any_bytes_give_exit_0_or_2_never_a_traceback_nor_a_partial_write(demo, tmp_path, prefix, body):
    path = write(tmp_path, prefix + body, "any.csv")
    before = counts()
    try:
        call_command("import_registrations", "--caravan", "tanger-2025", str(path), stdout=io.StringIO())
    except CommandError as refusal:
        assert refusal.returncode == 2 and "\n" not in str(refusal)
        assert counts() == before
    Registration.objects.all().delete()
    Person.objects.all().delete()


def test_a_realistic_list_adds_up_and_imports_once(demo, tmp_path):
    path = write(tmp_path, xlsx_bytes(fake_rows(300, seed=7)), "fakes.xlsx")
    before = counts()
    dry = run(path, "--dry-run")
    assert counts() == before
    real = run(path)
    summary = real["summary"]
    assert sum(summary[k] for k in ("created", "updated", "unchanged", "duplicate", "invalid")) == 300
    assert (
        sum(summary[k] for k in ("accepted", "waitlisted", "ineligible", "needs_review"))
        == summary["created"]
    )
    assert decisions(dry) == decisions(real)
    assert summary["duplicate"] > 0 and any("possible_duplicate" in r["reasons"] for r in real["rows"])
    assert Registration.objects.count() == summary["created"] == Person.objects.count()
    again = run(path)["summary"]
    assert (again["created"], again["unchanged"]) == (0, summary["created"])


# --- Batches -------------------------------------------------------------------------------------------


def test_a_person_created_with_likely_matches_goes_to_the_review_queue(demo, tmp_path):
    from people.models import PossibleDuplicate

    path = write(tmp_path, xlsx_bytes(ROWS))
    run(path, "--dry-run")
    assert not PossibleDuplicate.objects.exists()  # a dry run writes nothing
    report = run(path)
    flagged = next(r for r in report["rows"] if "possible_duplicate" in r["reasons"])
    new = Registration.objects.get(pk=flagged["registration_id"]).person
    pair = PossibleDuplicate.objects.get()
    assert (pair.person, pair.other.pk, pair.status) == (new, flagged["likely_matches"][0], "pending")
    assert pair.other.cin == "L234567" and "same_phone" in pair.reasons  # Khadija, row 3


def test_a_person_listed_twice_without_a_cin_is_found_as_the_registry_finds_people(demo, tmp_path):
    from people.models import PossibleDuplicate

    first = row(full_name_ar="أمينة الإدريسي", full_name_latin="", cin="", phone="0655443322")
    hamza = row(full_name_ar="امينة الادريسي", full_name_latin="", cin="", phone="0655443322")
    report = run(write(tmp_path, xlsx_bytes([first, hamza, first])))
    assert decisions(report) == [
        ("created", "needs_review", ["missing_cin"]),
        ("created", "needs_review", ["missing_cin", "possible_duplicate"]),  # probably her: for review
        ("duplicate", None, ["duplicate_in_file"]),  # surely her: the same record
    ]
    pair = PossibleDuplicate.objects.get()
    assert (pair.person.full_name_ar, pair.other.full_name_ar) == ("امينة الادريسي", "أمينة الإدريسي")


def test_a_batch_that_fails_on_insert_is_done_again_row_by_row(demo, tmp_path, monkeypatch):
    monkeypatch.setattr("registration.services.new_badge_code", lambda: "SAMECODE23")
    report = run(write(tmp_path, xlsx_bytes(ROWS[:4])))
    # two accepted rows cannot share a badge code: the second breaks, alone, when inserted
    assert [r["outcome"] for r in report["rows"]] == ["created", "invalid", "created", "created"]
    assert report["rows"][1]["reasons"] == ["row_error"] and report["rows"][1]["error"] == "IntegrityError"
    assert not Person.objects.filter(cin="L234567").exists() and Person.objects.count() == 3
    assert Registration.objects.count() == 3 and DecisionRecord.objects.count() == 3
    assert AuditEntry.objects.filter(action="registration.created").count() == 3


def test_rows_decided_in_batches_are_decided_as_one_row_at_a_time(demo, tmp_path, monkeypatch):
    from caravans.models import Caravan
    from registration.services import RegistrationBatch

    Caravan.objects.filter(pk=demo.pk).update(capacity=demo.registrations.accepted().count() + 15)
    path = write(tmp_path, xlsx_bytes(fake_rows(120, seed=3)))
    monkeypatch.setattr("registration.importing.lists.BATCH_ROWS", 25)
    batched = run(path)
    assert batched["summary"]["waitlisted"] > 0 and batched["summary"]["duplicate"] > 0
    Registration.objects.all().delete()
    Person.objects.all().delete()

    real = RegistrationBatch.flush

    def alone_only(batch):
        if len(batch.pending) > 1:
            raise RuntimeError("no bulk insert today")
        return real(batch)

    monkeypatch.setattr(RegistrationBatch, "flush", alone_only)  # every batch falls back, row by row
    one_by_one = run(path)
    assert decisions(one_by_one) == decisions(batched)
    assert one_by_one["summary"] == batched["summary"]
