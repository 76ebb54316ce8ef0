"""Badge codes are read aloud and typed by people who may not read Latin letters well: new codes use no
character of a confusable pair twice (0/O, 1/I, 2/Z, 5/S, 8/B, U/V), a letter typed for the digit it looks like
still finds the badge, and every code and reference given before stays valid as it is written."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from caravans.models import Session
from onsite.attendance import services as attendance
from onsite.attendance.services import present_by_scan
from onsite.services import check_in
from registration.models import (
    BADGE_ALPHABET,
    Registration,
    new_badge_code,
    new_reference,
    read_reference,
)
from registration.services import register
from registration.tests.factories import person

CONFUSABLE_PAIRS = ["0O", "1I", "2Z", "5S", "8B", "UV"]


def accepted(caravan, code):
    registration = register(caravan, person(), profile="project_holder", channel="staff", project_idea="عسل")
    Registration.objects.filter(pk=registration.pk).update(badge_code=code)
    registration.refresh_from_db()
    return registration


def agent():
    return get_user_model().objects.get(username="agent")


def test_a_new_code_holds_at_most_one_character_of_each_confusable_pair():
    assert all(len(set(pair) & set(BADGE_ALPHABET)) <= 1 for pair in CONFUSABLE_PAIRS)
    assert not set("ILOUV") & set(BADGE_ALPHABET)
    codes = [new_badge_code() for _ in range(300)] + [new_reference() for _ in range(300)]
    assert all(re.fullmatch(f"[{BADGE_ALPHABET}]+", code) for code in codes)
    assert not any(set(code) & set("BSZUV01IO") for code in codes)


def test_a_code_given_before_still_checks_in_as_it_is_written(demo):
    old = accepted(demo, "AUHAHKS5ZD")  # B, S, U, V, Z were in the old alphabet
    outcome = check_in(demo, "auhah-ks5zd", demo.start_date, agent())
    assert outcome.code == "checked_in" and outcome.registration == old


def test_a_letter_typed_for_a_digit_finds_a_new_code(demo):
    new = accepted(demo, "K8M2AP5R7T")
    outcome = check_in(demo, "KBMZAPSR7T", demo.start_date, agent())
    assert outcome.code == "checked_in" and outcome.registration == new
    assert list(Registration.objects.by_badge_code("kbmz-apsr7t")) == [new]


def test_a_code_that_exists_as_typed_wins_over_its_digit_reading(demo):
    old = accepted(demo, "KBMZAPSR7T")
    accepted(demo, "K8M2AP5R7T")
    assert check_in(demo, "KBMZAPSR7T", demo.start_date, agent()).registration == old
    assert list(Registration.objects.by_badge_code("KBMZAPSR7T")) == [old]


def test_a_code_of_nobody_stays_unknown_whatever_its_reading(demo):
    accepted(demo, "K8M2AP5R7T")
    assert check_in(demo, "KBMZAPSR7W", demo.start_date, agent()).code == "unknown_code"
    assert not Registration.objects.by_badge_code("").exists()


def test_a_session_scan_reads_a_typed_code_the_same_way(demo):
    new = accepted(demo, "K8M2AP5R7T")
    session = Session.objects.get(day__caravan=demo, title_fr="Mécanismes de financement")
    during = timezone.make_aware(datetime.datetime.combine(session.day.date, session.starts_at))
    outcome = present_by_scan(attendance.session_token(session), "kbmzapsr7t", now=during)
    assert outcome.registration == new


@pytest.mark.parametrize("typed", ["QF-AUHA-SZ5V", "qf auha sz5v", "AUHASZ5V"])
def test_a_reference_given_before_is_still_read(typed):
    assert read_reference(typed) == "AUHASZ5V"
