import datetime
import io
import re

import pytest
import segno
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from documents import badges
from documents.testing import PROJECT_FONT_NAMES, embedded_fonts, pages_text, rasterise
from people.services import find_or_create_cooperative
from places.models import Province
from registration.models import Decision
from registration.services import register
from registration.tests.factories import person


def pdf_of(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return response.content


NAMES = [("فاطمة", "Fatima"), ("خديجة", "Khadija"), ("عائشة", "Aicha"), ("مريم", "Meryem"), ("زينب", "Zineb"),
         ("نعيمة", "Naima"), ("حفيظة", "Hafida"), ("رشيدة", "Rachida"), ("مليكة", "Malika"), ("لطيفة", "Latifa"),
         ("كريمة", "Karima")]  # fmt: skip


def accept(caravan, profile="project_holder", **fields):
    cooperative = None
    if profile == "cooperative_member":
        province = Province.objects.get(code="MA-TNG")
        founded = datetime.date(2023, 5, 1)
        cooperative, _ = find_or_create_cooperative("تعاونية النحلة", province=province, founded_on=founded)
    registration = register(
        caravan,
        person(**fields),
        profile=profile,
        channel="staff",
        cooperative=cooperative,
        project_idea="تربية النحل",
    )
    assert registration.decision == Decision.ACCEPTED and registration.badge_code
    return registration


def batch_url(caravan, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("documents:badges_pdf", args=[caravan.slug]) + (f"?{query}" if query else "")


def badge_url(registration, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    url = reverse("documents:badge_pdf", args=[registration.caravan.slug, registration.pk])
    return url + (f"?{query}" if query else "")


@pytest.fixture
def eleven(demo):
    """Eleven accepted people (two sheets: 8 + 3) and one who is not accepted."""
    accepted = [
        accept(
            demo,
            full_name_ar=f"{arabic} العلمي",
            full_name_latin=f"{latin} El Alami",
            cin=f"KB1234{n:02d}",
            phone=f"+2126123456{n:02d}",
        )
        for n, (arabic, latin) in enumerate(NAMES)
    ]
    refused = register(demo, person(full_name_latin="Amal Soussi"), profile="project_holder",
                       channel="staff", project_idea="")  # fmt: skip
    assert refused.decision != Decision.ACCEPTED
    return accepted


def test_it_prints_eight_badges_a_sheet_for_everybody_accepted(personas, demo, eleven):
    pages = pages_text(pdf_of(personas["organiser"].get(batch_url(demo, lang="fr"))))
    assert len(pages) == 2
    text = " ".join(pages)
    for registration in eleven:
        assert registration.person.full_name_latin in text
        assert registration.person.full_name_ar in text
        assert registration.badge_code in text  # printed for typing when the QR code cannot be read
    assert "Amal Soussi" not in text
    assert pages[0].count("Caravane d'étude et de sensibilisation") == 8
    assert pages[1].count("Caravane d'étude et de sensibilisation") == 3
    assert "Tanger-Assilah" in text  # the province


def test_it_prints_the_organisers_real_names_at_the_foot_never_an_acronym(personas, demo, eleven):
    (french,) = pages_text(pdf_of(personas["agent"].get(badge_url(eleven[0], lang="fr", paper="badge"))))
    assert "Office du Développement de la Coopération" in french
    assert "Préfecture de Tanger-Assilah" in french
    assert not re.search(r"\b(ODCO|DAR|PTA|ESS|INDH)\b", french)
    (arabic,) = pages_text(pdf_of(personas["agent"].get(badge_url(eleven[0], lang="ar", paper="badge"))))
    assert "مكتب تنمية التعاون" in arabic and "ODCO" not in arabic


@pytest.mark.parametrize(
    "profile, sex, arabic, french",
    [
        ("project_holder", "female", "حاملة مشروع", "Porteuse de projet"),
        ("project_holder", "male", "حامل مشروع", "Porteur de projet"),
        ("cooperative_member", "female", "عضوة تعاونية", "Membre de coopérative"),
        ("cooperative_member", "male", "عضو تعاونية", "Membre de coopérative"),
        ("project_holder", "", "(ة)", "Porteur(se) de projet"),
    ],
)
def test_it_gives_the_profile_in_the_person_s_gender_when_it_is_known(
    personas, demo, profile, sex, arabic, french
):
    registration = accept(demo, profile=profile, sex=sex)
    for language, expected in (("ar", arabic), ("fr", french)):
        url = badge_url(registration, lang=language, paper="badge")
        (text,) = pages_text(pdf_of(personas["agent"].get(url)))
        assert expected in text.replace(")ة(", "(ة)")  # pypdf mirrors the brackets of an Arabic line
    if sex:
        assert "(ة)" not in text and "(se)" not in text


def test_it_sorts_badges_by_family_name(personas, demo):
    for arabic, latin in [("يوسف الزياني", "Youssef Zyani"), ("أمينة البقالي", "Amina Bakkali"),
                          ("خديجة التطواني", "Khadija Tetouani")]:  # fmt: skip
        accept(demo, full_name_ar=arabic, full_name_latin=latin)
    assert [r.person.full_name_latin for r in badges.for_caravan(demo, language="fr")] == [
        "Amina Bakkali",
        "Khadija Tetouani",
        "Youssef Zyani",
    ]
    assert [r.person.full_name_ar for r in badges.for_caravan(demo, language="ar")] == [
        "أمينة البقالي",
        "خديجة التطواني",
        "يوسف الزياني",
    ]


def test_it_never_prints_cin_phone_or_birth_date(personas, demo, eleven):
    text = " ".join(pages_text(pdf_of(personas["coordinator"].get(batch_url(demo, lang="fr")))))
    assert "KB1234" not in text
    assert "6123456" not in text and "12 34 56" not in text
    assert "1990" not in text


def test_it_prints_a_blank_group_line_while_there_are_no_groups(personas, demo, eleven):
    (text,) = pages_text(pdf_of(personas["agent"].get(badge_url(eleven[0], lang="fr"))))
    assert "Groupe :" in text  # the line, in the badge's language, with no workshop day after it
    assert not any(f"{day:%d/%m}" in text for day in demo.dates())


def test_it_filters_by_province_and_profile(personas, demo, eleven):
    tetouan = Province.objects.get(code="MA-TET")
    other = accept(demo, full_name_latin="Souad Tetouani", province=tetouan, profile="project_holder")
    member = accept(demo, full_name_latin="Hafida Coop", profile="cooperative_member")
    client = personas["organiser"]
    (text,) = pages_text(pdf_of(client.get(batch_url(demo, province="MA-TET"))))
    assert "Souad Tetouani" in text and "Fatima El Alami" not in text
    (text,) = pages_text(pdf_of(client.get(batch_url(demo, profile="cooperative_member"))))
    assert member.person.full_name_latin in text and other.person.full_name_latin not in text


def test_it_says_so_when_no_one_matches(personas, demo):
    url = batch_url(demo, province="MA-HOC", lang="fr")
    (text,) = pages_text(pdf_of(personas["organiser"].get(url)))
    assert (
        "matches these filters" in text or "correspond à ces filtres" in text
    )  # before or after the catalogs


def test_it_reprints_a_lost_badge_with_the_same_code(personas, demo, eleven):
    registration = eleven[3]
    code = registration.badge_code
    for _ in range(2):
        (text,) = pages_text(pdf_of(personas["agent"].get(badge_url(registration, lang="ar"))))
        assert code in text and registration.person.full_name_ar in text
    registration.refresh_from_db()
    assert registration.badge_code == code


def test_it_prints_a_badge_on_a_page_of_its_size_for_badge_printers(personas, demo, eleven):
    pdf = pdf_of(personas["agent"].get(badge_url(eleven[0], paper="badge")))
    (page,) = PdfReader(io.BytesIO(pdf)).pages
    millimetres = [round(float(side) * 25.4 / 72) for side in (page.mediabox.width, page.mediabox.height)]
    assert millimetres == [90, 65]


def test_it_has_no_badge_for_a_registration_not_accepted_or_of_another_caravan(personas, demo, eleven):
    refused = register(demo, person(), profile="project_holder", channel="staff", project_idea="")
    client = personas["agent"]
    assert client.get(badge_url(refused)).status_code == 404
    url = reverse("documents:badge_pdf", args=[demo.slug, 999_999])
    assert client.get(url).status_code == 404


def test_it_draws_the_qr_code_of_the_badge_code():
    code = "K7M2QX9PZA"
    svg = badges.qr_svg(code)
    assert code not in svg  # the SVG holds the modules only
    qr = segno.make(code, error="m", micro=False)
    assert qr.designator.startswith("1-")  # a full QR code of version 1 (21 × 21), not a Micro QR
    matrix = qr.matrix
    dark = {(x, y) for y, row in enumerate(matrix) for x, bit in enumerate(row) if bit}
    assert _modules(svg) == dark


def test_it_prints_qr_codes_a_phone_can_read(personas, demo, eleven):
    zxingcpp = pytest.importorskip("zxingcpp")
    pdf = pdf_of(personas["organiser"].get(batch_url(demo, lang="ar")))
    images = rasterise(pdf, "badges-qr", resolution=150)
    found = {result.text for result in zxingcpp.read_barcodes(Image.open(images[0]))}
    first_sheet = {r.badge_code for r in badges.for_caravan(demo)[: badges.PER_SHEET]}
    assert found == first_sheet


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_it_draws_pages_people_can_look_at(personas, demo, eleven, language):
    pdf = pdf_of(personas["organiser"].get(batch_url(demo, lang=language)))
    fonts = embedded_fonts(pdf)
    assert set(fonts) <= PROJECT_FONT_NAMES and set(fonts.values()) == {"/Identity-H"}
    images = rasterise(pdf, f"badges-{language}")
    darkest, lightest = Image.open(images[0]).convert("L").getextrema()
    assert darkest < 100 < lightest


@pytest.mark.parametrize("persona", ["trainer", "agent", "anonymous"])
def test_it_refuses_a_batch_to_roles_that_may_not_see_registrations(personas, demo, persona):
    response = personas[persona].get(batch_url(demo))
    if persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", ["trainer", "anonymous"])
def test_it_refuses_one_badge_to_roles_that_do_not_check_people_in(personas, demo, eleven, persona):
    response = personas[persona].get(badge_url(eleven[0]))
    if persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403


def _modules(svg):
    """The dark modules an SVG path of unit squares draws: segno writes horizontal runs as `M x y h n`
    (with `m` relative moves), each run one module high."""
    path = re.search(r' d="([^"]+)"', svg).group(1)
    dark, x, y = set(), 0.0, 0.0
    for command, a, b in re.findall(r"([MmHhVv])\s*(-?[\d.]+)(?:[ ,](-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        elif command in "hH":
            end = x + float(a) if command == "h" else float(a)
            dark |= {(int(column), int(y - 0.5)) for column in range(int(min(x, end)), int(max(x, end)))}
            x = end
    return dark


def test_it_prints_each_day_s_workshop_group_on_the_badge(personas, demo, eleven):
    from caravans.models import Session
    from onsite.models import GroupAssignment

    workshops = Session.objects.filter(day__caravan=demo, kind=Session.Kind.WORKSHOP).select_related("room")
    first_day, second_day = sorted({session.day.date for session in workshops})
    first = workshops.filter(day__date=first_day).order_by("id").first()  # room 1
    second = workshops.filter(day__date=second_day).order_by("-id").first()  # room 3
    day_one, day_two = first.day, second.day
    registration = eleven[0]
    GroupAssignment.objects.create(registration=registration, day=day_two, session=second)
    GroupAssignment.objects.create(registration=registration, day=day_one, session=first)
    (text,) = pages_text(pdf_of(personas["agent"].get(badge_url(registration, lang="fr"))))
    # The workshop's topic (what the person chose), shortened to the badge's width; never the room.
    shown = [badges._short(session.title_fr).rstrip("…") for session in (first, second)]
    assert all(label in text for label in shown)
    assert first.room.name_fr not in text and second.room.name_fr not in text
    assert text.index(f"{day_one.date:%d/%m}") < text.index(f"{day_two.date:%d/%m}")
    pdf = pdf_of(personas["agent"].get(badge_url(registration, lang="ar", paper="badge")))
    (text,) = pages_text(pdf)
    assert "قاعة الورشات" not in text and first.title_ar.split()[0] in text
    rasterise(pdf, "badge-with-groups-ar", resolution=150)


def test_it_shortens_a_long_workshop_topic_to_fit_the_badge(demo):

    label = badges._short("Atelier pratique : stratégies de commercialisation des produits")
    assert len(label) == badges.GROUP_LABEL_LENGTH and label.endswith("…")
