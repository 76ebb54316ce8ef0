"""A soulaliyate community's representative (نائب الجماعة السلالية) on its record, and the demo's communities
named in full so that nobody reads them as communes."""

import pytest
from django.urls import reverse

from people.models import SoulaliyateCommunity
from places.models import Province

pytestmark = pytest.mark.django_db


def test_it_shows_each_communitys_representative_where_its_members_list_is_loaded(personas, demo):
    SoulaliyateCommunity.objects.create(
        province=Province.objects.get(code="MA-TNG"),
        name_ar="الجماعة السلالية أولاد علي",
        representative="علي بناني",
    )
    url = reverse("registration:staff_members_list", args=[demo.slug])
    personas["organiser"].cookies["django_language"] = "ar"
    page = personas["organiser"].get(url).content.decode()
    assert "نائب الجماعة السلالية" in page and "علي بناني" in page


def test_the_demo_names_its_communities_in_full_with_an_example_representative(demo_registrations):
    communities = SoulaliyateCommunity.objects.all()
    assert communities.exists()
    for community in communities:
        assert community.name_ar.startswith("الجماعة السلالية ") and "(تجريبي)" in community.name_ar
        assert community.name_fr.startswith("Communauté soulaliyate ")
        assert community.representative.endswith("(مثال)")
