"""Issue #13, one vocabulary: the catalogues and the bilingual data use the glossary's terms (docs/glossary.yaml),
and a number never stands right before a counted noun that only ngettext could put in the right form."""

import re

import polib
import pytest
import yaml
from django.conf import settings

from registration.reasons import REASONS

GLOSSARY = yaml.safe_load((settings.BASE_DIR / "docs" / "glossary.yaml").read_text(encoding="utf-8"))
# The data files whose Arabic and French texts are shown on pages (their `ar`/`fr` and `*_ar`/`*_fr` keys).
DATA = [
    "programmes/data/support_programmes_texts.yaml",
    "projects/data/cooperative_procedure.yaml",
    "core/data/sectors.yaml",
    "registration/data/registration_columns.yaml",
]
# Before an Arabic variant: the conjunctions, the prepositions joined to the word, and the article.
PROCLITICS = r"(?<!\w)[وف]?(?:لل|[بكل]?(?:ال)?)"


def catalogue(language):
    return polib.pofile(str(settings.BASE_DIR / "qafila" / "locale" / language / "LC_MESSAGES" / "django.po"))


def translations(entry):
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def rejected(concept, language):
    """The concept's rejected variants in `language`, compiled."""
    words = concept.get("rejected", {}).get(language, [])
    prefix = PROCLITICS if language == "ar" else r"\b"
    return [re.compile(prefix + f"(?:{word})", re.IGNORECASE) for word in words] + [
        re.compile(pattern, re.IGNORECASE) for pattern in concept.get("patterns", {}).get(language, [])
    ]


def about(concept, english):
    return re.search(concept["en"], english, re.IGNORECASE) and english not in concept.get("ignore", [])


def texts(language):
    """(where, English or None, text) for every translation in `language`: the catalogue, reasons, data."""
    for entry in catalogue(language):
        if entry.msgid and not entry.obsolete and not entry.fuzzy:  # what the compiled catalogue holds
            english = f"{entry.msgid} {entry.msgid_plural}".strip()
            for text in translations(entry):
                yield f"msgid {entry.msgid!r}", english, text
    for reason in REASONS.values():
        yield f"registration/reasons.py {reason.code}", reason.summary, getattr(reason, language)
    for path in DATA:
        for where, text in bilingual(yaml.safe_load((settings.BASE_DIR / path).read_text()), language):
            yield f"{path} {where}", None, text


def bilingual(node, language, where=""):
    """The `language` texts of a YAML tree: the values of its `ar` or `*_ar` keys (for "ar"), with their path."""
    if isinstance(node, dict):
        for key, value in node.items():
            if (key == language or str(key).endswith(f"_{language}")) and isinstance(value, str):
                yield f"{where}.{key}", value
            else:
                yield from bilingual(value, language, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from bilingual(value, language, f"{where}[{index}]")


def offences(language, texts):
    """One line per rejected variant found in `texts`, naming the concept, the variant and where it is."""
    found = []
    for concept in GLOSSARY:
        variants = rejected(concept, language)
        for where, english, text in texts:
            if not concept.get("everywhere") and (english is None or not about(concept, english)):
                continue
            for variant in variants:
                if match := variant.search(text):
                    found.append(f"{concept['concept']}: «{match[0]}» in {where}: {text}")
    return found


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_it_finds_no_rejected_variant_of_a_glossary_term(language):
    assert offences(language, list(texts(language))) == []


def test_it_names_the_entry_with_a_rejected_variant_and_leaves_the_same_word_in_another_sense():
    found = offences(
        "ar",
        [
            ("msgid 'Satisfaction per trainer'", "Satisfaction per trainer", "الرضا حسب المكون"),
            ("msgid 'Value of one share'", "Value of one share", "قيمة الحصة الواحدة"),
            ("data.yaml .fr", None, "يتكون الفريق من منظمين ومؤطرين"),
            ("data.yaml .ar", None, "يقدم الملف إلى مكتب الضبط، وليس في طلب عروض"),
        ],
    )
    assert found == [
        "trainer: «المكون» in msgid 'Satisfaction per trainer': الرضا حسب المكون",
        "call for projects: «طلب عروض» in data.yaml .ar: يقدم الملف إلى مكتب الضبط، وليس في طلب عروض",
    ]


# A number right before these plural nouns reads wrong for 3–10 or for 11 and more («3 مقعدا», «12 نساء»,
# «لمدة 15 سنوات»): such a count goes through ngettext's six forms, or is written «الاسم: العدد».
COUNTED = "مقعدا|مقاعد|نساء|رجال|سنوات|سنة|أرقام|جوابا|أجوبة|مشاركا|مشاركين|أيام|يوما|أشخاص|شخصا"
NUMBER_THEN_NOUN = re.compile(r"(%\(\w+\)[sd]|%[sd]|\{\w+\})\s+(" + COUNTED + r")(?!\w)")


def test_it_puts_no_counted_noun_right_after_a_number_outside_plural_forms():
    found = [
        f"msgid {entry.msgid!r}: {entry.msgstr}"
        for entry in catalogue("ar")
        if entry.msgid
        and not (entry.obsolete or entry.fuzzy or entry.msgid_plural)
        and NUMBER_THEN_NOUN.search(entry.msgstr)
    ]
    assert found == []
