"""Issue #13, one vocabulary: the catalogues and the bilingual data use the glossary's terms (docs/glossary.yaml),
and a number never stands right before a counted noun that only ngettext could put in the right form."""

import re

import polib
import pytest
import yaml
from django.conf import settings

from programmes.reasons import MESSAGES
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
    for code, (ar, fr) in MESSAGES.items():
        yield f"programmes/reasons.py {code}", None, ar if language == "ar" else fr
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


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def offences(language, texts):
    """One line per rejected variant found in `texts`, naming the concept, the variant and where it is."""
    found = []
    for concept in GLOSSARY:
        variants = rejected(concept, language)
        for where, english, text in texts:
            if not concept.get("everywhere") and (english is None or not about(concept, english)):
                continue
            words = PLACEHOLDER.sub("", text)  # «%(session)s» names a value, it is not a word of the text
            for variant in variants:
                if match := variant.search(words):
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


# One form of address: the pages speak to staff and participants in the polite plural («أضيفوا»، «اختاروا»،
# «أدخلوا»). A sentence opening with one of these singular imperatives breaks that choice. A shadda is optional
# where the word has one; any other mark after the word (أُدخل, passive; أعدّ, past) is another word. With a pronoun
# only where the past tense is written otherwise («أدخله الفريق» is "the staff entered it").
SINGULAR_IMPERATIVES = [
    "اختر", "أدخل", "أضف", "احذف", "اربط", "اكتب", "تحقق", "اترك", "احتفظ", "اطلب", "أعد", "ضع", "افتح",
    "انتظر", "جرّب", "احفظ", "ألغ", "سلّم", "تفقد", "اطبع", "ادمج", "حدد", "قارن", "وجّه", "ابحث", "أرسل",
    "اخترها", "أضفه", "ادعه", "اتركه", "احفظه", "اطبعها", "احذفه",
]  # fmt: skip
SINGULAR_COMMAND = re.compile(
    r"(?:^|[.:!؟؛،]\s+)(?:(?:ثم|أو)\s+)?[وف]?"
    + "(" + "|".join(word.replace("\u0651", "\u0651?") for word in SINGULAR_IMPERATIVES) + ")"
    + r"(?![\u0600-\u06ff])"
)  # fmt: skip


def singular_commands(entries):
    """«msgid: the imperative» for each translation that opens a sentence with a singular imperative."""
    return [
        f"msgid {msgid!r}: «{match[1]}» in {text}"
        for msgid, text in entries
        for match in [SINGULAR_COMMAND.search(text)]
        if match
    ]


def test_it_speaks_to_people_in_the_polite_plural_only():
    entries = [
        (entry.msgid, text)
        for entry in catalogue("ar")
        if entry.msgid and not (entry.obsolete or entry.fuzzy)
        for text in translations(entry)
    ]
    assert singular_commands(entries) == []


def test_it_finds_a_singular_imperative_at_the_start_of_a_sentence_only():
    assert singular_commands(
        [
            ("Choose", "اختر كلمة المرور"),
            ("Full", "القافلة ممتلئة: ألغ تسجيلا أو ارفع الطاقة الاستيعابية أولا."),
            ("Try", "لا يوجد أي تسجيل. جرّب البحث بالاسم."),
            ("Plural", "اختاروا كلمة المرور ثم أدخلوها"),
            ("Passive", "أُدخل عدد كبير من الرموز الخاطئة."),
            ("Prepared", "أعدّ الفريق اللائحة."),
            ("Middle", "رقم الهاتف غير صحيح"),
        ]
    ) == [
        "msgid 'Choose': «اختر» in اختر كلمة المرور",
        "msgid 'Full': «ألغ» in القافلة ممتلئة: ألغ تسجيلا أو ارفع الطاقة الاستيعابية أولا.",
        "msgid 'Try': «جرّب» in لا يوجد أي تسجيل. جرّب البحث بالاسم.",
    ]


# An amount in a sentence is written as core.i18n.figure writes the computed ones: narrow no-break spaces between
# thousands («60 000 درهم», «60 000 MAD»), never «60.000 درهم», «60,000», an ordinary space or «60000».
UNEVEN_AMOUNT = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:[., \u00a0]\d{3})+|\d{4,})(?=\s*(?:درهم|MAD\b|dirhams?\b))"
)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_it_writes_every_amount_in_a_sentence_one_way(language):
    assert [
        f"{where}: {text}" for where, _english, text in texts(language) if UNEVEN_AMOUNT.search(text)
    ] == []


def test_it_tells_an_amount_written_another_way():
    uneven = ["تجهيزات بقيمة 60.000 درهم", "équipement 60 000 MAD", "60,000 MAD", "قرض 1500 درهم"]
    even = ["تجهيزات بقيمة 60\u202f000 درهم", "équipement 60\u202f000 MAD", "45 MAD", "القانون رقم 112.12"]
    assert [text for text in uneven + even if UNEVEN_AMOUNT.search(text)] == uneven
