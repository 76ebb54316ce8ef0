"""How many SMS a text costs: what the organiser is shown before a bulk send."""

from math import ceil

from hypothesis import given
from hypothesis import strategies as st

from messaging.sms import GSM7_BASIC, GSM7_EXTENSION, segments

gsm_text = st.text(alphabet=sorted(GSM7_BASIC | GSM7_EXTENSION))
any_text = st.text()


def test_it_fits_160_latin_characters_in_one_sms_and_splits_161_in_two_of_153():
    assert segments("a" * 160) == ("GSM-7", 160, 1)
    assert segments("a" * 161) == ("GSM-7", 161, 2)
    assert segments("a" * 306).parts == 2
    assert segments("a" * 307).parts == 3


def test_it_counts_an_arabic_text_in_ucs2_70_then_67_per_part():
    assert segments("س" * 70) == ("UCS-2", 70, 1)
    assert segments("س" * 71) == ("UCS-2", 71, 2)
    assert segments("س" * 134).parts == 2
    assert segments("س" * 135).parts == 3


def test_one_arabic_letter_or_accent_outside_gsm7_makes_the_whole_text_ucs2():
    assert segments("Bonjour " * 10 + "ك").encoding == "UCS-2"
    assert segments("Leçon à 9h").encoding == "UCS-2"  # ç is not in GSM-7, only Ç
    assert segments("Réunion à 9h, élève").encoding == "GSM-7"  # é, à and è are


def test_the_extension_table_costs_two_septets():
    assert segments("€" * 80) == ("GSM-7", 160, 1)
    assert segments("[" * 81).parts == 2


def test_an_empty_text_is_no_sms():
    assert segments("").parts == 0


@given(gsm_text)
def test_a_gsm7_text_takes_the_parts_its_septets_need_without_cutting_an_escape(text):
    result = segments(text)
    septets = sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)
    assert result.encoding == "GSM-7" and result.characters == septets
    if septets <= 160:
        assert result.parts == (1 if text else 0)
    else:
        # Packing can waste at most one septet per part (an escape that does not fit moves to the next).
        assert ceil(septets / 153) <= result.parts <= ceil(septets / 152)


@given(any_text)
def test_any_text_gets_the_encoding_its_characters_need_and_enough_parts(text):
    result = segments(text)
    gsm = all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)
    assert result.encoding == ("GSM-7" if gsm else "UCS-2")
    single, per_part = (160, 153) if gsm else (70, 67)
    assert result.parts * max(single, per_part * result.parts) >= result.characters
    if result.characters > single:
        assert result.parts >= ceil(result.characters / per_part)
        assert result.parts <= ceil(result.characters / (per_part - 1))


@given(any_text, any_text)
def test_a_longer_text_never_costs_fewer_sms(a, b):
    assert segments(a + b).parts >= segments(a).parts
