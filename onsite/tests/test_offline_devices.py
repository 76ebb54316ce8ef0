"""The phones holding a caravan's roster: its organisers see them and revoke one; logging out revokes the
user's phones and tells the browser to erase the site's storage."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.models import AuditEntry
from onsite.models import Device
from onsite.offline.services import enrol

DEVICES = "/staff/caravans/tanger-2025/devices/"


@pytest.fixture(autouse=True)
def during_the_caravan(demo):
    with time_machine.travel(
        datetime.datetime.combine(demo.start_date, datetime.time(8), ZoneInfo("Africa/Casablanca"))
    ):
        yield


def test_organisers_see_which_phones_hold_the_roster_and_revoke_one(demo, staff, personas):
    phone, _secret = enrol(demo, staff["agent"], "Phone of Amina")
    page = personas["organiser"].get(DEVICES)
    assert page.status_code == 200
    assert "Phone of Amina" in page.content.decode() and f"{phone.pk}/revoke/" in page.content.decode()
    answer = personas["organiser"].post(f"{DEVICES}{phone.pk}/revoke/")
    assert answer.status_code == 302
    phone.refresh_from_db()
    assert phone.revoked_by == staff["organiser"] and phone.refusal(phone.revoked_at) == "device_revoked"
    assert AuditEntry.objects.filter(action="device.revoked", actor=staff["organiser"]).exists()
    assert f"{phone.pk}/revoke/" not in personas["organiser"].get(DEVICES).content.decode()


def test_agents_and_trainers_may_not_see_or_revoke_the_phones(demo, staff, personas):
    phone, _secret = enrol(demo, staff["organiser"], "Desk")
    for name in ("agent", "trainer", "anonymous"):
        assert personas[name].get(DEVICES).status_code in (302, 403)
        assert personas[name].post(f"{DEVICES}{phone.pk}/revoke/").status_code in (302, 403)
    phone.refresh_from_db()
    assert phone.revoked_at is None


def test_logging_out_revokes_the_phone_this_browser_enrolled_and_clears_its_storage(demo, staff, personas):
    enrolled = personas["agent"].post(f"/staff/caravans/{demo.slug}/offline/enrol/", {"label": "Mine"}).json()
    elsewhere, _secret = enrol(demo, staff["agent"], "Her other phone, still offline at the door")
    theirs, _secret = enrol(demo, staff["organiser"], "Theirs")
    answer = personas["agent"].post("/accounts/logout/")
    assert answer.status_code in (200, 302)
    assert answer["Clear-Site-Data"] == '"cache", "storage"'
    assert Device.objects.get(pk=enrolled["device"]).revoked_at is not None
    # Logging out of one browser loses no scan waiting on another phone of hers, nor anybody else's.
    assert Device.objects.get(pk=elsewhere.pk).revoked_at is None
    assert Device.objects.get(pk=theirs.pk).revoked_at is None
    assert personas["agent"].get(DEVICES).status_code == 302  # logged out indeed
