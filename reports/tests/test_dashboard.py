"""The national dashboard: every caravan's figures added up, filtered, with the reach; for coordinators only."""

import datetime

import pytest

from caravans.services import copy_caravan
from registration.models import Registration
from reports.indicators import caravan_report
from reports.national import Filters, dashboard

from .fixed import fixed_caravan, registration

URL = "/staff/dashboard/"


def counts(items):
    return {entry["key"]: entry["count"] for entry in items}


@pytest.fixture
def two_caravans(demo):
    """The fixed caravan of Tangier (2025), and a copy a year later where A comes back and one new man comes."""
    made = fixed_caravan(demo)
    later = copy_caravan(demo, "tanger-2026", start=datetime.date(2026, 3, 10))
    registration(later, made["A"].person, sector="honey")
    registration(
        later,
        made["E"].person.__class__.objects.create(
            full_name_ar="رجل جديد", sex="male", birth_date=datetime.date(1950, 1, 1)
        ),
    )
    return demo, later, made


def test_it_adds_up_every_caravan(two_caravans):
    figures = dashboard()
    assert figures["registrations"]["total"] == 9
    assert counts(figures["registrations"]["by_decision"])["accepted"] == 6
    assert counts(figures["participants"]["by_sex"]) == {"female": 4, "male": 2}
    # A is 34 at the first caravan and 35 at the second: her age is counted at each caravan's first day.
    bands = {"18_24": 1, "25_34": 2, "35_44": 1, "45_59": 0, "60_plus": 2}
    assert counts(figures["participants"]["by_age_band"]) == bands
    assert [(c["slug"], c["registrations"], c["participants"]) for c in figures["caravans"]] == [
        ("tanger-2026", 2, 2),
        ("tanger-2025", 7, 4),
    ]


def test_it_counts_the_reach_in_distinct_people(two_caravans):
    reach = dashboard()["reach"]
    # A came to both caravans: 5 people for 6 participations; women A, C, D; young A, B, C.
    assert (reach["people"], reach["women"], reach["young"]) == (5, 3, 3)
    assert (reach["women_share"], reach["young_share"]) == (60.0, 60.0)
    assert reach["communities"] == 1  # the factories' community of Tanger-Assilah (B, D: none or elsewhere)
    assert reach["attended"] == 2


def test_it_filters_by_year_region_and_province(two_caravans):
    assert dashboard(Filters(year=2026))["registrations"]["total"] == 2
    assert dashboard(Filters(region="MA-01", year=2025))["participants"]["total"] == 4
    assert dashboard(Filters(region="MA-02"))["registrations"]["total"] == 0
    tetouan = dashboard(Filters(province="MA-TET"))
    assert tetouan["participants"]["total"] == 1 and [c["slug"] for c in tetouan["caravans"]] == [
        "tanger-2025"
    ]


def test_it_agrees_with_the_caravan_report_for_one_caravan(two_caravans):
    demo, _later, _made = two_caravans
    report, figures = caravan_report(demo), dashboard(Filters(year=2025))
    assert figures["registrations"] == report["registrations"]
    for breakdown in ("by_sex", "by_age_band", "by_province", "by_profile", "by_sector"):
        assert figures["participants"][breakdown] == report["participants"][breakdown], breakdown


def test_it_reads_unknown_filters_as_no_filter(places):
    assert Filters.from_query({"region": "XX", "province": "nowhere", "year": "twenty"}) == Filters()
    assert Filters.from_query({"region": "MA-01", "year": "2025"}) == Filters(region="MA-01", year=2025)


def test_it_shows_the_dashboard_to_national_coordinators_only(personas, two_caravans):
    page = personas["coordinator"].get(URL, {"year": "2025"})
    assert page.status_code == 200
    assert "/staff/caravans/tanger-2025/report/" in page.content.decode()
    assert "/staff/caravans/tanger-2026/report/" not in page.content.decode()
    for persona in ("organiser", "trainer", "agent"):
        assert personas[persona].get(URL).status_code == 403
    assert personas["anonymous"].get(URL).status_code == 302
    assert Registration.objects.count() == 9


def test_it_writes_the_caravans_first_days_as_people_read_dates(personas, two_caravans, settings):
    client = personas["coordinator"]
    arabic = client.get(URL, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "4 فبراير 2025" in arabic and "10 مارس 2026" in arabic
    assert ">2025-02-04<" not in arabic and 'datetime="2025-02-04"' in arabic
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert "4 février 2025" in client.get(URL).content.decode()
