import datetime

import pytest

from caravans.models import Caravan, Session
from caravans.services import CaravanError, copy_caravan
from core.models import AuditEntry


def test_it_copies_the_programme_partners_and_rules_with_dates_shifted(demo):
    copy = copy_caravan(demo, "tetouan-2025", start=datetime.date(2025, 3, 10), capacity=150)
    assert (copy.start_date, copy.end_date) == (datetime.date(2025, 3, 10), datetime.date(2025, 3, 12))
    assert copy.status == Caravan.Status.DRAFT and copy.capacity == 150
    assert copy.eligibility == demo.eligibility
    assert [d.date for d in copy.days.all()] == copy.dates()
    assert (
        Session.objects.filter(day__caravan=copy).count() == Session.objects.filter(day__caravan=demo).count()
    )
    assert list(copy.partnerships.values_list("organisation__acronym", flat=True)) == list(
        demo.partnerships.values_list("organisation__acronym", flat=True)
    )
    workshop = Session.objects.filter(day__caravan=copy, title_fr__contains="groupe 2").get()
    assert workshop.room.venue.caravan == copy and workshop.speakers.get().caravan == copy
    assert AuditEntry.objects.filter(action="caravan.copied", object_id=str(copy.pk)).exists()


def test_it_copies_no_people(demo):
    copy = copy_caravan(demo, "tetouan-2025")
    assert not copy.staff.exists()
    assert not copy.speakers.exclude(user=None).exists()


def test_it_refuses_a_short_name_already_taken_and_creates_nothing(demo):
    before = Caravan.objects.count()
    with pytest.raises(CaravanError) as refusal:
        copy_caravan(demo, "tanger-2025")
    assert refusal.value.code == "slug_taken"
    assert Caravan.objects.count() == before
