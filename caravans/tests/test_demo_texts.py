"""The demo caravan's texts follow the news item it comes from and mark what was invented for it."""

import pytest
from django.urls import reverse
from django.utils import translation

from caravans.models import Room, Speaker

pytestmark = pytest.mark.django_db


def test_it_uses_the_titles_of_the_officials_the_news_item_names(demo):
    roles = set(Speaker.objects.filter(caravan=demo).values_list("role_ar", flat=True))
    assert "رئيسة قسم دعم التنمية القروية بمديرية الشؤون القروية" in roles
    assert "المندوب الجهوي لمكتب تنمية التعاون" in roles
    assert "ممثل مديرية الشؤون القروية" not in roles


def test_it_places_the_caravan_in_the_international_year_of_cooperatives_2025(demo, client):
    assert "في إطار السنة الدولية للتعاونيات 2025" in demo.slogan_ar
    assert "Année internationale des coopératives 2025" in demo.slogan_fr
    page = client.get(reverse("caravans:detail", args=[demo.slug])).content.decode()
    assert "في إطار السنة الدولية للتعاونيات 2025" in page


def test_it_marks_the_invented_venue_and_rooms_as_examples(demo):
    rooms = Room.objects.filter(venue__caravan=demo).select_related("venue")
    assert rooms.exists()
    for room in rooms:
        assert room.name_ar.endswith("(مثال)") and room.name_fr.endswith("(exemple)")
    venue = rooms[0].venue
    assert venue.name_ar.endswith("(مثال)") and venue.name_fr.endswith("(exemple)")  # a real street, a map link
    assert "طنجة-أصيلة" in venue.name_ar  # the official hyphenated name


def test_it_speaks_of_soulaliyate_communities_not_ethnic_collectivities(demo):
    texts = [demo.audience_fr, *demo.days.values_list("sessions__title_fr", flat=True)]
    assert not any("collectivités" in (text or "") for text in texts)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_it_says_each_days_kind_once_before_its_theme(demo, client, settings, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("caravans:detail", args=[demo.slug])).content.decode()
    assert ("عروض المؤسسات الشريكة" if language == "ar" else "Exposés des institutions partenaires") in page
    for day in demo.days.all():
        with translation.override(language):
            assert not getattr(day, f"theme_{language}").startswith(str(day.get_kind_display()))
