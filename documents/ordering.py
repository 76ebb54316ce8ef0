"""The order of a printed list of people: by family name, as Moroccan administrative lists are sorted.

People store full names only. A list import joins its family and given name columns given name first, as
forms and the CIN's Arabic side write them, so the family name is read as the last word of the name, with
the particles that belong to it (El Alami, بن علي, Aït Ali, عبد الله): see `family_name`. Arabic lists sort
by the Arabic family name, then the whole name, people without an Arabic name last; French lists by the
Latin family name with accents folded, people without a Latin name last.

Sorting Arabic names. An administrative list is read letter by letter over the name as written, as a
spreadsheet or ICU's Arabic collation sorts it and as the organisers' own lists are: the article ال counts
(الزهراء is found under ا, after أحمد, where its first letters put it; ignoring it would send people who
read the first letters of their name to the wrong page), hamza forms of alef are one letter with alef,
ى is ي, ة is ت, ؤ is و, ئ is ي (as in ICU's Arabic collation); a lone hamza, diacritics and tatweel count
for nothing; words are compared one after the other, so "عبد الله" comes before "عبدالله" and after
"عبد الرحمن". Once these variants are folded, Unicode orders the 28 letters in the alphabet's (hija'i)
order, so the folded words compare as they are. The name as written breaks ties, for a stable order.
"""

import re
import unicodedata

from core.text import strip_accents

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # incl. tatweel
_ARABIC_FOLDS = str.maketrans(
    {
        "آ": "ا",
        "أ": "ا",
        "إ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ة": "ت",
        "ء": None,
        "ی": "ي",  # Persian yeh and keheh, from some keyboards
        "ک": "ك",
        "گ": "ك",  # the g of Moroccan names (ڭ, گ) and v (ڤ) sit with their base letters
        "ڭ": "ك",
        "ڤ": "ف",
        "پ": "ب",
        "چ": "ج",
    }
)

# Words that open a family name rather than end a given name: the article, "son of", "of the tribe of",
# and عبد/Abd before a name of God.
_PARTICLES = {
    "ال", "بن", "ابن", "بنت", "ولد", "اولاد", "ايت", "اوت", "بو", "ابو", "عبد",
    "el", "al", "ben", "bin", "ibn", "bent", "ould", "oulad", "ouled", "ait", "aït", "ou", "bou", "abou",
    "abd", "abdel", "abdul", "abdoul", "de", "d'", "l'",
}  # fmt: skip


def _word_key(word):
    """A word as the particle list writes it: hamza forms of alef folded, Latin lower case."""
    return arabic_fold(word).casefold()


def family_name(full_name):
    """The family name in a full name written given name first: the last word and the particles before it,
    always leaving a given name ("Fatima Zahra El Alami" → "El Alami", "محمد بن علي" → "بن علي")."""
    words = (full_name or "").split()
    start = len(words) - 1
    while start > 1 and _word_key(words[start - 1]) in _PARTICLES:
        start -= 1
    return " ".join(words[max(start, 0) :])


def arabic_fold(name):
    """Arabic letters as a list compares them: variants of a letter folded, diacritics and tatweel dropped."""
    text = unicodedata.normalize("NFKC", name or "")
    return _ARABIC_MARKS.sub("", text).translate(_ARABIC_FOLDS)


def arabic_sort_key(name):
    """The order of an Arabic administrative list: a tuple of folded words, then the name as written."""
    return tuple(arabic_fold(name).split()), unicodedata.normalize("NFKC", name or "")


def latin_sort_key(name):
    """The order of a French list: words compared one after the other, accents, case and hyphens ignored."""
    return tuple(strip_accents(name or "").casefold().replace("-", " ").split())


def person_sort_key(person, language="ar"):
    """Family name, then the whole name, in the list's script; people without a name in it come last."""
    arabic, latin = (person.full_name_ar or "").strip(), (person.full_name_latin or "").strip()
    by_arabic = (arabic_sort_key(family_name(arabic)), arabic_sort_key(arabic))
    by_latin = (latin_sort_key(family_name(latin)), latin_sort_key(latin))
    if language == "fr":
        return (not latin, by_latin, by_arabic, person.pk or 0)
    return (not arabic, by_arabic, by_latin, person.pk or 0)
