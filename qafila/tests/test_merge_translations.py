import io
import json

import polib
from django.core.management import call_command

HEADER = """msgid ""
msgstr ""
"Language: ar\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5;\\n"
"""

CATALOGUE = (
    HEADER
    + """
msgid "Check-in"
msgstr ""

#, fuzzy
#| msgid "Sign out"
msgid "Sign in"
msgstr "تسجيل الخروج"

msgid "Badge"
msgstr "الشارة"

msgctxt "month"
msgid "May"
msgstr ""

msgid "May"
msgstr ""

msgid "%(counter)s row"
msgid_plural "%(counter)s rows"
msgstr[0] ""
msgstr[1] ""
msgstr[2] ""
msgstr[3] ""
msgstr[4] ""
msgstr[5] ""

msgid "%(counter)s seat"
msgid_plural "%(counter)s seats"
msgstr[0] ""
msgstr[1] ""
msgstr[2] ""
msgstr[3] ""
msgstr[4] ""
msgstr[5] ""

msgid "Topic"
msgstr ""

msgid "Speaker"
msgstr ""
"""
)

SIX_ROWS = ["لا صف", "صف واحد", "صفان", "%(counter)s صفوف", "%(counter)s صفا", "%(counter)s صف"]
DRAFTS = {
    "a.json": {
        "Check-in": {"ar": "تسجيل الحضور", "fr": "Accueil"},
        "Sign in": {"ar": "تسجيل الدخول", "fr": "Connexion"},
        "Badge": {"ar": "البطاقة", "fr": "Badge"},
        "May": {"context": "month", "ar": "ماي", "fr": "mai"},
        "%(counter)s row": {"plural": "%(counter)s rows", "ar_plural": SIX_ROWS, "fr_plural": ["a", "b"]},
        "%(counter)s seat": {"ar_plural": ["مقعد", "مقعدان"], "fr_plural": ["place", "places"]},
        "Topic": {"ar": "المحور", "fr": "Thème"},
        "Gone from the code": {"ar": "…", "fr": "…"},
    },
    "b.json": {"Topic": {"ar": "الموضوع", "fr": "Thème"}},
}


def catalogue_and_drafts(tmp_path):
    po = tmp_path / "locale" / "ar" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text(CATALOGUE, encoding="utf-8")
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    for name, content in DRAFTS.items():
        (drafts / name).write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return po, drafts


def merge(po, drafts, *options):
    out = io.StringIO()
    call_command("merge_translations", str(po), "--drafts", str(drafts), *options, stdout=out)
    return out.getvalue()


def entry(po, msgid, msgctxt=None):
    return polib.pofile(str(po)).find(msgid, msgctxt=msgctxt)


def test_it_fills_empty_and_fuzzy_translations_with_their_context_and_plural_forms(tmp_path):
    po, drafts = catalogue_and_drafts(tmp_path)

    out = merge(po, drafts)

    assert "4 translations filled" in out
    assert entry(po, "Check-in").msgstr == "تسجيل الحضور"
    signed_in = entry(po, "Sign in")
    assert signed_in.msgstr == "تسجيل الدخول" and not signed_in.fuzzy and signed_in.previous_msgid is None
    assert entry(po, "May", msgctxt="month").msgstr == "ماي"
    assert entry(po, "May").msgstr == ""  # the draft is for the month, not for this May
    assert entry(po, "%(counter)s row").msgstr_plural == dict(enumerate(SIX_ROWS))


def test_it_keeps_a_reviewed_translation_unless_forced(tmp_path):
    po, drafts = catalogue_and_drafts(tmp_path)

    merge(po, drafts)
    assert entry(po, "Badge").msgstr == "الشارة"

    assert "1 translations filled" in merge(po, drafts, "--force")
    assert entry(po, "Badge").msgstr == "البطاقة"


def test_it_reports_what_it_could_not_fill_and_leaves_it_empty(tmp_path):
    po, drafts = catalogue_and_drafts(tmp_path)

    out = merge(po, drafts)

    assert "Drafts for a msgid that no catalogue has (1):\n  Gone from the code\n" in out
    assert "Untranslated, and no draft for them (2):\n  ar: May\n  ar: Speaker\n" in out
    assert "Drafts that disagree with each other, left as they were (1):\n  ar: Topic\n" in out
    assert "Drafts whose forms do not fit the catalogue's entry (1):\n  ar: %(counter)s seat\n" in out
    assert entry(po, "Topic").msgstr == ""
    assert entry(po, "%(counter)s seat").msgstr_plural[0] == ""


def test_a_dry_run_writes_nothing_and_a_second_run_fills_nothing(tmp_path):
    po, drafts = catalogue_and_drafts(tmp_path)

    assert "4 translations to fill" in merge(po, drafts, "--dry-run")
    assert po.read_text(encoding="utf-8") == CATALOGUE

    merge(po, drafts)
    merged = po.read_text(encoding="utf-8")
    assert "0 translations filled" in merge(po, drafts)
    assert po.read_text(encoding="utf-8") == merged
