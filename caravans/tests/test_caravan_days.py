"""A caravan's programme days follow its dates: one day per date when it is created (the first a study day,
the others training days, as in Tangier), days added when the dates grow, empty days dropped when they
shrink, a day with sessions never dropped; saving the same dates again changes nothing."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import formats, translation

from caravans import programme
from caravans.models import Caravan, Day
from core.models import AuditEntry

from .test_staff_caravan import EDIT, caravan_form, edit_form

D = datetime.date


def kinds(caravan):
    return list(caravan.days.order_by("date").values_list("date", "kind"))


@pytest.fixture
def coordinator(demo):
    return get_user_model().objects.get(username="coordinator")


@pytest.fixture
def oujda(demo, coordinator):
    """A new caravan of three days, 6 to 8 May 2025, created through the service."""
    caravan = Caravan(
        slug="oujda-2025", title_ar="قافلة وجدة", title_fr="Caravane d'Oujda", region=demo.region,
        city_ar="وجدة", city_fr="Oujda", start_date=D(2025, 5, 6), end_date=D(2025, 5, 8), capacity=180,
    )  # fmt: skip
    return programme.create_caravan(coordinator, caravan)


def test_it_creates_one_day_per_date_the_first_a_study_day(personas, places):
    from places.models import Region

    form = caravan_form(region=Region.objects.get(code="MA-02").pk)
    assert personas["coordinator"].post("/staff/new-caravan/", form).status_code == 302
    caravan = Caravan.objects.get(slug="oujda-2025")
    assert kinds(caravan) == [
        (D(2025, 5, 6), Day.Kind.STUDY),
        (D(2025, 5, 7), Day.Kind.TRAINING),
        (D(2025, 5, 8), Day.Kind.TRAINING),
    ]
    entry = AuditEntry.objects.get(action="caravan.created", object_id=str(caravan.pk))
    assert entry.details["days_added"] == ["2025-05-06", "2025-05-07", "2025-05-08"]
    page = personas["coordinator"].get("/staff/caravans/oujda-2025/programme/").content.decode()
    assert page.count("/days/") >= 3  # each day is on the programme editor, ready for its sessions


def test_it_adds_the_days_of_new_dates_and_drops_empty_days_of_dates_left_out(oujda, coordinator):
    oujda.start_date, oujda.end_date = D(2025, 5, 7), D(2025, 5, 10)
    programme.change_caravan(coordinator, oujda)
    assert kinds(oujda) == [
        (D(2025, 5, 7), Day.Kind.TRAINING),  # the study day went with its empty date
        (D(2025, 5, 8), Day.Kind.TRAINING),
        (D(2025, 5, 9), Day.Kind.TRAINING),
        (D(2025, 5, 10), Day.Kind.TRAINING),
    ]
    entry = AuditEntry.objects.filter(action="caravan.changed").latest("id")
    assert entry.details["days_added"] == ["2025-05-09", "2025-05-10"]
    assert entry.details["days_removed"] == ["2025-05-06"]


def test_it_keeps_a_single_study_day_when_the_caravan_starts_earlier(oujda, coordinator):
    oujda.start_date = D(2025, 5, 5)
    programme.change_caravan(coordinator, oujda)
    assert kinds(oujda)[:2] == [(D(2025, 5, 5), Day.Kind.TRAINING), (D(2025, 5, 6), Day.Kind.STUDY)]


def test_it_changes_nothing_when_the_same_dates_are_saved_again(oujda, coordinator):
    days = list(oujda.days.values_list("pk", "date", "kind"))
    for _ in range(2):
        programme.change_caravan(coordinator, Caravan.objects.get(pk=oujda.pk))
    assert list(oujda.days.values_list("pk", "date", "kind")) == days
    entry = AuditEntry.objects.filter(action="caravan.changed").latest("id")
    assert entry.details["days_added"] == [] and entry.details["days_removed"] == []


def test_it_refuses_to_drop_a_day_that_has_sessions_and_says_which(demo, coordinator):
    before = kinds(demo)
    demo.start_date, demo.end_date = D(2025, 2, 5), D(2025, 2, 8)
    with pytest.raises(ValidationError) as refusal:
        programme.change_caravan(coordinator, demo)
    (message,) = refusal.value.message_dict["start_date"]
    assert formats.date_format(D(2025, 2, 4), "j F Y") in message
    assert kinds(demo) == before and Caravan.objects.get(pk=demo.pk).end_date == D(2025, 2, 6)


def test_the_settings_page_names_the_day_with_sessions_in_its_refusal(demo, personas):
    response = personas["organiser"].post(
        EDIT, edit_form(demo, start_date="2025-01-30", end_date="2025-02-05")
    )
    assert response.status_code == 200
    (error,) = response.context["form"].errors["end_date"]
    with translation.override("ar"):
        date = formats.date_format(D(2025, 2, 6), "j F Y")
    assert date in error and "sessions" not in error  # said in Arabic, with the date
    assert demo.days.count() == 3 and Caravan.objects.get(pk=demo.pk).start_date == D(2025, 2, 4)
