import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from people.identifiers import (
    DATE,
    INVALID,
    LOST_ZERO,
    MISSING,
    SEVERAL,
    UNUSUAL,
    VALID,
    YEAR,
    display_phone,
    normalise_cin,
    normalise_phone,
    parse_date,
)

TODAY = datetime.date(2025, 1, 15)

# --- CIN ---


@pytest.mark.parametrize(
    "written",
    [
        "AB123456",
        " ab123456 ",
        "AB 123 456",
        "AB-123-456",
        "AB.123.456",
        "AB/123456",
        "AB\u00a0123456",
        "AB١٢٣٤٥٦",
    ],
)
def test_it_reads_a_cin_however_it_is_written(written):
    assert normalise_cin(written) == ("AB123456", VALID)


def test_it_accepts_one_or_two_letters_and_five_or_six_digits_and_keeps_leading_zeros():
    assert normalise_cin("K12345") == ("K12345", VALID)
    assert normalise_cin("K012345") == ("K012345", VALID)
    assert normalise_cin("K012345") != normalise_cin("K12345")


@pytest.mark.parametrize("written", ["A12", "AB1234", "AB1234567", "AB12345678"])
def test_it_keeps_a_plausible_but_unusual_cin_for_review(written):
    assert normalise_cin(written).status == UNUSUAL


@pytest.mark.parametrize(
    "written", ["أب123456", "ABC12345", "123456", "AB123456789", "AB12C45", "É123456", "AB"]
)
def test_it_refuses_what_cannot_be_a_cin(written):
    assert normalise_cin(written).status == INVALID


def test_it_says_a_cin_is_missing_for_an_empty_cell():
    assert normalise_cin(None) == normalise_cin("  ") == normalise_cin(" - ") == ("", MISSING)


# --- Phone ---


@pytest.mark.parametrize(
    "written",
    [
        "0612345678",
        "06 12 34 56 78",
        "06-12-34-56-78",
        "06.12.34.56.78",
        "+212 6 12 34 56 78",
        "+212612345678",
        "00212612345678",
        "00 212 6 12 34 56 78",
        "212612345678",
        "+212 (0) 6 12 34 56 78",
        "+2120612345678",
        "٠٦١٢٣٤٥٦٧٨",
    ],
)
def test_it_reads_every_common_way_of_writing_a_moroccan_mobile(written):
    assert normalise_phone(written) == ("+212612345678", VALID)


def test_it_reads_fixed_lines_of_the_north():
    assert normalise_phone("05 39 93 12 34") == ("+212539931234", VALID)


def test_it_adds_a_lost_leading_zero_and_flags_it():
    assert normalise_phone("612345678") == ("+212612345678", LOST_ZERO)
    assert normalise_phone(612345678) == ("+212612345678", LOST_ZERO)
    assert normalise_phone(612345678.0) == ("+212612345678", LOST_ZERO)


def test_it_keeps_the_first_of_several_numbers_and_flags_it():
    assert normalise_phone("0612345678 / 0698765432") == ("+212612345678", SEVERAL)


@pytest.mark.parametrize("written", ["061234567", "06123456789", "0800123456", "0891234567", "hello", "0012"])
def test_it_refuses_numbers_nobody_can_be_called_on(written):
    assert normalise_phone(written) == ("", INVALID)


def test_it_says_a_phone_is_missing_for_an_empty_cell():
    assert normalise_phone(None) == normalise_phone(" ") == ("", MISSING)


def test_it_accepts_a_foreign_number_written_with_its_country_code():
    assert normalise_phone("+33 6 12 34 56 78") == ("+33612345678", VALID)


def test_it_shows_a_number_in_national_format_and_isolated_left_to_right_in_arabic():
    assert display_phone("+212612345678") == "06 12 34 56 78"
    assert display_phone("+212612345678", "ar") == "\u206606 12 34 56 78\u2069"
    assert display_phone("") == ""


# --- Dates ---


@pytest.mark.parametrize(
    "written",
    [
        "12/03/1990",
        "12-03-1990",
        "12.03.1990",
        " 12 / 03 / 1990 ",
        "1990-03-12",
        "1990/03/12",
        "1990-03-12 00:00:00",
        "١٢/٠٣/١٩٩٠",
        "12/03/1990م",
        "12 mars 1990",
        "12 مارس 1990",
        datetime.date(1990, 3, 12),
        datetime.datetime(1990, 3, 12, 9, 30),
        32944,
        32944.25,
        "32944",
    ],
)
def test_it_reads_a_date_however_it_is_written(written):
    assert parse_date(written, today=TODAY) == (DATE, datetime.date(1990, 3, 12), 1990)


def test_it_reads_excel_serials_of_the_1900_system():
    assert parse_date(45692, today=TODAY).date == datetime.date(2025, 2, 4)
    assert parse_date(36585, today=TODAY).date == datetime.date(2000, 2, 29)


def test_it_reads_a_year_alone():
    assert parse_date("1990", today=TODAY) == (YEAR, None, 1990)
    assert parse_date(1990, today=TODAY) == (YEAR, None, 1990)
    assert parse_date(1990.0, today=TODAY) == (YEAR, None, 1990)
    assert parse_date("١٩٩٠م", today=TODAY) == (YEAR, None, 1990)


def test_it_reads_two_digit_years_in_the_last_hundred_years():
    assert parse_date("5-3-98", today=TODAY).date == datetime.date(1998, 3, 5)
    assert parse_date("5-3-05", today=TODAY).date == datetime.date(2005, 3, 5)
    assert parse_date("5-3-25", today=TODAY).date == datetime.date(2025, 3, 5)
    assert parse_date("5-3-26", today=TODAY).date == datetime.date(1926, 3, 5)


@pytest.mark.parametrize(
    "written",
    [
        "31/02/2000",
        "29/02/2001",
        "00/01/1990",
        "03/25/1990",
        "1850",
        "12/03/1850",
        "3000",
        "12/03/2030",
        29,
        "hier",
        "1990-13-01",
    ],
)
def test_it_refuses_impossible_dates_and_absurd_years(written):
    assert parse_date(written, today=TODAY).status == INVALID


def test_it_accepts_29_february_of_a_leap_year():
    assert parse_date("29/02/2000", today=TODAY).date == datetime.date(2000, 2, 29)


def test_it_says_a_date_is_missing_for_an_empty_cell():
    assert parse_date(None).status == parse_date("  ").status == MISSING


# --- Never raises ---

cells = st.one_of(
    st.text(),
    st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩ +-./()AB"),
    st.integers(),
    st.floats(),
    st.none(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)


@given(cells)
def test_it_never_raises_on_any_cin_cell_and_always_answers_a_known_status(cell):
    value, status = normalise_cin(cell)
    assert status in {VALID, UNUSUAL, INVALID, MISSING}
    assert (value != "") == (status != MISSING)


@given(cells)
def test_it_never_raises_on_any_phone_cell_and_gives_e164_only_when_usable(cell):
    value, status = normalise_phone(cell)
    assert status in {VALID, LOST_ZERO, SEVERAL, INVALID, MISSING}
    assert value.startswith("+") if status in {VALID, LOST_ZERO, SEVERAL} else value == ""


@given(cells)
def test_it_never_raises_on_any_date_cell_and_gives_a_value_matching_its_status(cell):
    parsed = parse_date(cell, today=TODAY)
    assert parsed.status in {DATE, YEAR, INVALID, MISSING}
    assert (parsed.date is not None) == (parsed.status == DATE)
    assert (parsed.year is not None) == (parsed.status in {DATE, YEAR})
    if parsed.year is not None:
        assert 1900 <= parsed.year <= TODAY.year + 1
