from hypothesis import given
from hypothesis import strategies as st

from core.text import fold, fold_compact, to_ascii_digits


def test_it_folds_hamza_forms_of_alef_taa_marbuta_and_alef_maqsura():
    assert fold("أحمد") == fold("احمد") == fold("إحمد")
    assert fold("فاطمة") == fold("فاطمه")
    assert fold("مصطفى") == fold("مصطفي")


def test_it_ignores_diacritics_and_tatweel():
    assert fold("مُحَمَّد") == fold("محمد") == fold("مـحـمـد")


def test_it_folds_latin_accents_case_and_dashes():
    assert fold("Tétouan") == fold("TETOUAN")
    assert fold_compact("Tanger-Assilah") == fold_compact("Tanger Assilah") == fold_compact("tanger assilah")


def test_it_turns_arabic_indic_digits_into_ascii():
    assert to_ascii_digits("٢٠٢٥") == "2025"
    assert fold("AB١٢٣") == "ab123"


@given(st.text())
def test_it_is_idempotent_on_any_text(text):
    assert fold(fold(text)) == fold(text)
