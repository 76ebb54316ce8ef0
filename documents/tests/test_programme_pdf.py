import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from PIL import Image

from caravans.models import Caravan, Session
from documents.testing import PROJECT_FONT_NAMES, embedded_fonts, pages_text, rasterise

URL = "/caravans/tanger-2025/programme.pdf"


def programme(client, query=""):
    response = client.get(URL + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response


def test_it_prints_the_programme_in_arabic_by_default(client, demo):
    response = programme(client)
    assert 'filename="programme-tanger-2025-ar.pdf"' in response["Content-Disposition"]
    text = " ".join(pages_text(response.content))
    assert "قافلة دراسية وتحسيسية لدعم مشاريع التعاونيات السلالية" in text
    assert "دور التعاونيات في بناء عالم أفضل" in text
    # The organisers head the first page side by side (pypdf reads that one line's cells right to left).
    # «عمالة طنجة-أصيلة» (official hyphen): pypdf reads the hyphenated name in another order.
    assert "مكتب تنمية التعاون" in text and "عمالة طنجة" in text and "أصيلة" in text
    assert "مديرية الشؤون القروية" in text
    assert "الشركة الوطنية للضمان وتمويل المقاولة" in text  # partner
    assert (
        "الثلاثاء" in text and "فبراير" in text
    )  # (pypdf misplaces digits inside Arabic lines: see testing.py)
    assert "آليات تطوير التعاونيات السلالية" in text
    assert "مؤطر مكتب تنمية التعاون" in text  # speaker, with their institution
    assert "القاعة الكبرى" in text and "قاعة الورشات" in text
    assert "التعاونيات السلالية المؤسسة منذ أقل من ثلاث سنوات" in text  # target audience


def test_it_writes_times_left_to_right_in_arabic(client, demo):
    text = " ".join(pages_text(programme(client, "?lang=ar").content))
    assert "09:30–10:15" in text
    assert "10:15–09:30" not in text and "30:09" not in text


def test_it_prints_french_when_asked(client, demo):
    response = programme(client, "?lang=fr")
    text = " ".join(pages_text(response.content))
    assert "Caravane d'étude et de sensibilisation pour les coopératives soulaliyates" in text
    assert "mardi 4 février 2025" in text
    assert "Mécanismes de développement des coopératives soulaliyates" in text
    assert "Office du Développement de la Coopération" in text
    assert "Grande salle" in text
    assert "09:30–10:15" in text
    assert "قافلة" not in text


def test_it_follows_the_visitors_language_without_a_query(client, demo):
    client.get("/language/fr/?next=/")
    assert "Grande salle" in " ".join(pages_text(programme(client).content))
    assert "القاعة الكبرى" in " ".join(pages_text(programme(client, "?lang=ar").content))


def test_it_ignores_a_language_it_does_not_speak(client, demo):
    response = programme(client, "?lang=en")
    assert 'filename="programme-tanger-2025-ar.pdf"' in response["Content-Disposition"]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_it_fits_the_demo_programme_on_a_few_numbered_pages(client, demo, language):
    pages = pages_text(programme(client, f"?lang={language}").content)
    assert 2 <= len(pages) <= 4
    for number, text in enumerate(pages, start=1):
        assert f"{number} / {len(pages)}" in text


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_it_sets_the_programme_only_in_the_project_fonts(client, demo, language):
    fonts = embedded_fonts(programme(client, f"?lang={language}").content)
    assert set(fonts) <= PROJECT_FONT_NAMES
    assert set(fonts.values()) == {"/Identity-H"}  # no character without its glyph


def test_it_renders_in_a_fixed_number_of_queries(client, demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(11):  # with the success stories put on its sessions
        response = programme(client, "?lang=fr")
    text = " ".join(pages_text(response.content))
    for title in Session.objects.filter(day__caravan=demo).values_list("title_fr", flat=True):
        assert title in text, title
    assert "Grande salle" in text and "Office du Développement de la Coopération" in text


def test_it_does_not_reveal_a_draft_caravan(client, demo):
    Caravan.objects.filter(pk=demo.pk).update(status=Caravan.Status.DRAFT)
    assert client.get(URL).status_code == 404
    outsider = get_user_model().objects.create_user("outsider", password="pw")
    stranger = Client()
    stranger.force_login(outsider)
    assert stranger.get(URL).status_code == 404


def test_it_lets_the_caravan_staff_print_a_draft_programme(personas, demo):
    Caravan.objects.filter(pk=demo.pk).update(status=Caravan.Status.DRAFT)
    assert personas["anonymous"].get(URL).status_code == 404
    assert personas["organiser"].get(URL).status_code == 200


def test_it_answers_404_for_an_unknown_caravan(client, demo):
    assert client.get("/caravans/nowhere/programme.pdf").status_code == 404


def test_it_refuses_to_write(client, demo):
    assert client.post(URL).status_code == 405


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_it_draws_pages_people_can_look_at(client, demo, language):
    images = rasterise(programme(client, f"?lang={language}").content, f"pdf-programme-{language}")
    assert len(images) >= 2
    for image in images:
        darkest, lightest = Image.open(image).convert("L").getextrema()
        assert darkest < 100 < lightest


@pytest.mark.parametrize(
    "lang, opening, break_title",
    [("ar", "جلسة افتتاحية أو اختتامية", "استراحة"), ("fr", "Séance d'ouverture ou de clôture", "Pause")],
)
def test_it_prints_the_opening_and_the_closing_as_such_and_a_break_once(
    client, demo, lang, opening, break_title
):
    text = " ".join(pages_text(programme(client, f"?lang={lang}").content))
    kinds = Session.objects.filter(day__caravan=demo)
    assert text.count(opening) == kinds.filter(kind=Session.Kind.OPENING_CLOSING).count() == 2
    # A break's title says what it is: no kind line repeats it under the title.
    assert text.count(break_title) == kinds.filter(kind=Session.Kind.BREAK).count()
    assert "مراسم" not in text and "cérémonie" not in text
