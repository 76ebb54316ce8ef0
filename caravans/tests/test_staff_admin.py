"""The Django admin lists and searches the caravans' and places' records (a back door for national staff)."""

import pytest
from django.contrib.auth import get_user_model

MODELS = [
    "caravans/caravan",
    "caravans/organisation",
    "caravans/venue",
    "caravans/room",
    "caravans/day",
    "caravans/session",
    "caravans/speaker",
    "caravans/staffassignment",
    "places/region",
    "places/province",
    "places/commune",
]


@pytest.fixture
def admin_client_(client, demo):
    client.force_login(get_user_model().objects.create_superuser("root", password="x"))
    return client


@pytest.mark.parametrize("model", MODELS)
def test_it_lists_and_searches_each_model(admin_client_, model):
    listed = admin_client_.get(f"/admin/{model}/")
    assert listed.status_code == 200 and listed.context["cl"].result_count > 0
    assert admin_client_.get(f"/admin/{model}/", {"q": "tanger"}).status_code == 200
    nothing = admin_client_.get(f"/admin/{model}/", {"q": "no such record"})
    assert nothing.status_code == 200 and nothing.context["cl"].result_count == 0


def test_it_edits_a_caravan_with_its_partners_and_staff_inline(admin_client_, demo):
    page = admin_client_.get(f"/admin/caravans/caravan/{demo.pk}/change/").content.decode()
    assert "partnerships-TOTAL_FORMS" in page and "staff-TOTAL_FORMS" in page


def test_it_finds_the_demo_caravan_by_its_city(admin_client_):
    page = admin_client_.get("/admin/caravans/caravan/", {"q": "Tanger"}).content.decode()
    assert "tanger-2025" in page


def test_it_keeps_the_admin_from_the_organiser(personas):
    response = personas["organiser"].get("/admin/caravans/caravan/")
    assert response.status_code == 302 and "/admin/login/" in response.url
