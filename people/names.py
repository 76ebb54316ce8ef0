"""Names of people compared across Arabic and Latin script: a phonetic skeleton and a similarity.

A name becomes a list of consonant skeletons, one per word, written with one Latin letter per sound class
(Maghrebi transliteration): محمد, Mohamed, Mohammed, Muhammad and Mhamed all give `mhmd`; يوسف, Youssef,
Yusuf and Youssouf give `ysf`; فاطمة الزهراء and Fatima-Zahra give `ftm zhr`. Short vowels are never written
in Arabic, so vowels are dropped on both sides; و and ي (ou, w, y) count only at the start of a word, where
they are consonants. On top of this:
- the article (ال, El, Al, L', Es-/Ez-/Et-… before a sun letter) is dropped, detached or glued;
- compounds are joined: عبد الله = عبدالله = Abdellah = Abd Allah; بن علي = Benali; Aït, Ould, Bou likewise;
- a leading l is dropped from every word, since Moroccan spellings glue the article as L (Larbi, Lamrani);
- a word ending in a feminine/long "a" (ة ى اء, Latin -a/-ae) is marked, so Karim and Karima stay apart.

`similarity` compares the words joined in every rotation (lists swap first and family name), so it is
symmetric and order-blind; `key` is the canonical form for display and tests, `block_keys` short keys for
blocking. The rules are heuristics tuned on `people.fakes` (see bench/bench_matching.py for the figures).
"""

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from core.text import strip_accents, to_ascii_digits

FEMININE = "a"  # the marker kept apart from the skeleton, see `Name.feminine`

# Arabic ------------------------------------------------------------------------------------------------

_AR_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # diacritics, tatweel
_AR_SAME = str.maketrans({"ی": "ي", "ک": "ك", "ٱ": "ا", "ھ": "ه", "ۀ": "ة"})
_AR_VOWELS = set("اأإآءؤئعوىي")  # letters that carry no consonant of the skeleton (ع: Latin writes a vowel)
_AR_CONSONANTS = {
    "ب": "b", "پ": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "x", "د": "d", "ذ": "d", "ر": "r",
    "ز": "z", "س": "s", "ش": "c", "ص": "s", "ض": "d", "ط": "t", "ظ": "d", "غ": "g", "ف": "f", "ڤ": "f",
    "ق": "k", "ك": "k", "ڭ": "g", "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "",
}  # fmt: skip
_AR_JOIN_NEXT = {"عبد", "بن", "ابن", "بنت", "ولد", "ايت", "آيت", "أيت", "بو", "ال", "أبو", "ابو"}
_AR_NOT_ARTICLE = {"الياس", "الهام", "اليسا", "اليزيد"}  # إلياس, إلهام… typed without hamza

# Latin -------------------------------------------------------------------------------------------------

_LATIN_SOUNDS = [
    ("x", "ks"), ("cch", "ʃ"), ("sch", "ʃ"), ("ch", "ʃ"), ("sh", "ʃ"), ("ck", "k"), ("kh", "x"), ("gh", "g"), ("dj", "j"),
    ("th", "t"), ("dh", "d"), ("ph", "f"), ("qu", "k"), ("q", "k"), ("p", "b"), ("v", "f"),
]  # fmt: skip
_LATIN_ARTICLES = {"el", "al", "l", "le", "la"}
_SUN_LATIN = ("ch", "sh", "s", "z", "t", "d", "n", "r", "j")
_LATIN_JOIN_NEXT = {"abd", "abdel", "abdal", "abdul", "abdoul", "ben", "bin", "ibn", "bent", "ould", "ait"}
_LATIN_VOWELS = set("aeiouy")
_SUN = set("tdrzscnl")  # sun letters in skeleton form: ال before them is not pronounced
_SEPARATORS = re.compile(r"[\s\-_.,;/()|+&\"«»“”]+")
_APOSTROPHES = re.compile(r"['’`ʼ‘´]")


class Name:
    """A name read once: its words as skeletons, their joined rotations, and the feminine mark."""

    __slots__ = ("words", "rotations", "feminine")

    def __init__(self, text: str) -> None:
        marked = words_of(text)
        self.words = tuple(w.rstrip(FEMININE) for w in marked if w.rstrip(FEMININE))
        self.feminine = any(w.endswith(FEMININE) for w in marked)
        count = len(self.words)
        self.rotations = tuple("".join(self.words[i:] + self.words[:i]) for i in range(count)) or ("",)

    @property
    def compact(self) -> str:
        return self.rotations[0]

    def __bool__(self) -> bool:
        return bool(self.words)


@lru_cache(maxsize=65536)
def read(text: str) -> Name:
    """`Name(text)`, remembered: lists repeat the same names many times."""
    return Name(text)


def clear_caches() -> None:
    """Forget remembered names (benchmarks start each run cold)."""
    read.cache_clear()
    words_of.cache_clear()
    _arabic_word.cache_clear()
    _latin_word.cache_clear()


def key(text: str) -> str:
    """The canonical skeleton of a name, words separated by spaces, e.g. `mhmd lm` for محمد العلمي."""
    return " ".join(read(text).words)


def block_keys(name: Name) -> set[str]:
    """Short keys for blocking: the first two skeleton letters of each word (and of the joined words)."""
    keys = {word[:2] for word in name.words}
    keys.add(name.compact[:2])
    return keys


def similarity(a: str | Name, b: str | Name) -> float:
    """0..1 how alike two names sound, in any script and any word order."""
    return name_similarity(a if isinstance(a, Name) else read(a), b if isinstance(b, Name) else read(b))


def name_similarity(a: Name, b: Name) -> float:
    """`similarity` for names already read; Levenshtein on joined skeletons, the best rotation of either."""
    if not a or not b:
        return 0.0
    best = 0.0
    for rotation in b.rotations:
        best = max(best, Levenshtein.normalized_similarity(a.compact, rotation))
    for rotation in a.rotations[1:]:
        best = max(best, Levenshtein.normalized_similarity(rotation, b.compact))
    return best


@lru_cache(maxsize=65536)
def words_of(text: str) -> tuple[str, ...]:
    """The words of a name as skeletons, each ending with `FEMININE` when it ends with a long "a"."""
    if not text:
        return ()
    text = unicodedata.normalize("NFKC", str(text))
    text = to_ascii_digits(_AR_MARKS.sub("", text)).translate(_AR_SAME)
    text = _APOSTROPHES.sub("'", text)
    raw = [w for w in _SEPARATORS.split(text) if w]
    words = []
    for word in _joined(_split_latin_elision(raw)):
        skeleton = _arabic_word(word) if _is_arabic(word) else _latin_word(word)
        # Larbi = العربي, Lahcen = الحسن, Lamrani = El Amrani: a leading l may be the article
        if skeleton.startswith("l") and len(skeleton.rstrip(FEMININE)) > 1:
            skeleton = skeleton[1:]
        if skeleton:
            words.append(skeleton)
    return tuple(words)


def _is_arabic(word: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in word)


def _split_latin_elision(words: list[str]) -> list[str]:
    """L'Houcine → article dropped; M'hamed, M'barek → one word."""
    out = []
    for word in words:
        if "'" in word and not _is_arabic(word):
            head, _, rest = word.partition("'")
            if head.lower() in ("l", "d") and rest:
                out.append(rest.replace("'", ""))
                continue
            word = word.replace("'", "")
        if word.strip("'"):
            out.append(word.strip("'"))
    return out


def _joined(words: list[str]) -> list[str]:
    """Join compounds (عبد الله, Abd El Kader, Ben Ali, ال detached) and drop free-standing articles."""
    out = []
    pending = ""
    for index, word in enumerate(words):
        low = strip_accents(word).lower()
        following = words[index + 1] if index + 1 < len(words) else ""
        if not _is_arabic(word) and not pending:
            if low in _LATIN_ARTICLES and following:
                continue  # El Alami → Alami (the glued form loses its article in `_latin_word`)
            if _assimilated(low, following):
                continue  # Es-Saidi, Ez-Zahra, Ech-Chaoui
        if following and (
            word in _AR_JOIN_NEXT or low in _LATIN_JOIN_NEXT or (pending and low in _LATIN_ARTICLES)
        ):
            pending += word
            continue
        out.append(pending + word)
        pending = ""
    if pending:
        out.append(pending)
    return out


def _assimilated(low: str, following: str) -> bool:
    """The article before a sun letter written as its own word: `es` Saidi, `ech` Chaoui, `ez` Zahra."""
    if len(low) < 2 or low[0] not in "ae" or not following:
        return False
    rest = low[1:]
    return rest in _SUN_LATIN and strip_accents(following).lower().startswith(rest)


@lru_cache(maxsize=65536)  # first and family names recur across thousands of people
def _arabic_word(word: str) -> str:
    word = "".join(ch for ch in word if "\u0600" <= ch <= "\u06ff")
    if len(word) > 3 and word.startswith("ال") and word not in _AR_NOT_ARTICLE:
        word = word[2:]
    if not word:
        return ""
    marked = ""
    if word.endswith(("اة", "آة")):
        word = word[:-2] + "ت"  # نجاة, حياة: Najat, Hayat
    elif word.endswith("اء"):
        marked, word = FEMININE, word[:-2]  # وفاء, أسماء: Wafae, Asmae
    elif word[-1] in "ةىا" or (word[-1] == "ه" and len(word) > 1 and word[-2] != "ل"):
        marked, word = FEMININE, word[:-1]  # فاطمة (or فاطمه), هدى, رضا; not الله
    letters = []
    for position, ch in enumerate(word):
        if ch in "وي" and position == 0:
            letters.append("w" if ch == "و" else "y")
        elif ch in _AR_VOWELS:
            continue
        else:
            letters.append(_AR_CONSONANTS.get(ch, ""))
    return _tidy("".join(letters)) + marked


@lru_cache(maxsize=65536)
def _latin_word(word: str) -> str:
    word = strip_accents(word).lower()
    word = "".join(ch for ch in word if "a" <= ch <= "z")
    if len(word) >= 6 and word.startswith("el") and not word.startswith("ell"):
        word = word[2:]  # Elalami, Elidrissi, Elhassani: the article glued on
    if not word:
        return ""
    marked = FEMININE if word.endswith(("a", "ae", "aa")) and len(word) > 1 else ""
    for old, new in _LATIN_SOUNDS:
        word = word.replace(old, new)
    word = re.sub(r"c(?=[eiy])", "s", word).replace("c", "k").replace("ʃ", "c")
    word = re.sub(r"g(?=[eiy])", "j", re.sub(r"gu(?=[eiy])", "g", word))  # Gihane = Jihane; Guessous
    letters = []
    if word.startswith("ou") and len(word) > 2 and word[2] in _LATIN_VOWELS:
        letters.append("w")  # Ouafae, Ouarda: و; but Oussama, Oumaima: a vowel
        word = word[2:]
    elif word[0] in "wy" and len(word) > 1 and word[1] in _LATIN_VOWELS:
        letters.append(word[0])
        word = word[1:]
    letters.extend(ch for ch in word if ch not in _LATIN_VOWELS and ch != "w")
    return _tidy("".join(letters)) + marked


def _tidy(skeleton: str) -> str:
    """Collapse doubled letters; drop the silent l of ال before a sun letter in compounds (Abderrahmane)."""
    skeleton = re.sub(r"(.)\1+", r"\1", skeleton)
    if skeleton.startswith("bdl") and len(skeleton) > 3 and skeleton[3] in _SUN and skeleton[3] != "l":
        skeleton = "bd" + skeleton[3:]
    return skeleton
