import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from people.identifiers import INVALID, UNUSUAL, VALID
from registration.decisions import applicant_for
from registration.eligibility import Rules, decide
from registration.entry import as_new
from registration.importing.reading import (
    PHONE_LOST_ZERO,
    SECTOR_UNMATCHED,
    UNKNOWN_SEX,
    Places,
    columns,
    entry_of,
    find_header_row,
    is_blank,
    match_headers,
    match_sector,
    place_province,
    read_profile,
    read_row,
    read_sex,
    row_values,
)
from registration.reasons import READING, REASONS

TODAY = datetime.date(2025, 1, 15)
KEYS = [c["key"] for c in columns()]


def fatima(**cells):
    """A complete, correct row of a registration list, as an organiser would type it."""
    row = {
        "full_name_ar": "فاطمة الزهراء العلمي",
        "full_name_latin": "Fatima Zahra El Alami",
        "cin": "KB 123456",
        "sex": "أنثى",
        "birth_date": "12/03/1990",
        "phone": "06 12 34 56 78",
        "province": "Fahs Anjra",
        "commune": "Ksar Sghir",
        "community": "أولاد أحمد",
        "profile": "عضوة تعاونية",
        "cooperative_name": "تعاونية النحل",
        "cooperative_founded": "2023-06-01",
        "sector": "العسل",
        "project_idea": "",
    }
    return {**row, **cells}


# --- Headers ---


def test_it_matches_arabic_and_french_headers_whatever_their_case_accents_tatweel_and_spaces():
    headers = [
        "  الاسم   الكامل ",
        "NOM ET PRÉNOM",
        "n° cin",
        "الجنـــس",
        "Date de Naissance",
        "Tél",
        "الإقليم",
    ]
    assert list(match_headers(headers).columns.values()) == [
        "full_name_ar",
        "full_name_latin",
        "cin",
        "sex",
        "birth_date",
        "phone",
        "province",
    ]


def test_it_matches_every_header_and_variant_of_the_contract():
    for column in columns():
        beside = ["Prénom"] if column["key"] == "family_name_latin" else []  # a lone "Nom" is a full name
        for header in [column["ar"], column["fr"], *column.get("also", [])]:
            assert match_headers([header, *beside]).columns[0] == column["key"], header


def test_it_lists_unknown_columns_and_repeated_ones_as_ignored():
    mapping = match_headers(["CIN", "Remarques", "", None, "ب.ت.و", "ملاحظات"])
    assert mapping.columns == {0: "cin"}
    assert mapping.ignored == ["Remarques", "ب.ت.و", "ملاحظات"]


def test_it_finds_the_header_row_below_a_title():
    rows = [["لائحة المستفيدات"], [], ["الاسم الكامل", "CIN", "الهاتف"], ["فاطمة", "K123456", "0612345678"]]
    assert find_header_row(rows) == 2
    assert find_header_row([["a", "b"], ["1", "2"]]) is None


def test_it_turns_a_data_row_into_column_keys():
    mapping = match_headers(["Nom et prénom", "Note", "CIN"])
    assert row_values(mapping, ["Fatima", "x", "K123456"]) == {"full_name_latin": "Fatima", "cin": "K123456"}
    assert row_values(mapping, ["Fatima"]) == {"full_name_latin": "Fatima"}


def test_it_recognises_a_row_whose_every_cell_is_empty():
    assert is_blank(["", None, "   "])
    assert is_blank({"cin": None, "phone": " "})
    assert not is_blank(["", 0])


# --- One row ---


def test_it_reads_a_correct_row_into_clean_values():
    row = read_row(fatima(), today=TODAY)
    assert row.is_valid
    assert row.cin == "KB123456" and row.cin_status == VALID
    assert row.phone == "+212612345678"
    assert row.birth_date == datetime.date(1990, 3, 12)
    assert row.cooperative_founded == datetime.date(2023, 6, 1)
    assert (row.sex, row.profile, row.sector) == ("female", "cooperative_member", "honey")


def test_it_needs_one_of_the_two_names():
    assert read_row(fatima(full_name_ar=" ", full_name_latin="-")).reasons == ("missing_name",)
    assert read_row(fatima(full_name_ar="")).is_valid
    assert read_row(fatima(full_name_latin=None)).is_valid


def test_it_moves_a_name_typed_in_the_other_script_column():
    row = read_row(fatima(full_name_ar="Fatima Zahra", full_name_latin=""))
    assert (row.full_name_ar, row.full_name_latin) == ("", "Fatima Zahra")


def test_it_gives_each_reading_reason_with_its_column():
    row = read_row(
        fatima(
            cin="أ123456", phone="12345", birth_date="31/02/1990", cooperative_founded="soon", profile="?"
        ),
        today=TODAY,
    )
    assert row.reasons == ("invalid_cin", "invalid_phone", "invalid_date", "unknown_profile")
    assert row.problems == {
        "cin": "invalid_cin",
        "phone": "invalid_phone",
        "birth_date": "invalid_date",
        "cooperative_founded": "invalid_date",
        "profile": "unknown_profile",
    }


def test_it_keeps_an_unusual_cin_for_eligibility_to_review():
    row = read_row(fatima(cin="K1234"))
    assert row.is_valid and row.cin_status == UNUSUAL


def test_it_keeps_a_year_alone():
    row = read_row(fatima(birth_date="1990", cooperative_founded=2023), today=TODAY)
    assert (row.birth_date, row.birth_year) == (None, 1990)
    assert (row.cooperative_founded, row.cooperative_founded_year) == (None, 2023)


def test_it_notes_without_refusing_a_lost_zero_an_unknown_sex_and_a_free_text_sector():
    row = read_row(fatima(phone=612345678, sex="X", sector="Recyclage du plastique"))
    assert row.is_valid
    assert set(row.notes) == {PHONE_LOST_ZERO, UNKNOWN_SEX, SECTOR_UNMATCHED}
    assert (row.sex, row.sector, row.sector_text) == ("", "", "Recyclage du plastique")


@pytest.mark.parametrize(
    ("written", "profile"),
    [
        ("عضو تعاونية", "cooperative_member"),
        ("عضوة في تعاونية", "cooperative_member"),
        ("Coopérative", "cooperative_member"),
        ("membre de la coopérative", "cooperative_member"),
        ("حاملة مشروع", "project_holder"),
        ("PORTEUSE DE PROJET", "project_holder"),
        ("", ""),
        ("autre", ""),
        ("مشروع تعاونية", ""),
    ],
)
def test_it_reads_the_profile(written, profile):
    assert read_profile(written) == profile


@pytest.mark.parametrize(
    ("written", "sex"),
    [
        ("أنثى", "female"),
        ("انثى", "female"),
        ("f", "female"),
        ("Féminin", "female"),
        ("ذكر", "male"),
        ("H", "male"),
    ],
)
def test_it_reads_the_sex(written, sex):
    assert read_sex(written) == sex


@pytest.mark.parametrize(
    ("written", "sector"),
    [
        ("Agriculture", "agriculture"),
        ("فلاحة", "agriculture"),
        ("الفلاحة", "agriculture"),
        ("Élevage", "livestock"),
        ("elevage", "livestock"),
        ("عسل", "honey"),
        ("النسيج", "weaving_textile"),
        ("Huile d'olive et olives", "olive_oil"),
    ],
)
def test_it_matches_sectors_in_either_language(written, sector):
    assert match_sector(written) == sector


# --- Province (database) ---


def test_it_places_a_province_written_in_arabic_or_french(places):
    for written in ["Fahs-Anjra", "fahs anjra", "الفحص أنجرة"]:
        row = place_province(read_row(fatima(province=written)))
        assert (row.province_code, row.region_code) == ("MA-FAH", "MA-01"), written


def test_it_refuses_an_unknown_province(places):
    row = place_province(read_row(fatima(province="Atlantis")))
    assert row.reasons == ("unknown_province",)
    assert row.problems == {"province": "unknown_province"}


@pytest.mark.parametrize("written", ["Tétouan", "Atlantis", "", "طنجة"])
def test_a_list_places_each_row_as_place_province_does(places, written):
    known = Places()
    for _ in range(2):  # the second time from what it remembers
        cells = fatima(province=written, phone="12")
        assert read_row(cells, places=known) == place_province(read_row(cells))


def test_it_leaves_an_empty_province_to_eligibility(places):
    row = place_province(read_row(fatima(province="")))
    assert row.is_valid and row.region_code == ""


def test_it_hands_eligibility_the_facts_of_the_row(places):
    rules = Rules.from_settings({}, first_day=datetime.date(2025, 2, 4), caravan_region="MA-01")

    def verdict(**cells):
        known = Places()
        person, details = as_new(entry_of(read_row(fatima(**cells), today=TODAY, places=known), known))
        return decide(applicant_for(person, details, member=False), rules)

    assert verdict() == ("accepted", ())
    assert verdict(province="Casablanca", cin="") == ("ineligible", ("outside_region", "missing_cin"))


# --- Never raises ---

cells = st.one_of(
    st.text(),
    st.integers(),
    st.floats(),
    st.none(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)


@given(st.dictionaries(st.sampled_from([*KEYS, "unknown"]), cells))
def test_it_never_raises_on_any_row_and_always_gives_a_clear_outcome(raw):
    row = read_row(raw, today=TODAY)
    assert set(row.reasons) <= set(READING)
    assert set(row.reasons) == set(row.problems.values())
    assert all(code in REASONS for code in row.reasons)
    assert row.is_valid == (row.reasons == ())


@given(st.lists(st.one_of(st.text(), st.none(), st.integers())))
def test_it_never_raises_on_any_header_row(headers):
    mapping = match_headers(headers)
    assert set(mapping.columns.values()) <= set(KEYS)
    assert len(mapping.columns) + len(mapping.ignored) <= len(headers)


def test_it_reads_a_reason_code_that_is_not_a_reading_one_as_not_invalid():
    assert INVALID not in {REASONS[c].effect for c in REASONS if c not in READING}
