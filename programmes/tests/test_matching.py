"""Matching a project with a programme, condition by condition, on both sides of each edge."""

import datetime
from decimal import Decimal

import pytest

from core.sectors import sector_label
from programmes.matching import ELIGIBLE, MISSING, NOT_ELIGIBLE, match
from programmes.reasons import MESSAGES

from .factories import facts, programme

D = datetime.date


def verdict(prog, **known):
    result = match(prog, facts(**known))
    return result.status, result.codes


def test_it_finds_a_programme_without_conditions_eligible_with_no_reasons():
    assert match(programme(), facts()).status == ELIGIBLE
    assert match(programme(), facts()).reasons == ()


# Holder's age: 34 included means until the day before the 35th birthday.
@pytest.mark.parametrize(
    ("on", "expected"),
    [(D(2025, 6, 14), (ELIGIBLE, [])), (D(2025, 6, 15), (NOT_ELIGIBLE, ["over_age"]))],
)
def test_it_refuses_a_holder_from_the_birthday_past_the_maximum_age(on, expected):
    prog = programme(age_max=34)
    assert verdict(prog, on=on, holder_birth_date=D(1990, 6, 15)) == expected


@pytest.mark.parametrize(
    ("on", "expected"),
    [(D(2025, 6, 14), (NOT_ELIGIBLE, ["under_age"])), (D(2025, 6, 15), (ELIGIBLE, []))],
)
def test_it_accepts_a_holder_from_the_birthday_reaching_the_minimum_age(on, expected):
    assert verdict(programme(age_min=18), on=on, holder_birth_date=D(2007, 6, 15)) == expected


@pytest.mark.parametrize(
    ("on", "expected"),
    [(D(2026, 2, 28), NOT_ELIGIBLE), (D(2026, 3, 1), ELIGIBLE), (D(2028, 2, 29), ELIGIBLE)],
)
def test_it_makes_someone_born_on_29_february_one_year_older_on_1_march_of_a_common_year(on, expected):
    assert verdict(programme(age_min=18), on=on, holder_birth_date=D(2008, 2, 29))[0] == expected


def test_it_sends_a_person_over_the_age_limit_to_the_cooperative_route_when_the_programme_takes_one():
    prog = programme(age_max=34, applicant_forms=["cooperative", "individual_project_holder"])
    known = {"applicant_form": "individual_project_holder", "holder_birth_date": D(1980, 1, 1)}
    assert verdict(prog, **known) == (MISSING, ["apply_as_cooperative"])
    assert (
        verdict(
            programme(age_min=18, applicant_forms=["cooperative", "individual_project_holder"]),
            applicant_form="individual_project_holder",
            holder_birth_date=D(2010, 1, 1),
        )[0]
        == NOT_ELIGIBLE
    )


def test_it_says_the_birth_date_is_missing_when_an_age_limit_applies():
    assert verdict(programme(age_min=18, age_max=34)) == (MISSING, ["birth_date_unknown"])


def test_it_does_not_apply_a_holder_age_limit_to_a_cooperative_applicant():
    prog = programme(age_max=34, applicant_forms=["cooperative"])
    assert verdict(prog, applicant_form="cooperative", holder_birth_date=D(1960, 1, 1)) == (ELIGIBLE, [])


def test_it_gives_the_age_and_the_limit_in_both_languages():
    reason = match(programme(age_max=34), facts(holder_birth_date=D(1980, 1, 1))).reasons[0]
    assert "45 سنة" in reason.message_ar and "بين" not in reason.message_ar and "34" in reason.message_ar
    assert "45 ans" in reason.message_fr and "34 ans au plus" in reason.message_fr


# Cooperative age: "less than 3 years" is strict, counted on the day of the check.
@pytest.mark.parametrize(
    ("founded", "expected"),
    [(D(2022, 6, 16), (ELIGIBLE, [])), (D(2022, 6, 15), (NOT_ELIGIBLE, ["cooperative_too_old"]))],
)
def test_it_takes_cooperatives_strictly_younger_than_the_limit(founded, expected):
    prog = programme(cooperative_max_age_years=3, applicant_forms=["cooperative"])
    assert verdict(prog, applicant_form="cooperative", cooperative_founded_on=founded) == expected


@pytest.mark.parametrize(("founded", "expected"), [(D(2025, 2, 28), NOT_ELIGIBLE), (D(2025, 3, 1), ELIGIBLE)])
def test_it_counts_the_limit_back_from_29_february_to_28_february(founded, expected):
    prog = programme(cooperative_max_age_years=3)
    known = {"on": D(2028, 2, 29), "applicant_form": "cooperative", "cooperative_founded_on": founded}
    assert verdict(prog, **known)[0] == expected


def test_it_says_how_old_the_cooperative_is_and_what_the_programme_takes():
    prog = programme(cooperative_max_age_years=3)
    reason = match(prog, facts(applicant_form="cooperative", cooperative_founded_on=D(2021, 3, 1))).reasons[0]
    assert "4 ans" in reason.message_fr and "moins de 3 ans" in reason.message_fr
    assert "4 سنوات" in reason.message_ar and "أقل من 3 سنوات" in reason.message_ar


def test_it_asks_for_the_founding_date_of_a_cooperative_applicant():
    prog = programme(cooperative_max_age_years=3)
    assert verdict(prog, applicant_form="cooperative") == (MISSING, ["cooperative_date_unknown"])


# Who may apply.
def test_it_tells_a_holder_without_a_cooperative_to_found_it_first():
    prog = programme(applicant_forms=["cooperative"], cooperative_max_age_years=2)
    assert verdict(prog, applicant_form="individual_project_holder") == (MISSING, ["found_cooperative_first"])


def test_it_tells_a_person_which_legal_form_to_create_when_no_cooperative_is_taken():
    prog = programme(applicant_forms=["gie", "tpe"])
    assert verdict(prog, applicant_form="individual_project_holder") == (MISSING, ["change_legal_form_first"])


def test_it_refuses_a_cooperative_where_only_persons_may_apply():
    prog = programme(applicant_forms=["individual_project_holder"])
    assert verdict(prog, applicant_form="cooperative") == (NOT_ELIGIBLE, ["applicant_form_not_accepted"])


def test_it_asks_who_applies_when_unknown():
    prog = programme(applicant_forms=["cooperative"])
    assert verdict(prog) == (MISSING, ["applicant_form_unknown"])


# Sex of the holder.
@pytest.mark.parametrize(
    ("sex", "expected"),
    [
        ("female", (ELIGIBLE, [])),
        ("male", (NOT_ELIGIBLE, ["sex_not_accepted"])),
        ("", (MISSING, ["sex_unknown"])),
    ],
)
def test_it_checks_a_programme_for_women(sex, expected):
    assert verdict(programme(holder_sex="female"), holder_sex=sex) == expected


# Soulaliyate membership.
@pytest.mark.parametrize(
    ("member", "expected"),
    [
        (True, (ELIGIBLE, [])),
        (None, (MISSING, ["membership_unknown"])),
        (False, (NOT_ELIGIBLE, ["not_community_member"])),
    ],
)
def test_it_checks_soulaliyate_membership(member, expected):
    assert verdict(programme(requires_soulaliyate_member=True), soulaliyate_member=member) == expected


# Turnover ceiling, included.
@pytest.mark.parametrize(
    ("turnover", "expected"),
    [
        (Decimal("10000000"), (ELIGIBLE, [])),
        (Decimal("10000001"), (NOT_ELIGIBLE, ["turnover_too_high"])),
        (None, (MISSING, ["turnover_unknown"])),
    ],
)
def test_it_checks_the_turnover_ceiling(turnover, expected):
    assert verdict(programme(max_turnover_mad=Decimal("10000000")), turnover=turnover) == expected


def test_it_counts_no_turnover_for_a_person_whose_project_has_not_started():
    prog = programme(max_turnover_mad=Decimal("10000000"))
    person = {"applicant_form": "individual_project_holder"}
    assert verdict(prog, stage="structured", **person) == (ELIGIBLE, [])
    assert verdict(prog, stage="operating", **person) == (MISSING, ["turnover_unknown"])
    assert verdict(prog, stage="structured", applicant_form="cooperative") == (MISSING, ["turnover_unknown"])


# Sectors.
@pytest.mark.parametrize(
    ("sector", "expected"),
    [
        ("honey", (ELIGIBLE, [])),
        ("pottery", (NOT_ELIGIBLE, ["sector_not_covered"])),
        ("", (MISSING, ["sector_unknown"])),
    ],
)
def test_it_checks_the_sectors_covered(sector, expected):
    assert verdict(programme(sectors=["honey", "olive_oil"]), sector=sector) == expected


def test_it_opens_a_programme_for_a_sector_to_its_sub_sectors():
    farming = programme(sectors=["agriculture"])
    assert verdict(farming, sector="goat_cheese") == (ELIGIBLE, [])  # goat cheese → livestock → agriculture
    assert verdict(farming, sector="poultry") == (ELIGIBLE, [])
    assert verdict(programme(sectors=["goat_cheese"]), sector="agriculture") == (
        NOT_ELIGIBLE,
        ["sector_not_covered"],
    )
    assert verdict(programme(excluded_sectors=["handicraft"]), sector="pottery") == (
        NOT_ELIGIBLE,
        ["sector_excluded"],
    )


def test_it_names_the_sectors_in_each_language():
    reason = match(programme(sectors=["honey"]), facts(sector="pottery")).reasons[0]
    for key in ("pottery", "honey"):  # the sector asked about, then those the programme covers
        assert sector_label(key, "ar") in reason.message_ar and sector_label(key, "fr") in reason.message_fr


def test_it_refuses_an_excluded_sector():
    assert verdict(programme(excluded_sectors=["housing"]), sector="housing") == (
        NOT_ELIGIBLE,
        ["sector_excluded"],
    )


def test_it_treats_licit_cannabis_as_regulated_until_a_person_confirms():
    prog = programme(key="intelaka")
    assert verdict(prog, sector="cannabis_licit") == (MISSING, ["regulated_sector_unconfirmed"])
    confirmed = frozenset({"intelaka.regulated_sector"})
    assert verdict(prog, sector="cannabis_licit", confirmed=confirmed) == (ELIGIBLE, [])


# Zone and region.
@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("rural", (ELIGIBLE, [])),
        ("urban", (NOT_ELIGIBLE, ["outside_zone"])),
        ("", (MISSING, ["zone_unknown"])),
    ],
)
def test_it_checks_the_zone(zone, expected):
    assert verdict(programme(zone="rural"), zone=zone) == expected


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("MA-01", (ELIGIBLE, [])),
        ("MA-05", (NOT_ELIGIBLE, ["outside_region"])),
        ("", (MISSING, ["region_unknown"])),
    ],
)
def test_it_checks_the_region(region, expected):
    assert verdict(programme(regions=["MA-01"]), region_code=region) == expected


def test_it_names_the_regions_rather_than_their_codes():
    reason = match(programme(regions=["MA-01"]), facts(region_code="MA-05")).reasons[0]
    assert "Tanger-Tétouan-Al Hoceïma" in reason.message_fr and "طنجة-تطوان-الحسيمة" in reason.message_ar


# Project cost, bounds included.
@pytest.mark.parametrize(
    ("cost", "expected"),
    [
        (Decimal("9999"), (NOT_ELIGIBLE, ["project_cost_too_low"])),
        (Decimal("10000"), (ELIGIBLE, [])),
        (Decimal("100000"), (ELIGIBLE, [])),
        (Decimal("100001"), (NOT_ELIGIBLE, ["project_cost_too_high"])),
        (None, (MISSING, ["project_cost_unknown"])),
    ],
)
def test_it_checks_the_project_cost_range(cost, expected):
    prog = programme(min_project_cost_mad=Decimal("10000"), max_project_cost_mad=Decimal("100000"))
    assert verdict(prog, project_cost=cost) == expected


# Own contribution share, minimum included.
@pytest.mark.parametrize(
    ("own", "expected"),
    [
        (Decimal("40000"), (ELIGIBLE, [])),
        (Decimal("39999"), (MISSING, ["raise_contribution"])),
        (None, (MISSING, ["own_contribution_unknown"])),
    ],
)
def test_it_checks_the_own_contribution_share(own, expected):
    prog = programme(min_own_contribution_share=Decimal("0.40"))
    assert verdict(prog, project_cost=Decimal("100000"), own_contribution=own) == expected


def test_it_says_how_much_more_to_contribute():
    prog = programme(min_own_contribution_share=Decimal("0.40"))
    reason = match(prog, facts(project_cost=Decimal("100000"), own_contribution=Decimal("25000"))).reasons[0]
    assert "15\u202f000\u202fMAD" in reason.message_fr and "25\u00a0%" in reason.message_fr
    assert "40\u00a0%" in reason.message_fr and "15\u202f000\u202fدرهم" in reason.message_ar


def test_it_asks_to_check_a_rule_read_from_one_provinces_call_rather_than_refuse():
    call = {"field": "min_own_contribution_share", "ar": "طلب مشاريع أكادير", "fr": "l'appel d'Agadir"}
    prog = programme(key="indh", min_own_contribution_share=Decimal("0.40"), local_rules=[call])
    known = {"project_cost": Decimal("100000")}
    assert verdict(prog, own_contribution=Decimal("40000"), **known) == (ELIGIBLE, [])
    result = match(prog, facts(own_contribution=Decimal("10000"), **known))
    assert (result.status, result.codes) == (MISSING, ["local_rule_to_check"])
    (reason,) = result.reasons
    assert reason.condition == "indh.min_own_contribution_share" and reason.confirmable
    assert "l'appel d'Agadir" in reason.message_fr and "30\u202f000\u202fMAD" in reason.message_fr
    assert "طلب مشاريع أكادير" in reason.message_ar
    confirmed = frozenset({"indh.min_own_contribution_share"})
    assert verdict(prog, own_contribution=Decimal("10000"), confirmed=confirmed, **known) == (ELIGIBLE, [])


def test_it_turns_a_local_age_limit_into_a_check_not_a_refusal():
    call = {"field": "age_max", "ar": "طلب إقليمي", "fr": "un appel provincial"}
    prog = programme(key="p", age_max=34, local_rules=[call])
    born = {"holder_birth_date": D(1980, 1, 1), "applicant_form": "individual_project_holder"}
    assert verdict(prog, **born) == (MISSING, ["local_rule_to_check"])
    assert verdict(programme(key="p", age_max=34), **born)[0] == NOT_ELIGIBLE


# Stage.
@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        ("seeking_funding", (ELIGIBLE, [])),
        ("idea", (MISSING, ["stage_not_reached"])),
        ("operating", (NOT_ELIGIBLE, ["stage_passed"])),
        ("stopped", (NOT_ELIGIBLE, ["stage_passed"])),
        ("", (MISSING, ["stage_unknown"])),
    ],
)
def test_it_checks_the_project_stage(stage, expected):
    assert verdict(programme(stages=["structured", "seeking_funding"]), stage=stage) == expected


# What no program can check, and the programme's own status.
def test_it_keeps_other_conditions_missing_until_a_person_confirms_them():
    prog = programme(
        key="indh", other_conditions=[{"key": "value_chain", "ar": "سلسلة قيمة", "fr": "Filière"}]
    )
    result = match(prog, facts())
    assert (result.status, result.codes) == (MISSING, ["condition_unconfirmed"])
    assert result.reasons[0].condition == "indh.value_chain" and result.reasons[0].confirmable
    assert "Filière" in result.reasons[0].message_fr
    assert verdict(prog, confirmed=frozenset({"indh.value_chain"})) == (ELIGIBLE, [])


def test_it_takes_a_condition_as_met_when_the_answers_settle_it_and_only_then():
    ready = {
        "key": "ready",
        "ar": "منتجات جاهزة للبيع",
        "fr": "Produits prêts à vendre",
        "met_when": {"applicant_form": ["cooperative"], "stage": ["operating"]},
    }
    prog = programme(key="fairs", other_conditions=[ready])
    assert verdict(prog, applicant_form="cooperative", stage="operating") == (ELIGIBLE, [])
    assert verdict(prog, applicant_form="cooperative", stage="idea") == (MISSING, ["condition_unconfirmed"])
    assert verdict(prog, applicant_form="association", stage="operating") == (
        MISSING,
        ["condition_unconfirmed"],
    )


def test_it_refuses_an_ended_programme_and_asks_to_check_an_unclear_one():
    assert verdict(programme(state="ended")) == (NOT_ELIGIBLE, ["programme_ended"])
    assert verdict(programme(state="unclear", key="forsa")) == (MISSING, ["programme_status_unclear"])
    assert (
        verdict(programme(state="unclear", key="forsa"), confirmed=frozenset({"forsa.status"}))[0] == ELIGIBLE
    )


def test_it_lists_blocking_reasons_before_missing_facts():
    prog = programme(regions=["MA-01"], requires_soulaliyate_member=True)
    result = match(prog, facts(region_code="MA-05"))
    assert result.status == NOT_ELIGIBLE
    assert result.codes == ["outside_region", "membership_unknown"]
    assert [r.effect for r in result.reasons] == [NOT_ELIGIBLE, MISSING]


def test_it_has_both_sentences_for_every_reason_code():
    assert all(ar.strip() and fr.strip() for ar, fr in MESSAGES.values())
