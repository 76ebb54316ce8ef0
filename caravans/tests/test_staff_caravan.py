"""The staff pages of a caravan itself: creating, editing, changing status, copying."""

import datetime

import pytest
from django.utils.html import escape

from caravans.models import Caravan
from core.models import AuditEntry

from .factories import organiser_of_another_caravan

EDIT = "/staff/caravans/tanger-2025/"


def caravan_form(**changes):
    data = {
        "slug": "oujda-2025",
        "title_ar": "قافلة وجدة",
        "title_fr": "Caravane d'Oujda",
        "region": "",
        "city_ar": "وجدة",
        "city_fr": "Oujda",
        "start_date": "2025-05-06",
        "end_date": "2025-05-08",
        "capacity": "180",
        "cooperative_max_age_years": "3",
        "min_age": "18",
        "require_cin": "on",
        "require_community": "on",
        "require_project_idea": "on",
    }
    return {**data, **changes}


def edit_form(caravan, **changes):
    fields = ["slug", "title_ar", "title_fr", "city_ar", "city_fr", "audience_ar", "audience_fr", "capacity"]
    data = {name: getattr(caravan, name) for name in fields}
    data.update(region=caravan.region_id, start_date=caravan.start_date, end_date=caravan.end_date)
    rules = caravan.eligibility
    data.update(
        cooperative_max_age_years=rules["cooperative_max_age_years"],
        min_age=rules["min_age"],
        region_codes=rules["region_codes"],
    )
    data.update(
        {key: "on" for key in ("require_cin", "require_community", "require_project_idea") if rules[key]}
    )
    return {**data, **changes}


def test_it_sends_anonymous_visitors_to_the_login_page(personas):
    for url in ["/staff/new-caravan/", EDIT, EDIT + "copy/"]:
        response = personas["anonymous"].get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/"), url
    response = personas["anonymous"].post(EDIT + "status/", {"status": "running"})
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


# Creating a caravan


def test_it_lets_only_the_national_coordinator_create_a_caravan(personas):
    assert personas["coordinator"].get("/staff/new-caravan/").status_code == 200
    for persona in ["organiser", "trainer", "agent"]:
        assert personas[persona].get("/staff/new-caravan/").status_code == 403, persona
        assert personas[persona].post("/staff/new-caravan/", caravan_form()).status_code == 403, persona
    assert not Caravan.objects.filter(slug="oujda-2025").exists()


def test_it_creates_a_draft_caravan_with_its_registration_rules(personas, places):
    from places.models import Region

    oriental = Region.objects.get(code="MA-02")
    form = caravan_form(region=oriental.pk, women_only="on", min_age="21", region_codes=["MA-02", "MA-03"])
    response = personas["coordinator"].post("/staff/new-caravan/", form)
    caravan = Caravan.objects.get(slug="oujda-2025")
    assert response.status_code == 302 and response.url == "/staff/caravans/oujda-2025/programme/"
    assert caravan.status == Caravan.Status.DRAFT and caravan.region == oriental
    assert caravan.eligibility == {
        "region_codes": ["MA-02", "MA-03"],
        "cooperative_max_age_years": 3,
        "min_age": 21,
        "require_cin": True,
        "require_community": True,
        "require_project_idea": True,
        "women_only": True,
    }
    assert AuditEntry.objects.filter(action="caravan.created", object_id=str(caravan.pk)).exists()


def test_it_refuses_a_caravan_that_ends_before_it_starts_and_creates_nothing(personas, places):
    from places.models import Region

    before = Caravan.objects.count()
    form = caravan_form(region=Region.objects.get(code="MA-02").pk, end_date="2025-05-01")
    response = personas["coordinator"].post("/staff/new-caravan/", form)
    assert response.status_code == 200 and Caravan.objects.count() == before
    error = response.context["form"].errors["end_date"][0]
    assert escape(error) in response.content.decode()


# Editing a caravan


@pytest.mark.parametrize("persona", ["coordinator", "organiser"])
def test_it_lets_coordinators_and_the_caravans_organisers_edit_it(demo, personas, persona):
    page = personas[persona].get(EDIT)
    assert page.status_code == 200 and page.context["form"].instance == demo
    assert personas[persona].post(EDIT, edit_form(demo, capacity=240)).status_code == 302
    demo.refresh_from_db()
    assert demo.capacity == 240


@pytest.mark.parametrize("persona", ["trainer", "agent"])
def test_it_refuses_editing_to_trainers_and_agents(demo, personas, persona):
    assert personas[persona].get(EDIT).status_code == 403
    assert personas[persona].post(EDIT, edit_form(demo, capacity=5)).status_code == 403
    demo.refresh_from_db()
    assert demo.capacity == 220


def test_it_refuses_editing_to_the_organiser_of_another_caravan(demo):
    other = organiser_of_another_caravan(demo)
    assert other.get(EDIT).status_code == 403
    assert other.post(EDIT, edit_form(demo, capacity=5)).status_code == 403
    demo.refresh_from_db()
    assert demo.capacity == 220


def test_it_saves_the_caravan_and_its_rules_through_plain_fields(demo, personas):
    form = edit_form(demo, capacity=250, min_age=16, women_only="on", region_codes=["MA-01", "MA-04"])
    form.pop("require_cin")
    response = personas["organiser"].post(EDIT, form)
    assert response.status_code == 302
    demo.refresh_from_db()
    assert demo.capacity == 250
    assert demo.eligibility["min_age"] == 16 and demo.eligibility["women_only"] is True
    assert demo.eligibility["require_cin"] is False and demo.eligibility["region_codes"] == ["MA-01", "MA-04"]
    assert AuditEntry.objects.filter(action="caravan.changed", object_id=str(demo.pk)).exists()


def test_it_refuses_a_region_that_does_not_exist_and_saves_nothing(demo, personas):
    response = personas["organiser"].post(EDIT, edit_form(demo, capacity=250, region_codes=["MA-99"]))
    assert response.status_code == 200 and "region_codes" in response.context["form"].errors
    demo.refresh_from_db()
    assert demo.capacity == 220 and demo.eligibility["region_codes"] == ["MA-01"]


def test_it_refuses_dates_that_would_leave_programme_days_outside(demo, personas):
    form = edit_form(demo, start_date="2025-02-05", end_date="2025-02-07", title_fr="Autre titre")
    response = personas["organiser"].post(EDIT, form)
    assert response.status_code == 200
    error = response.context["form"].errors["start_date"][0]
    assert escape(error) in response.content.decode()
    demo.refresh_from_db()
    assert demo.start_date == datetime.date(2025, 2, 4) and demo.title_fr != "Autre titre"


def test_it_keeps_the_short_name_of_a_published_caravan(demo, personas):
    personas["organiser"].post(EDIT, edit_form(demo, slug="renamed", capacity=230))
    demo.refresh_from_db()
    assert demo.slug == "tanger-2025" and demo.capacity == 230


# Changing the status


def test_it_moves_the_status_one_step(demo, personas):
    response = personas["organiser"].post(EDIT + "status/", {"status": "running"})
    assert response.status_code == 302 and response.url == EDIT
    demo.refresh_from_db()
    assert demo.status == Caravan.Status.RUNNING
    assert AuditEntry.objects.filter(action="caravan.status_changed", object_id=str(demo.pk)).exists()


def test_it_shows_why_a_status_change_is_refused(demo, personas):
    response = personas["organiser"].post(EDIT + "status/", {"status": "closed"}, follow=True)
    demo.refresh_from_db()
    assert demo.status == Caravan.Status.REGISTRATION_OPEN
    [message] = list(response.context["messages"])
    assert message.level_tag == "error" and escape(str(message)) in response.content.decode()


@pytest.mark.parametrize("persona", ["trainer", "agent"])
def test_it_refuses_status_changes_to_trainers_and_agents(demo, personas, persona):
    assert personas[persona].post(EDIT + "status/", {"status": "running"}).status_code == 403
    demo.refresh_from_db()
    assert demo.status == Caravan.Status.REGISTRATION_OPEN


def test_it_offers_only_the_neighbouring_statuses(personas):
    page = personas["organiser"].get(EDIT).content.decode()
    assert 'value="draft"' in page and 'value="running"' in page and 'value="closed"' not in page


# Copying a caravan


def test_it_copies_a_caravan_and_opens_the_copy(demo, personas):
    form = {"slug": "tetouan-2025", "start_date": "2025-03-10", "capacity": "150"}
    response = personas["coordinator"].post(EDIT + "copy/", form)
    copy = Caravan.objects.get(slug="tetouan-2025")
    assert response.status_code == 302 and response.url == "/staff/caravans/tetouan-2025/"
    assert copy.start_date == datetime.date(2025, 3, 10) and copy.capacity == 150
    assert copy.days.count() == demo.days.count()


def test_it_refuses_a_copy_under_a_short_name_already_taken(demo, personas):
    before = Caravan.objects.count()
    form = {"slug": "tanger-2025", "start_date": "2025-03-10", "capacity": "150"}
    response = personas["coordinator"].post(EDIT + "copy/", form)
    assert response.status_code == 200 and Caravan.objects.count() == before
    assert escape(response.context["form"].errors["slug"][0]) in response.content.decode()


@pytest.mark.parametrize("persona", ["trainer", "agent"])
def test_it_lets_only_coordinators_and_organisers_copy(demo, personas, persona):
    before = Caravan.objects.count()
    form = {"slug": "tetouan-2025", "start_date": "2025-03-10", "capacity": "150"}
    assert personas[persona].get(EDIT + "copy/").status_code == 403
    assert personas[persona].post(EDIT + "copy/", form).status_code == 403
    assert Caravan.objects.count() == before


def test_it_renames_a_draft_caravan_and_follows_its_new_address(demo, personas):
    Caravan.objects.filter(pk=demo.pk).update(status=Caravan.Status.DRAFT)
    demo.refresh_from_db()
    response = personas["organiser"].post(EDIT, edit_form(demo, slug="tanger-2025-fev"))
    assert response.status_code == 302 and response.url == "/staff/caravans/tanger-2025-fev/"
    demo.refresh_from_db()
    assert demo.slug == "tanger-2025-fev"
