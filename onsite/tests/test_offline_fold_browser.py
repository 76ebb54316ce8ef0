"""The offline page searches names with fold.js: in a real chromium it folds tricky names exactly as the server's
`core.text.fold` and `fold_compact` do, so a phone without network finds the people the server would."""

from pathlib import Path

import pytest

from core.text import fold, fold_compact

pytestmark = pytest.mark.browser

FOLD_JS = Path(__file__).resolve().parents[1] / "static" / "onsite" / "offline" / "fold.js"

NAMES = [
    # hamza forms of alef, on waw and yeh, alone; alef maqsura; taa marbuta
    "أحمد إبراهيم آمنة ٱلحسن",
    "مؤمن هانئ مصطفى فاطمة سماء",
    "ا\u0654حمد",  # alef then a combining hamza: composed first, then folded like أ
    # diacritics, tatweel, shadda and dagger alef
    "فَاطِمَةُ الزَّهْرَاءُ",
    "محـــمد عبد الرحمٰن",
    # presentation forms and ligatures of old keyboards and PDFs
    "ﻓﺎﻃﻤﺔ ﻻ ﷲ",
    # Persian yeh and keheh, Arabic-Indic and Persian digits
    "یاسمین کریم ١٢٣ ۴۵۶",
    # direction marks and zero-width characters pasted with a name
    "\u200fزينب\u200e \u202bالعلوي\u202c\u2066\u2069 \ufeffسعاد\u200b",
    # Latin: accents, case, ligatures, full width, Turkish dotted I
    "Fátima-Zahrâ ÉLODIE Aït Œuvre",
    "ＦＡＴＩＭＡ ﬁlali İlknur Ǆemal straße",
    # spaces, dashes, apostrophes, dots, slashes, brackets
    "  Ait   Ben-Haddou  ",
    "M’hamed O'Brien el.alaoui (ép. Tazi) / Bennani_Smith",
    "Hassan\u00a0Idrissi\u2003Ouardighi\tTazi\nKenza",
    "a\x1cb\x85c",
    # both scripts in one name
    "زهرة Zahra بنت-Mohamed",
    "",
    "ـ",
]


def test_fold_js_folds_names_as_the_server_does(new_page):
    page = new_page()
    page.set_content("<!doctype html><title>fold</title>")
    page.add_script_tag(content=FOLD_JS.read_text(encoding="utf-8"))
    folded = page.evaluate("names => names.map(n => [QafilaFold.fold(n), QafilaFold.foldCompact(n)])", NAMES)
    for name, (js, js_compact) in zip(NAMES, folded, strict=True):
        assert (js, js_compact) == (fold(name), fold_compact(name)), repr(name)
    assert folded[0][0] == "احمد ابراهيم امنه الحسن"  # the list says something: names really fold
    assert page.evaluate("QafilaFold.fold(null)") == ""
