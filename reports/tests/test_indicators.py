"""A caravan's indicators, on the fixed data of reports/tests/fixed.py, against figures counted by hand."""

import json

import pytest

from reports.indicators import caravan_report, list_query, people

from .fixed import DAY1, DAY2, first_workshop, fixed_caravan

pytestmark = pytest.mark.django_db


def counts(items):
    return {entry["key"]: entry["count"] for entry in items}


@pytest.fixture
def report(demo):
    fixed_caravan(demo)
    return caravan_report(demo)


def test_it_counts_registrations_by_decision_and_reason(report):
    registrations = report["registrations"]
    assert registrations["total"] == 7
    assert counts(registrations["by_decision"]) == {
        "accepted": 4,
        "waitlisted": 1,
        "ineligible": 1,
        "needs_review": 1,
        "cancelled": 0,
    }
    assert counts(registrations["by_reason"]) == {
        "outside_region": 1,
        "missing_cin": 1,
        "cin_unusual": 1,
        "capacity_full": 1,
    }


def test_it_counts_only_accepted_people_as_participants(report):
    participants = report["participants"]
    assert participants["total"] == 4
    assert counts(participants["by_sex"]) == {"female": 3, "male": 1}
    assert (participants["women"], participants["women_share"]) == (3, 75.0)
    assert counts(participants["by_profile"]) == {"cooperative_member": 2, "project_holder": 2}


def test_it_puts_ages_in_bands_on_the_caravans_first_day(report):
    # B turns 25 on the first day, C turns 25 the day after, D gave only a birth year.
    bands = counts(report["participants"]["by_age_band"])
    assert bands == {"18_24": 1, "25_34": 2, "35_44": 0, "45_59": 0, "60_plus": 1}
    assert (report["participants"]["young"], report["participants"]["young_share"]) == (3, 75.0)


def test_it_counts_provinces_and_people_without_one(report):
    provinces = report["participants"]["by_province"]
    assert [(p["key"], p["count"]) for p in provinces] == [("MA-TNG", 2), ("MA-TET", 1), ("unknown", 1)]
    assert provinces[0]["label_ar"] and provinces[0]["label_fr"]


def test_it_takes_the_sector_of_the_project_else_of_the_cooperative(report):
    assert counts(report["participants"]["by_sector"]) == {"honey": 2, "olive_oil": 1, "unknown": 1}


def test_it_counts_people_checked_in_per_day_without_undone_check_ins(demo, report):
    attendance = report["attendance"]
    assert attendance["attended"] == 2
    assert counts(attendance["by_day"]) == {DAY1.isoformat(): 2, DAY2.isoformat(): 1, "2025-02-06": 0}
    workshop = [s for s in attendance["by_session"] if s["key"] == first_workshop(demo).pk][0]
    assert (workshop["count"], workshop["assigned"]) == (2, 1)


def test_it_is_plain_json(report):
    assert json.loads(json.dumps(report)) == report


def test_it_gives_the_people_behind_every_figure(demo, report):
    checked = 0
    sections = {
        "decision": report["registrations"]["by_decision"],
        "reason": report["registrations"]["by_reason"],
        "sex": report["participants"]["by_sex"],
        "age_band": report["participants"]["by_age_band"],
        "province": report["participants"]["by_province"],
        "profile": report["participants"]["by_profile"],
        "sector": report["participants"]["by_sector"],
        "day": report["attendance"]["by_day"],
        "session": report["attendance"]["by_session"],
    }
    for dimension, items in sections.items():
        for entry in items:
            assert people(demo, dimension, entry["key"]).count() == entry["count"], (dimension, entry)
            checked += 1
    assert checked > 25
    assert people(demo, "attended", "").count() == report["attendance"]["attended"]
    assert people(demo, "young", "").count() == report["participants"]["young"]
    assert people(demo, "participants", "").count() == report["participants"]["total"]


def test_it_names_the_people_behind_a_figure(demo):
    made = fixed_caravan(demo)
    assert set(people(demo, "age_band", "18_24")) == {made["C"]}
    assert set(people(demo, "province", "unknown")) == {made["D"]}
    assert set(people(demo, "day", DAY2.isoformat())) == {made["A"]}


def test_it_links_to_the_registration_list_when_that_list_can_filter(report):
    assert list_query("reason", "missing_cin") == "reason=missing_cin"
    assert list_query("sex", "female") == "decision=accepted&sex=female"
    assert list_query("province", "unknown") is None
    assert list_query("age_band", "25_34") is None


def test_it_counts_an_empty_caravan_as_zeros(demo):
    report = caravan_report(demo)
    assert report["registrations"]["total"] == report["participants"]["total"] == 0
    assert report["participants"]["women_share"] == 0.0
    assert report["registrations"]["by_reason"] == []
