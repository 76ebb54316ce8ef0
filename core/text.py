"""Text normalisation for Arabic and Latin names: the one place where spellings are made comparable.

`fold` turns any spelling into a key that compares equal across the usual variants:
- Arabic: diacritics and tatweel removed; hamza forms of alef (أ إ آ ٱ) → ا; ؤ → و; ئ → ي; ى → ي; ة → ه;
  Arabic-Indic digits → ASCII; the article ال kept but detachable (see `words`);
- Latin: accents removed, lower case, dashes/apostrophes/dots as spaces.

`without_controls` removes the invisible characters that change how a text is shown, not what it says: the
direction marks and embeddings (U+200E/F, U+061C, U+202A–E, U+2066–9), with which a typed or imported name
would print reversed on a certificate, and the zero-width space, word joiner and byte-order mark, which make
two identical-looking names differ. The zero-width non-joiner and joiner (U+200C/D) are kept: they only
decide how letters join (Persian spellings, some Arabic and Amazigh names), never the order of a line.
"""

import re
import unicodedata

_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # incl. tatweel
_ARABIC_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ئ": "ي",
        "ى": "ي",
        "ة": "ه",
        "ی": "ي",  # Persian yeh, common from some keyboards
        "ک": "ك",
        "ء": "",
    }
)
_CONTROLS = dict.fromkeys(
    [0x061C, 0x200B, 0x200E, 0x200F, *range(0x202A, 0x202F), 0x2060, *range(0x2066, 0x206A), 0xFEFF]
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_SEPARATORS = re.compile(r"[\s\-_'’`.,/()]+")


def without_controls(value: str) -> str:
    """`value` without direction controls and zero-width characters (see the module's docstring)."""
    return value.translate(_CONTROLS)


def to_ascii_digits(value: str) -> str:
    return value.translate(_DIGITS)


def strip_accents(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(value: str | None) -> str:
    """A comparison key: same key for the usual spelling variants of a name, in either script."""
    if not value:
        return ""
    text = unicodedata.normalize("NFKC", without_controls(str(value)))
    text = _ARABIC_DIACRITICS.sub("", text)
    text = text.translate(_ARABIC_LETTERS).translate(_DIGITS)
    text = strip_accents(text).lower()
    return _SEPARATORS.sub(" ", text).strip()


def fold_compact(value: str | None) -> str:
    """`fold` without spaces: "Tanger Assilah", "Tanger-Assilah" and "TangerAssilah" meet."""
    return fold(value).replace(" ", "")


def has_arabic(value: str | None) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in value or "")
