import pytest
from django.core.exceptions import PermissionDenied

from core.permissions import PERMISSIONS, Role, allowed, require


def test_it_gives_the_national_coordinator_every_action():
    assert all(allowed({Role.COORDINATOR}, action) for action in PERMISSIONS)


def test_it_keeps_check_in_agents_to_check_in_door_scans_data_entry_and_the_follow_up_calls_in_their_charge():
    granted = {action for action in PERMISSIONS if allowed({Role.AGENT}, action)}
    assert granted == {
        "caravan.view_staff",
        "registration.create",
        "checkin.perform",
        "attendance.scan",
        "offline.enrol",
        "survey.enter_answers",
        "followup.view",
        "followup.record",
        "api.read",
    }


def test_only_organisers_and_coordinators_manage_the_phones_holding_a_roster():
    assert {role for role in Role if allowed({role}, "devices.manage")} == {Role.COORDINATOR, Role.ORGANISER}


def test_it_refuses_a_role_without_the_action():
    with pytest.raises(PermissionDenied):
        require({Role.TRAINER}, "caravan.edit")


def test_it_refuses_everything_to_no_role():
    assert not any(allowed(set(), action) for action in PERMISSIONS)


def test_it_fails_loudly_on_an_unknown_action():
    with pytest.raises(KeyError):
        allowed({Role.COORDINATOR}, "caravan.edti")
