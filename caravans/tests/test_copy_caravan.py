import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from caravans.letterhead import letterhead_of, remove_logo, set_logo
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


def test_it_copies_the_letterhead_signatories_and_logos_which_stay_the_copys_own(demo):
    odco = demo.partnerships.get(organisation__acronym="ODCO")
    png = io.BytesIO()
    Image.new("RGB", (300, 150), "#1d6f42").save(png, format="PNG")
    set_logo(None, odco, SimpleUploadedFile("odco.png", png.getvalue()))
    copy = copy_caravan(demo, "tetouan-2025")
    assert copy.letterhead.territory_ar == demo.letterhead.territory_ar != ""
    assert [(s.document, s.title_ar) for s in copy.signatories.all()] == [
        (s.document, s.title_ar) for s in demo.signatories.all()
    ]
    assert copy.signatories.exists()
    printed = letterhead_of(copy, "certificate")
    assert printed.signatories and printed.partners == letterhead_of(demo, "certificate").partners
    # Removing the source's logo leaves the copy's: each caravan's documents keep what their organisers set.
    remove_logo(None, odco)
    assert letterhead_of(copy, "certificate").partners == printed.partners
    assert any(p.logo for p in printed.partners)
