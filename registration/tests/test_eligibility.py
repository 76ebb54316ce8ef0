import datetime
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caravans.models import default_eligibility
from people.identifiers import INVALID, MISSING, UNUSUAL, VALID
from registration.eligibility import Applicant, Rules, completed_years, decide, decision_for, years_before
from registration.reasons import REASONS, message, messages

FIRST_DAY = datetime.date(2025, 2, 4)  # the Tangier caravan's first day
TTA = "MA-01"
RULES = Rules.from_settings(default_eligibility(), first_day=FIRST_DAY, caravan_region=TTA)


def member(**facts):
    """A cooperative member who meets every rule; tests change one fact at a time."""
    base = Applicant(
        profile="cooperative_member",
        region_code=TTA,
        province_code="MA-TNG",
        birth_date=datetime.date(1990, 5, 1),
        sex="female",
        cin_status=VALID,
        cooperative_founded=datetime.date(2023, 6, 1),
        community="أولاد أحمد",
    )
    return replace(base, **facts)


def holder(**facts):
    return member(
        **{"profile": "project_holder", "cooperative_founded": None, "project_idea": "تربية النحل", **facts}
    )


def test_it_accepts_an_applicant_who_meets_every_rule():
    assert decide(member(), RULES).decision == "accepted"
    assert decide(holder(), RULES) == decide(holder(), RULES)
    assert decide(holder(), RULES).reasons == ()


# --- Region ---


def test_it_refuses_a_province_outside_the_caravan_region():
    assert decide(member(region_code="MA-06"), RULES).reasons == ("outside_region",)
    assert decide(member(region_code="MA-06"), RULES).decision == "ineligible"


def test_it_uses_the_listed_regions_instead_of_the_caravan_own():
    rules = Rules.from_settings({"region_codes": ["MA-06", "MA-02"]}, first_day=FIRST_DAY, caravan_region=TTA)
    assert decide(member(region_code="MA-06"), rules).decision == "accepted"
    assert decide(member(region_code=TTA), rules).reasons == ("outside_region",)


def test_it_sends_a_registration_without_province_to_review():
    assert decide(member(region_code=""), RULES).reasons == ("missing_province",)
    assert decide(member(region_code=""), RULES).decision == "needs_review"


# --- Cooperative age: strictly younger than 3 years on the first day ---


def test_it_finds_a_cooperative_founded_exactly_three_years_before_the_first_day_too_old():
    verdict = decide(member(cooperative_founded=datetime.date(2022, 2, 4)), RULES)
    assert verdict == ("ineligible", ("cooperative_too_old",))


def test_it_accepts_a_cooperative_founded_one_day_later():
    assert decide(member(cooperative_founded=datetime.date(2022, 2, 5)), RULES).decision == "accepted"


def test_it_counts_from_28_february_when_the_first_day_is_29_february():
    rules = replace(RULES, first_day=datetime.date(2028, 2, 29))
    assert decide(member(cooperative_founded=datetime.date(2025, 2, 28)), rules).reasons == (
        "cooperative_too_old",
    )
    assert decide(member(cooperative_founded=datetime.date(2025, 3, 1)), rules).decision == "accepted"


def test_it_lets_a_cooperative_founded_on_29_february_reach_three_years_on_1_march():
    founded = datetime.date(2024, 2, 29)
    on_28_feb = replace(RULES, first_day=datetime.date(2027, 2, 28))
    on_1_march = replace(RULES, first_day=datetime.date(2027, 3, 1))
    assert decide(member(cooperative_founded=founded), on_28_feb).decision == "accepted"
    assert decide(member(cooperative_founded=founded), on_1_march).reasons == ("cooperative_too_old",)


def test_it_decides_on_a_founding_year_alone_only_when_every_day_of_it_agrees():
    assert decide(member(cooperative_founded=None, cooperative_founded_year=2021), RULES).reasons == (
        "cooperative_too_old",
    )
    assert (
        decide(member(cooperative_founded=None, cooperative_founded_year=2023), RULES).decision == "accepted"
    )
    straddling = decide(member(cooperative_founded=None, cooperative_founded_year=2022), RULES)
    assert straddling == ("needs_review", ("missing_cooperative_date",))


def test_it_sends_a_cooperative_without_founding_date_to_review():
    assert decide(member(cooperative_founded=None), RULES) == ("needs_review", ("missing_cooperative_date",))


def test_it_does_not_ask_a_project_holder_for_a_founding_date():
    assert decide(holder(), RULES).decision == "accepted"


def test_it_follows_the_caravan_own_age_limit():
    rules = replace(RULES, cooperative_max_age_years=5)
    assert decide(member(cooperative_founded=datetime.date(2021, 1, 1)), rules).decision == "accepted"
    assert decide(member(cooperative_founded=datetime.date(2020, 2, 4)), rules).reasons == (
        "cooperative_too_old",
    )


# --- Age: 18 on the first day ---


def test_it_accepts_someone_whose_18th_birthday_is_the_first_day():
    assert decide(member(birth_date=datetime.date(2007, 2, 4)), RULES).decision == "accepted"


def test_it_refuses_someone_whose_18th_birthday_is_the_day_after():
    assert decide(member(birth_date=datetime.date(2007, 2, 5)), RULES) == ("ineligible", ("under_age",))


def test_it_makes_someone_born_on_29_february_18_on_1_march_of_a_common_year():
    born = datetime.date(2008, 2, 29)
    assert decide(member(birth_date=born), replace(RULES, first_day=datetime.date(2026, 2, 28))).reasons == (
        "under_age",
    )
    assert (
        decide(member(birth_date=born), replace(RULES, first_day=datetime.date(2026, 3, 1))).decision
        == "accepted"
    )


def test_it_decides_on_a_birth_year_alone_only_when_certain():
    assert decide(member(birth_date=None, birth_year=2006), RULES).decision == "accepted"
    assert decide(member(birth_date=None, birth_year=2008), RULES).reasons == ("under_age",)
    assert decide(member(birth_date=None, birth_year=2007), RULES) == ("needs_review", ("age_unverified",))


def test_it_sends_a_registration_without_birth_date_to_review():
    assert decide(member(birth_date=None), RULES) == ("needs_review", ("age_unverified",))


def test_it_follows_the_caravan_minimum_age():
    assert decide(member(birth_date=datetime.date(2005, 1, 1)), replace(RULES, min_age=21)).reasons == (
        "under_age",
    )
    assert decide(member(birth_date=None), replace(RULES, min_age=None)).decision == "accepted"


# --- Community, project, CIN, women-only ---


def test_it_refuses_an_applicant_without_community():
    assert decide(member(community=" "), RULES) == ("ineligible", ("not_community_member",))


def test_it_sends_to_review_a_member_missing_from_a_loaded_members_list():
    unverified = member(community_list_loaded=True, membership_found=False)
    assert decide(unverified, RULES) == ("needs_review", ("membership_unverified",))
    assert decide(replace(unverified, membership_found=True), RULES).decision == "accepted"
    assert decide(member(community_list_loaded=False), RULES).decision == "accepted"


def test_it_can_drop_the_community_rule():
    assert decide(member(community=""), replace(RULES, require_community=False)).decision == "accepted"


@pytest.mark.parametrize("idea", ["", "  ", "-", "/", "...", "لا يوجد", "Néant", "x"])
def test_it_refuses_a_project_holder_without_an_idea(idea):
    assert decide(holder(project_idea=idea), RULES) == ("ineligible", ("no_project_idea",))


def test_it_does_not_ask_a_cooperative_member_for_a_project_idea():
    assert decide(member(project_idea=""), RULES).decision == "accepted"


def test_it_sends_a_missing_or_unusual_cin_to_review():
    assert decide(member(cin_status=MISSING), RULES) == ("needs_review", ("missing_cin",))
    assert decide(member(cin_status=INVALID), RULES) == ("needs_review", ("missing_cin",))
    assert decide(member(cin_status=UNUSUAL), RULES) == ("needs_review", ("cin_unusual",))
    assert decide(member(cin_status=MISSING), replace(RULES, require_cin=False)).decision == "accepted"


def test_it_keeps_a_women_only_caravan_for_women():
    rules = replace(RULES, women_only=True)
    assert decide(member(sex="female"), rules).decision == "accepted"
    assert decide(member(sex="male"), rules) == ("ineligible", ("reserved_for_women",))
    assert decide(member(sex=""), rules) == ("needs_review", ("missing_sex",))
    assert decide(member(sex="male"), RULES).decision == "accepted"


# --- Precedence and completeness ---


def test_it_lists_every_reason_that_applies_not_only_the_first():
    everything_wrong = member(
        region_code="MA-06",
        birth_date=datetime.date(2010, 1, 1),
        cooperative_founded=datetime.date(2000, 1, 1),
        community="",
        cin_status=UNUSUAL,
    )
    verdict = decide(everything_wrong, RULES)
    assert verdict.decision == "ineligible"
    assert set(verdict.reasons) == {
        "outside_region",
        "under_age",
        "cooperative_too_old",
        "not_community_member",
        "cin_unusual",
    }


def test_it_lets_an_ineligible_reason_win_over_review_reasons():
    verdict = decide(holder(project_idea="", cin_status=MISSING, birth_date=None), RULES)
    assert verdict == ("ineligible", ("no_project_idea", "missing_cin", "age_unverified"))


def test_it_lets_review_reasons_win_over_acceptance():
    verdict = decide(member(cin_status=UNUSUAL, cooperative_founded=None, region_code=""), RULES)
    assert verdict.decision == "needs_review"
    assert set(verdict.reasons) == {"cin_unusual", "missing_cooperative_date", "missing_province"}


def test_it_combines_reasons_found_later_with_the_same_precedence():
    assert decision_for([]) == "accepted"
    assert decision_for(["possible_duplicate"]) == "needs_review"
    assert decision_for(["possible_duplicate", "under_age"]) == "ineligible"


def test_it_reads_the_rules_kept_on_a_caravan(demo):
    rules = Rules.for_caravan(demo)
    assert rules.first_day == demo.start_date
    assert rules.region_codes == (demo.region.code,)
    assert rules.cooperative_max_age_years == 3


@given(st.dates(datetime.date(1950, 1, 1), datetime.date(2030, 12, 31)), st.dates(), st.integers(1, 10))
def test_it_agrees_that_on_or_before_first_day_minus_n_years_means_n_completed_years(
    founded, first_day, years
):
    if first_day.year - years < 1:
        return
    assert (founded <= years_before(first_day, years)) == (completed_years(founded, first_day) >= years)


# --- Reason sentences ---

CONTRACT_CODES = [
    "missing_name",
    "invalid_cin",
    "invalid_phone",
    "invalid_date",
    "unknown_province",
    "unknown_profile",
    "outside_region",
    "cooperative_too_old",
    "missing_cooperative_date",
    "not_community_member",
    "membership_unverified",
    "no_project_idea",
    "under_age",
    "missing_cin",
    "cin_unusual",
    "capacity_full",
    "duplicate_in_file",
    "already_registered",
    "possible_duplicate",
]


def test_it_knows_every_reason_code_of_the_contract():
    assert set(CONTRACT_CODES) <= set(REASONS)


@pytest.mark.parametrize("code", list(REASONS))
def test_it_says_every_reason_in_arabic_and_in_french(code):
    arabic, french = message(code, "ar"), message(code, "fr")
    assert any("\u0600" <= ch <= "\u06ff" for ch in arabic)
    assert french and not any("\u0600" <= ch <= "\u06ff" for ch in french)
    assert arabic != french


def test_it_follows_the_active_language_when_none_is_given():
    from django.utils import translation

    with translation.override("fr"):
        assert message("under_age") == REASONS["under_age"].fr
    with translation.override("ar"):
        assert messages(["under_age"]) == [REASONS["under_age"].ar]


def test_it_answers_an_unknown_code_with_the_code_itself():
    assert message("some_future_code", "fr") == "some_future_code"
