import datetime
import math
import random
import types

import pytest
from django.urls import reverse
from django.utils import translation
from PIL import Image

from caravans.models import Session
from core.models import AuditEntry
from core.permissions import PERMISSIONS, Role
from documents import ordering, sheets
from documents.testing import PROJECT_FONT_NAMES, embedded_fonts, pages_text, rasterise
from people import fakes
from people.models import Person, SoulaliyateCommunity
from places.models import Province
from registration.models import Decision, Registration, new_badge_code
from registration.services import register
from registration.tests.factories import person

# (Arabic, Latin) in the order an Arabic list expects: by family name (the last word, with its particle),
# letter by letter as written, hamza forms of alef as alef, the article counted, diacritics ignored, one word
# after the other; the given name breaks a tie; people with a Latin name only come last. Given names run
# backwards, so a list sorted by given name would come out reversed.
IN_ORDER = [
    ("يوسف أخريف", "Youssef Akhrif"),
    ("ياسين الأحمدي", "Yassine Ahmadi"),
    ("وفاء الزهراوي", "Wafae Zahraoui"),
    ("هند المُحَمَّدي", "Hind Mohammadi"),
    ("نعيمة آيت علي", "Naima Ait Ali"),
    ("مريم بن علي", "Meryem Ben Ali"),
    ("خديجة بنعلي", "Khadija Bénali"),
    ("سعاد بنعلي", "Souad Benali"),
    ("كريمة عبد الرحمن", "Karima Abderrahmane"),
    ("فاطمة عبد الله", "Fatima Abdellah"),
    ("أمينة عبدالله", "Amina Abdallah"),
    ("", "Sarah Martin"),
]
# The same people on a French sheet: by Latin family name, accents and case folded (Bénali is Benali).
FRENCH_ORDER = [
    "Amina Abdallah", "Fatima Abdellah", "Karima Abderrahmane", "Yassine Ahmadi", "Naima Ait Ali",
    "Youssef Akhrif", "Meryem Ben Ali", "Khadija Bénali", "Souad Benali", "Sarah Martin", "Hind Mohammadi",
    "Wafae Zahraoui",
]  # fmt: skip


def header(key):
    return next(column.header for column in sheets.COLUMNS if column.key == key)


def sheet_url(caravan, date=None, **params):
    url = reverse("documents:sign_in_sheet_day", args=[caravan.slug, date or caravan.start_date])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def pdf_of(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return response.content


def accept(caravan, **fields):
    registration = register(
        caravan, person(**fields), profile="project_holder", channel="staff", project_idea="تربية النحل"
    )
    assert registration.decision == Decision.ACCEPTED
    return registration


def accept_many(caravan, count):
    """`count` accepted registrations of fake people, written at once as a list import leaves them."""
    province = Province.objects.get(code="MA-TNG")
    people = Person.objects.bulk_create(
        Person(
            full_name_ar=fake.full_name_ar,
            full_name_latin=fake.full_name_latin,
            cin=f"K{900000 + fake.id}",
            phone=f"+2126{fake.id:08d}",
            province=province,
        )
        for fake in fakes.people(count, seed=3)
    )
    Registration.objects.bulk_create(
        Registration(
            person=p,
            caravan=caravan,
            profile="project_holder",
            channel="import",
            decision=Decision.ACCEPTED,
            badge_code=new_badge_code(),
        )
        for p in people
    )


@pytest.fixture
def tricky(demo):
    shuffled = IN_ORDER[:]
    random.Random(1).shuffle(shuffled)
    for arabic, latin in shuffled:
        accept(demo, full_name_ar=arabic, full_name_latin=latin)
    return demo


def shuffled_people():
    people = [
        types.SimpleNamespace(full_name_ar=arabic, full_name_latin=latin, pk=n)
        for n, (arabic, latin) in enumerate(IN_ORDER)
    ]
    random.Random(7).shuffle(people)
    return people


def test_it_sorts_an_arabic_list_by_family_name_as_an_arabic_list_is_read():
    in_order = sorted(shuffled_people(), key=lambda p: ordering.person_sort_key(p, "ar"))
    assert [p.full_name_latin for p in in_order] == [latin for _, latin in IN_ORDER]


def test_it_sorts_a_french_list_by_family_name_in_french_order():
    in_order = sorted(shuffled_people(), key=lambda p: ordering.person_sort_key(p, "fr"))
    assert [p.full_name_latin for p in in_order] == FRENCH_ORDER


@pytest.mark.parametrize(
    "full_name, family",
    [
        ("Fatima Zahra El Alami", "El Alami"),
        ("Mohamed Ould Ben Ali", "Ould Ben Ali"),
        ("Naima Aït Ali", "Aït Ali"),
        ("محمد بن علي", "بن علي"),
        ("أحمد عبد الله", "عبد الله"),
        ("فاطمة الزهراء أولاد احمد", "أولاد احمد"),
        ("خديجة العلمي", "العلمي"),
        ("Ben Ali", "Ali"),  # a given name is always left
        ("Bouchra", "Bouchra"),
        ("", ""),
    ],
)
def test_it_reads_the_family_name_as_the_last_word_with_its_particles(full_name, family):
    assert ordering.family_name(full_name) == family


def test_it_takes_spelling_variants_for_the_same_letters():
    key = ordering.arabic_sort_key
    assert key("أحمد")[0] == key("احمد")[0] == key("إحمد")[0]
    assert key("مُحَمَّد")[0] == key("مـحـمـد")[0] == key("محمد")[0]
    assert key("فاطمة")[0] == key("فاطمت")[0] and key("مصطفى")[0] == key("مصطفي")[0]
    assert key("زكرياء")[0] == key("زكريا")[0]
    assert key("فاطمة") != key("فاطمه")  # spellings that sort alike still keep a stable order


def test_it_lists_accepted_people_in_that_order_with_their_numbers(personas, tricky):
    refused = register(tricky, person(full_name_latin="Karima Soussi"), profile="project_holder",
                       channel="staff", project_idea="")  # fmt: skip
    assert refused.decision != Decision.ACCEPTED
    pdf = pdf_of(personas["organiser"].get(sheet_url(tricky, lang="fr")))
    (text,) = pages_text(pdf)
    positions = [text.index(latin) for latin in FRENCH_ORDER]
    assert positions == sorted(positions)
    assert "Karima Soussi" not in text
    for number, latin in enumerate(FRENCH_ORDER, start=1):
        assert f"{number} {latin}" in text
    arabic = [r.person.full_name_latin for r in sheets.listed(tricky, "ar")]
    assert arabic == [latin for _, latin in IN_ORDER]  # the Arabic sheet's order


def test_it_repeats_the_header_on_every_page_and_numbers_them(personas, demo):
    accept_many(demo, 230)
    expected = math.ceil(230 / sheets.ROWS_PER_PAGE)
    pdf = pdf_of(personas["organiser"].get(sheet_url(demo, lang="ar")))
    pages = pages_text(pdf)
    assert len(pages) == expected == sheets.page_count(230)
    with translation.override("ar"):
        headers = [str(c.header) for c in sheets.COLUMNS]
    for number, text in enumerate(pages, start=1):
        assert demo.title_ar in text
        assert "2025" in text and "فبراير" in text  # the day, on every page
        # The table's head; pypdf reads the number column's «ر.ت» in two pieces, split at its dot.
        assert all(header.split()[-1] in text for header in headers[1:]) and "ت." in text
        assert f"{number} / {expected}" in text
    assert "230" in pages[-1]  # the total
    assert sum(text.count(" / ") for text in pages) == expected


def test_it_fits_a_full_last_page_and_its_total_on_the_same_page(personas, demo):
    accept_many(demo, 2 * sheets.ROWS_PER_PAGE)
    pages = pages_text(pdf_of(personas["organiser"].get(sheet_url(demo, lang="fr"))))
    assert len(pages) == 2
    assert str(2 * sheets.ROWS_PER_PAGE) in pages[-1]


def test_it_masks_cin_and_phone_on_the_sheet_everyone_signs_and_audits_it(personas, demo):
    accept(demo, full_name_ar="سعاد العلمي", cin="KB123456", phone="+212612345678")
    pdf = pdf_of(personas["organiser"].get(sheet_url(demo, lang="fr")))
    (text,) = pages_text(pdf)
    assert "KB****56" in text and "06 •• •• •• 78" in text
    assert "123456" not in text and "12 34 56" not in text
    entry = AuditEntry.objects.get(action="personal_data.exported")
    assert entry.actor.username == "organiser"
    assert entry.details["document"] == "sign_in_sheet"
    assert entry.details["date"] == demo.start_date.isoformat()
    assert set(entry.details["columns"]) >= {"cin", "phone", "community"}
    assert not AuditEntry.objects.filter(action="personal_data.viewed").exists()


def test_it_prints_the_organisers_full_copy_apart_and_audits_who_viewed_it(personas, demo):
    accept(demo, full_name_ar="سعاد العلمي", cin="KB123456", phone="+212612345678")
    response = personas["organiser"].get(sheet_url(demo, lang="fr", copy="full"))
    (text,) = pages_text(pdf_of(response))
    assert "KB123456" in text and "06 12 34 56 78" in text
    assert "Exemplaire des organisateurs" in text and "-full-" in response["Content-Disposition"]
    entry = AuditEntry.objects.get(action="personal_data.viewed")
    assert entry.actor.username == "organiser" and entry.object_id == str(demo.pk)
    assert entry.details["document"] == "sign_in_sheet_full"
    assert entry.details["date"] == demo.start_date.isoformat()


def test_it_refuses_the_full_copy_to_a_role_without_personal_data(personas, demo, monkeypatch):
    monkeypatch.setitem(PERMISSIONS, "personal_data.view", {Role.COORDINATOR})
    accept(demo, full_name_ar="سعاد العلمي", cin="KB123456")
    assert personas["organiser"].get(sheet_url(demo, copy="full")).status_code == 403
    shop = Session.objects.filter(day__caravan=demo, kind=Session.Kind.WORKSHOP).first()
    assert personas["trainer"].get(group_sheet_url(shop, copy="full")).status_code == 403
    assert not AuditEntry.objects.filter(action__startswith="personal_data.").exists()


def test_it_prints_each_person_s_soulaliyate_community(personas, demo):
    community = SoulaliyateCommunity.objects.create(
        name_ar="الجماعة السلالية أولاد الحاج", name_fr="Communauté soulaliyate Oulad El Haj",
        province=Province.objects.get(code="MA-TNG"),
    )  # fmt: skip
    accept(demo, full_name_ar="سعاد العلمي", full_name_latin="Souad Alami", community=community)
    accept(demo, full_name_ar="نجاة الريفي", full_name_latin="Najat Rifi", community=None,
           community_declared="آيت باها")  # fmt: skip
    (french,) = pages_text(pdf_of(personas["organiser"].get(sheet_url(demo, lang="fr"))))
    assert "Communauté soulaliyate Oulad El Haj" in french and "آيت باها" in french
    with translation.override("fr"):
        assert str(header("community")).split()[0] in french
    (arabic,) = pages_text(pdf_of(personas["organiser"].get(sheet_url(demo, lang="ar"))))
    assert "أولاد الحاج" in arabic


def test_it_leaves_cin_and_phone_out_for_a_role_without_personal_data(personas, demo, monkeypatch):
    monkeypatch.setitem(PERMISSIONS, "personal_data.view", {Role.COORDINATOR})
    accept(demo, full_name_ar="سعاد العلمي", cin="KB123456", phone="+212612345678")
    pdf = pdf_of(personas["organiser"].get(sheet_url(demo, lang="fr", columns="cin,phone,signature")))
    (text,) = pages_text(pdf)
    assert "سعاد العلمي" in text
    assert "KB123456" not in text and "12 34 56" not in text and "56 78" not in text
    assert not AuditEntry.objects.filter(action="personal_data.exported").exists()


def test_it_prints_only_the_columns_asked_for(personas, demo):
    accept(demo, full_name_ar="سعاد العلمي", cin="KB123456", phone="+212612345678")
    pdf = pdf_of(personas["coordinator"].get(sheet_url(demo, lang="fr", columns="signature")))
    (text,) = pages_text(pdf)
    assert "سعاد العلمي" in text  # number and name are always there
    assert "KB123456" not in text and "56 78" not in text
    with translation.override("fr"):
        assert str(header("commune")) not in text
        assert str(header("signature")) in text
    assert not AuditEntry.objects.filter(action="personal_data.exported").exists()
    keys = [c.key for c in sheets.columns_asked("phone, commune,unknown", personal_data=True)]
    assert keys == ["number", "name", "commune", "phone"]


def test_it_prints_a_session_sheet_with_the_session_in_its_header(personas, demo):
    accept(demo, full_name_ar="سعاد العلمي")
    session = Session.objects.filter(day__caravan=demo).order_by("day__date", "starts_at")[1]
    url = reverse("documents:sign_in_sheet_session", args=[demo.slug, session.pk])
    (text,) = pages_text(pdf_of(personas["organiser"].get(url + "?lang=fr")))
    assert session.title_fr in text
    assert f"{session.starts_at:%H:%M}–{session.ends_at:%H:%M}" in text
    assert "Caravane d'étude" in text and "février 2025" in text


def test_it_finds_no_sheet_outside_the_caravan(personas, demo):
    client = personas["organiser"]
    outside = demo.end_date + datetime.timedelta(days=1)
    assert client.get(sheet_url(demo, outside)).status_code == 404
    assert client.get(f"/staff/caravans/{demo.slug}/sign-in/2025-02-30.pdf").status_code == 404
    missing = reverse("documents:sign_in_sheet_session", args=[demo.slug, 999_999])
    assert client.get(missing).status_code == 404


@pytest.mark.parametrize("persona", ["trainer", "agent", "anonymous"])
def test_it_refuses_roles_that_may_not_see_registrations(personas, demo, persona):
    session = Session.objects.filter(day__caravan=demo).first()
    for url in [
        sheet_url(demo),
        reverse("documents:sign_in_sheet_session", args=[demo.slug, session.pk]),
    ]:
        response = personas[persona].get(url)
        if persona == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_it_draws_pages_people_can_look_at(personas, tricky, language):
    pdf = pdf_of(personas["organiser"].get(sheet_url(tricky, lang=language)))
    fonts = embedded_fonts(pdf)
    assert set(fonts) <= PROJECT_FONT_NAMES and set(fonts.values()) == {"/Identity-H"}
    images = rasterise(pdf, f"sign-in-sheet-{language}")
    darkest, lightest = Image.open(images[0]).convert("L").getextrema()
    assert darkest < 100 < lightest


def group_sheet_url(session, **params):
    url = reverse("documents:sign_in_sheet_group", args=[session.day.caravan.slug, session.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


@pytest.fixture
def two_groups(tricky):
    """The tricky names split between the two workshops of the demo's second day, alternately."""
    from onsite.models import GroupAssignment

    day = tricky.days.order_by("date")[1]
    first, second = Session.objects.filter(day=day, kind=Session.Kind.WORKSHOP).order_by("id")[:2]
    people = sheets.listed(tricky)
    for n, registration in enumerate(people):
        GroupAssignment.objects.create(registration=registration, day=day, session=(first, second)[n % 2])
    return first, second, people


def test_it_prints_a_group_sheet_listing_exactly_that_group_in_order(personas, two_groups):
    first, second, people = two_groups
    (text,) = pages_text(pdf_of(personas["trainer"].get(group_sheet_url(first, lang="fr"))))
    listed = [r.person.full_name_latin for r in people[0::2]]
    positions = [text.index(latin) for latin in FRENCH_ORDER if latin in listed]  # a French sheet
    assert positions == sorted(positions)
    assert not any(r.person.full_name_latin in text for r in people[1::2])
    assert first.title_fr in text and first.room.name_fr in text
    assert f"{len(listed)} participants" in text
    (arabic,) = pages_text(pdf_of(personas["organiser"].get(group_sheet_url(second, lang="ar"))))
    for registration in people[1::2]:  # by the Latin line: the font draws الله as one glyph
        assert registration.person.full_name_latin in arabic
    assert people[0].person.full_name_ar not in arabic


def test_it_leaves_cin_and_phone_off_the_group_sheet_of_a_trainer(personas, two_groups):
    first, _second, people = two_groups
    (text,) = pages_text(
        pdf_of(personas["trainer"].get(group_sheet_url(first, lang="fr", columns="cin,phone")))
    )
    assert people[0].person.cin not in text
    assert not AuditEntry.objects.filter(action="personal_data.exported").exists()
    personas["organiser"].get(group_sheet_url(first, lang="fr"))
    entry = AuditEntry.objects.get(action="personal_data.exported")
    assert entry.details["group"] is True and entry.details["session"] == first.pk


def test_it_cuts_a_large_group_into_pages(personas, demo):
    from onsite.models import GroupAssignment

    accept_many(demo, sheets.ROWS_PER_PAGE + 3)
    day = demo.days.order_by("date")[2]
    shop = Session.objects.filter(day=day, kind=Session.Kind.WORKSHOP).first()
    GroupAssignment.objects.bulk_create(
        GroupAssignment(registration=r, day=day, session=shop)
        for r in Registration.objects.filter(caravan=demo)
    )
    pages = pages_text(pdf_of(personas["organiser"].get(group_sheet_url(shop, lang="ar"))))
    assert len(pages) == 2 and shop.title_ar in pages[1]


def test_it_has_no_group_sheet_for_a_session_that_is_not_a_workshop(personas, demo):
    plenary = Session.objects.filter(day__caravan=demo, kind=Session.Kind.PLENARY).first()
    assert personas["organiser"].get(group_sheet_url(plenary)).status_code == 404


@pytest.mark.parametrize("persona", ["agent", "anonymous"])
def test_it_refuses_a_group_sheet_to_roles_that_do_not_run_groups(personas, demo, persona):
    shop = Session.objects.filter(day__caravan=demo, kind=Session.Kind.WORKSHOP).first()
    response = personas[persona].get(group_sheet_url(shop))
    if persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize(
    ("language", "certify", "title", "name"),
    [
        ("ar", "يشهد بصحته", "رئيسة قسم دعم التنمية القروية", "نادية قبادو"),
        ("fr", "Certifié", "Cheffe de la division d'appui au développement rural", "Nadia Qabbadou"),
    ],
)
def test_it_names_who_certifies_the_sheet_as_the_certificates_name_their_signatories(
    personas, demo, language, certify, title, name
):
    from caravans.models import Signatory

    accept(demo, full_name_ar="سعاد العلمي")
    blank = pages_text(pdf_of(personas["organiser"].get(sheet_url(demo, lang=language))))[-1]
    assert title not in blank
    Signatory.objects.create(
        caravan=demo,
        document=Signatory.Document.SIGN_IN_SHEET,
        name_ar="نادية قبادو",
        name_fr="Nadia Qabbadou",
        title_ar="رئيسة قسم دعم التنمية القروية",
        title_fr="Cheffe de la division d'appui au développement rural",
    )
    signed = " ".join(pages_text(pdf_of(personas["organiser"].get(sheet_url(demo, lang=language)))))
    assert certify in signed and title in signed and name in signed
