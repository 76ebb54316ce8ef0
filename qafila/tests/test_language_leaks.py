"""No text in the wrong language: the demo's key pages and PDFs, in Arabic and in French, scanned word by word.

An Arabic page may show Latin letters only in names the data holds in Latin (people, usernames), codes (badge
codes, references, CIN, certificate numbers, addresses, e-mails) and the acronyms of ALLOWED_ACRONYMS; a French
page may show Arabic letters only in names (people, the communities and places the data names in Arabic only).
Each leak is reported with the page and the word, so a failure says what to translate.
"""

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse

from caravans.models import Caravan, Speaker
from certificates.models import Certificate
from certificates.services import issue_all
from core.i18n import amount
from documents.testing import pages_text
from onsite.demo import load_demo_attendance
from onsite.groups.demo import load_demo_groups
from onsite.models import GroupAssignment
from people.models import Cooperative, Person, SoulaliyateCommunity
from places.models import Commune, Province, Region
from programmes import describe
from programmes.forms import ProgrammeForm
from programmes.matching import match
from programmes.models import SupportProgramme
from programmes.services import load_catalogue
from programmes.tests.factories import facts, programme, saved_programme
from programmes.tests.test_pages import form_data
from projects.demo import load_demo_projects
from projects.models import Project
from registration.models import Registration

# Latin acronyms that Moroccan Arabic administrative texts and screens write as they are, and why each is kept:
ALLOWED_ACRONYMS = {
    "QR",  # «رمز QR»: the code's only short name, so written on Arabic forms and ministries' sites
    "PDF",  # file formats: «ملف PDF», «CSV», «XLSX» name what the button downloads, as on Arabic sites
    "CSV",
    "XLSX",
}
# Names that have no Arabic form in use: a product's, a programme's, the map's required attribution.
NAMES_IN_LATIN = {"Excel", "OpenStreetMap", "Start-TPE"}
# The language switcher names each language in its own script, on every page.
LANGUAGE_NAMES = {name for _code, name in settings.LANGUAGES}

LATIN_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœ]+")
ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+")
# Codes and addresses, removed before looking for words: URLs, e-mails, site names, masked CIN (AB****56, glued
# to the name before it in a PDF's extracted text), and tokens mixing capitals and digits (QAF-2025-0001, A4).
CODES = re.compile(
    r"https?://\S+|[\w.+-]+@[\w-]+\.[\w.]+|\b(?:[a-z0-9-]+\.)+[a-z]{2,}\b|[A-Z]{1,2}\*+\d*"
    r"|\b(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9-]{2,}\b"
)
SHOWN_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")


class _Text(HTMLParser):
    """The text a reader sees: text nodes and the attributes read aloud or shown, never scripts or styles."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        self.parts += [value for name, value in attrs if name in SHOWN_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html):
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def _words(values, pattern):
    return {word.casefold() for value in values if value for word in pattern.findall(value)}


def allowed_words():
    """{"ar": Latin words an Arabic page may show, "fr": Arabic words a French page may show}: names only."""
    people = list(Person.objects.values_list("full_name_ar", "full_name_latin"))
    people += Certificate.objects.values_list("holder_name_ar", "holder_name_latin")
    speakers = list(Speaker.objects.values_list("name_ar", "name_fr"))
    # Names the data holds in one script only are shown as they are in the other language.
    named = [
        (ar, fr)
        for model in (Cooperative, SoulaliyateCommunity, Region, Province, Commune)
        for ar, fr in model.objects.values_list("name_ar", "name_fr")
    ]
    latin_only = [fr for ar, fr in named if not ar]
    codes = Registration.objects.values_list("badge_code", "reference")
    arabic_only = [ar for ar, fr in named if not fr]
    return {
        "ar": _words([latin for _ar, latin in people + speakers] + latin_only, LATIN_WORD)
        | _words([code for pair in codes for code in pair] + [*NAMES_IN_LATIN, *LANGUAGE_NAMES], LATIN_WORD)
        | {a.casefold() for a in ALLOWED_ACRONYMS},
        "fr": _words([ar for ar, _latin in people + speakers] + arabic_only, ARABIC_WORD)
        | _words(LANGUAGE_NAMES, ARABIC_WORD),
    }


def _strings(value):
    """Every string inside a JSON value (a financial plan's labels, a canvas's answers)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [s for item in value for s in _strings(item)] if isinstance(value, list) else []


def typed_by_people(project):
    """What a project's holder and trainer wrote, in the language they wrote it: shown as written, never translated."""
    steps = project.founding_steps.values_list("note", flat=True)
    return [project.title, *_strings(project.canvas), *_strings(project.financial_plan), *steps]


def letterhead(caravan):
    """The kingdom's and authorities' names a document's head prints in Arabic and French side by side, as
    Moroccan official letterheads do."""
    try:  # the editable letterhead of issue #13 (caravans.letterhead), when it is there
        from caravans.letterhead import KINGDOM, letterhead_for
    except ImportError:
        return []
    head = letterhead_for(caravan)
    fields = ("ministry", "directorate", "territory")
    return [*KINGDOM, *(getattr(head, f"{f}_{language}") for f in fields for language in ("ar", "fr"))]


def leaks(text, language, allowed):
    """The words of `text` in the other script that are not allowed, in order of first appearance."""
    if language == "ar":
        found = LATIN_WORD.findall(CODES.sub(" ", text))
    else:
        found = ARABIC_WORD.findall(text)
    return list(dict.fromkeys(w for w in found if w.casefold() not in allowed))


def test_it_finds_a_latin_word_in_arabic_text_but_not_a_code_an_acronym_or_a_name():
    allowed = {"fatima", "zahra", "qr"}
    text = "بطاقة Fatima-Zahra رمز QR AUHAHKS5ZD QAF-2025-0001 https://qafila.example.ma/verify/1 غير undated"
    assert leaks(text, "ar", allowed) == ["undated"]


def test_it_finds_an_arabic_word_in_french_text_but_not_a_name():
    assert leaks("Porteuse : فاطمة الزهراء, dossier غير مؤرخ", "fr", {"فاطمة", "الزهراء"}) == ["غير", "مؤرخ"]


def test_it_reads_the_text_a_reader_sees_and_not_the_scripts():
    html = '<p title="Aide">نص</p><script>var undated = 1;</script><img alt="Logo"><style>p{}</style>'
    assert visible_text(html).split() == ["Aide", "نص", "Logo"]


def test_it_writes_amounts_one_way_per_language():
    assert amount(Decimal("12500"), "ar") == "12\u202f500\u202fدرهم"
    assert amount(1200000, "fr") == "1\u202f200\u202f000\u202fMAD"


def test_it_gives_in_both_languages_what_the_research_file_writes_in_one():
    undated = programme(state="unclear", sources_as_of="undated (Plan Maroc Vert era)")
    (reason,) = match(undated, facts()).reasons
    assert "(أحدث مصدر: غير مؤرخ (فترة مخطط المغرب الأخضر))" in reason.message_ar
    assert "(source la plus récente : non daté (époque du Plan Maroc Vert))" in reason.message_fr
    assert describe.source_date(programme(sources_as_of="2024-10"), "ar") == "2024-10"
    loan = programme(rate="2 % HT (urbain) ; 1,75 % HT (rural)")
    assert describe.amounts(loan, "ar") == [
        "سعر الفائدة: 2% دون احتساب الرسوم في الوسط الحضري؛ 1,75% دون احتساب الرسوم في الوسط القروي"
    ]
    assert describe.amounts(loan, "fr") == ["Taux : 2 % HT en milieu urbain ; 1,75 % HT en milieu rural"]


def test_it_refuses_a_programme_text_written_in_one_language_only(db):
    intelaka = saved_programme(
        key="intelaka", summary_ar="قروض بسعر تفضيلي", summary_fr="Prêts à taux préférentiel"
    )
    form = ProgrammeForm(
        form_data(intelaka, summary_ar="", status_note_ar="انطلق سنة 2020"), instance=intelaka
    )
    assert not form.is_valid()
    assert set(form.errors) == {"summary_ar", "status_note_fr"}


def test_it_shows_nothing_rather_than_a_text_written_only_in_the_other_language(demo, client, settings):
    """An organiser who wrote the slogan, the audience or a day's theme in Arabic only: the French pages leave it
    out; names (a cooperative's, a venue's) still show as written, in either script."""
    demo.slogan_fr = demo.audience_fr = ""
    demo.save()
    demo.days.update(theme_fr="")
    demo.venues.update(name_fr="")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = visible_text(client.get(reverse("caravans:detail", kwargs={"slug": demo.slug})).content.decode())
    pdf = " ".join(pages_text(b"".join(client.get(reverse("documents:programme_pdf", args=[demo.slug])))))
    venue = demo.venues.get().name_ar
    allowed = _words([venue, *letterhead(demo)], ARABIC_WORD) | allowed_words()["fr"]
    assert venue in page
    assert leaks(page, "fr", allowed) == [] and leaks(pdf, "fr", allowed) == []
    assert Cooperative(name_ar="تعاونية الأمل").name == "تعاونية الأمل"


@pytest.fixture
def finished_demo(demo_surveys):
    """The demo as `qafila demo` leaves it: groups, attendance, the programme catalogue, projects, certificates."""
    caravan = Caravan.objects.get(pk=Registration.objects.first().caravan_id)
    load_demo_groups(caravan)
    load_demo_attendance(caravan)
    load_catalogue()
    load_demo_projects(caravan)
    issue_all(caravan, None)
    return caravan


def pages(caravan):
    """(label, address, PDF?, texts shown as written there) of the pages and documents scanned: one of each kind
    a reader meets."""
    slug = {"slug": caravan.slug}
    # The project with the most filled in: a financial plan, matched programmes, canvas blocks.
    project = max(
        Project.objects.filter(caravans=caravan).order_by("pk"),
        key=lambda p: (bool(p.financial_plan), len(p.canvas)),
    )
    typed = typed_by_people(project)
    intelaka = SupportProgramme.objects.get(key="intelaka")
    unclear = SupportProgramme.objects.filter(state="unclear").order_by("key")
    certificate = Certificate.objects.filter(caravan=caravan).order_by("number").first()
    workshop = GroupAssignment.objects.filter(day__caravan=caravan).order_by("session_id").first().session
    badge_holder = Registration.objects.accepted().filter(caravan=caravan).order_by("pk").first()
    head = letterhead(caravan)
    return [
        ("public caravan page", reverse("caravans:detail", kwargs=slug), False, []),
        ("programme catalogue", reverse("programmes:list"), False, []),
        ("programme finder (loans, all)", reverse("programmes:list") + "?kind=loan&state=all", False, []),
        ("programme page (intelaka)", reverse("programmes:detail", args=[intelaka.pk]), False, []),
        *[
            (f"programme page ({p.key})", reverse("programmes:detail", args=[p.pk]), False, [])
            for p in unclear
        ],
        ("project's matches page", reverse("projects:detail", args=[project.pk]), False, typed),
        ("project's canvas", reverse("projects:canvas_start", args=[project.pk]), False, typed),
        ("caravan report", reverse("reports:caravan_report", kwargs=slug), False, []),
        ("caravan hub", reverse("caravan_hub", kwargs=slug), False, []),
        ("registration list", reverse("registration:staff_registrations", kwargs=slug), False, []),
        ("certificate verify page", reverse("certificates:verify", args=[certificate.number]), False, []),
        ("programme PDF", reverse("documents:programme_pdf", kwargs=slug), True, head),
        (
            "project dossier PDF",
            reverse("documents:project_dossier", args=[project.pk]),
            True,
            [*head, *typed],
        ),
        (
            "certificate PDF",
            reverse("documents:certificate_pdf", kwargs={**slug, "pk": certificate.pk}),
            True,
            head,
        ),
        ("report PDF", reverse("reports:report_pdf", kwargs=slug), True, head),
        # One badge and one workshop group's sheet print every label of the whole batches, in a tenth of the time.
        ("badge PDF", reverse("documents:badge_pdf", kwargs={**slug, "pk": badge_holder.pk}), True, head),
        (
            "sign-in sheet PDF",
            reverse("documents:sign_in_sheet_group", kwargs={**slug, "session_id": workshop.pk}),
            True,
            head,
        ),
    ]


def test_it_shows_no_word_in_the_other_language_on_the_demos_pages_and_documents(finished_demo, personas):
    client = personas["coordinator"]
    allowed = allowed_words()
    found = []
    for language in ("ar", "fr"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        pattern = LATIN_WORD if language == "ar" else ARABIC_WORD
        for label, address, is_pdf, shown_as_written in pages(finished_demo):
            if is_pdf:
                response = client.get(address, {"lang": language})
                assert response.status_code == 200, (label, response.status_code)
                text = " ".join(pages_text(b"".join(response) if response.streaming else response.content))
            else:
                response = client.get(address, follow=True)
                assert response.status_code == 200, (label, response.status_code)
                text = visible_text(response.content.decode())
            here = allowed[language] | _words(shown_as_written, pattern)
            found += [f"{language} · {label}: {word}" for word in leaks(text, language, here)]
    assert not found, "Words in the other language:\n" + "\n".join(found)
