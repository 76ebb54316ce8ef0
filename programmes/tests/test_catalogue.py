"""Loading the catalogue from its reference file, and matching a real project against it."""

import datetime
from decimal import Decimal

from django.core.management import call_command

from core.models import AuditEntry
from programmes.matching import ELIGIBLE, MISSING, NOT_ELIGIBLE, Facts, match_all
from programmes.models import SupportProgramme
from programmes.services import change_programme, load_catalogue


def test_it_loads_every_programme_of_the_file_with_arabic_and_french_texts(db):
    outcome = load_catalogue()
    assert len(outcome["created"]) == SupportProgramme.objects.count() == 16
    for programme in SupportProgramme.objects.all():
        assert programme.name_ar and programme.name_fr and programme.operator_ar and programme.summary_ar
        assert programme.summary_fr and programme.checked_on == datetime.date(2025, 8, 1)
        assert all(source["url"].startswith("http") for source in programme.sources)
        assert all(c["ar"] and c["fr"] and c["key"] for c in programme.other_conditions)


def test_it_reads_the_conditions_as_structured_data(db):
    load_catalogue()
    caravan = SupportProgramme.objects.get(key="caravan_dar_odco_2025")
    assert caravan.cooperative_max_age_years == 3 and caravan.regions == ["MA-01"]
    assert caravan.requires_soulaliyate_member and caravan.sectors == [] and caravan.state == "ended"
    intelaka = SupportProgramme.objects.get(key="intelaka")
    assert intelaka.max_loan_mad == Decimal("1200000") and intelaka.max_turnover_mad == Decimal("10000000")
    assert {"loan", "guarantee"} <= set(intelaka.kinds)
    assert SupportProgramme.objects.get(key="ess_fairs").kinds == ["marketing_support"]
    assert SupportProgramme.objects.get(key="tamwil_el_fellah").zone == "rural"


def test_it_changes_nothing_when_loaded_twice(db):
    load_catalogue()
    entries = AuditEntry.objects.count()
    outcome = load_catalogue()
    assert len(outcome["unchanged"]) == 16 and not outcome["created"] and not outcome["updated"]
    assert AuditEntry.objects.count() == entries


def test_it_keeps_a_coordinators_later_edit_unless_forced(db, django_user_model):
    load_catalogue()
    coordinator = django_user_model.objects.create_user("c")
    forsa = SupportProgramme.objects.get(key="forsa")
    forsa.state = "active"
    change_programme(coordinator, forsa, ["state"])
    assert load_catalogue()["kept"] == ["forsa"]
    assert SupportProgramme.objects.get(key="forsa").state == "active"
    assert "forsa" in load_catalogue(force=True)["updated"]
    assert SupportProgramme.objects.get(key="forsa").state == "unclear"


def test_it_refreshes_a_programme_loaded_but_never_edited(db):
    load_catalogue()
    SupportProgramme.objects.filter(key="intelaka").update(max_loan_mad=1, loaded_hash="old")
    assert load_catalogue()["updated"] == ["intelaka"]
    assert SupportProgramme.objects.get(key="intelaka").max_loan_mad == Decimal("1200000")


def test_it_loads_from_the_command_line(db, capsys):
    call_command("load_programmes")
    assert "created: 16" in capsys.readouterr().out


def test_it_matches_a_young_soulaliyate_woman_of_tangier_with_an_idea_against_the_catalogue(db):
    load_catalogue()
    facts = Facts(
        on=datetime.date(2025, 9, 1),
        applicant_form="individual_project_holder",
        holder_birth_date=datetime.date(1998, 4, 2),
        holder_sex="female",
        soulaliyate_member=True,
        sector="goat_cheese",
        region_code="MA-01",
        zone="rural",
        project_cost=Decimal("120000"),
        own_contribution=Decimal("20000"),
        stage="structured",
    )
    results = match_all(facts)
    keys = {p.key for p, _ in results}
    assert "caravan_dar_odco_2025" not in keys  # ended: out of the default catalogue
    by_key = {p.key: m for p, m in results}
    assert by_key["odco_mourafaka"].codes[:2] == ["programme_status_unclear", "found_cooperative_first"]
    assert by_key["terroir_labelling_support"].status == MISSING  # found the cooperative first
    assert by_key["agri_youth_entrepreneurship_crjea"].status == NOT_ELIGIBLE  # not deployed in TTA
    # 16.7 % brought, 40 % asked by one province's call: to check, not a refusal nor a national rule.
    indh = by_key["indh_ariej"]
    assert indh.status == MISSING and "raise_contribution" not in indh.codes
    (local,) = [r for r in indh.reasons if r.code == "local_rule_to_check"]
    assert local.condition == "indh_ariej.min_own_contribution_share" and local.confirmable
    assert "Agadir-Ida-Outanane" in local.message_fr and "أكادير-إداوتنان" in local.message_ar
    statuses = [m.status for _, m in results]
    assert statuses == sorted(statuses, key=[ELIGIBLE, MISSING, NOT_ELIGIBLE].index)


def test_it_lists_ada_anapec_and_tatwir_with_their_sources_and_dates(db):
    load_catalogue()
    added = SupportProgramme.objects.filter(
        key__in=["ada_solidarity_agriculture", "anapec_self_employment", "maroc_pme_tatwir"]
    )
    assert {p.key: p.sources_as_of for p in added} == {
        "ada_solidarity_agriculture": "2022-03",
        "anapec_self_employment": "2023-06",
        "maroc_pme_tatwir": "2021-01",
    }
    for programme in added:
        assert programme.state == "unclear" and programme.sources
        assert all(source["url"].startswith("https://") for source in programme.sources)
    ada = added.get(key="ada_solidarity_agriculture")
    assert ada.sectors == ["agriculture"] and ada.zone == "rural" and "cooperative" in ada.applicant_forms


def test_it_keeps_notes_out_of_the_conditions(db):
    load_catalogue()
    caravan = SupportProgramme.objects.get(key="caravan_dar_odco_2025")
    assert [c["key"] for c in caravan.other_conditions] == ["soulaliyate_cooperative"]
    assert "القصاصة" in caravan.status_note_ar and "coopératives féminines" in caravan.status_note_fr
    assert not any("الإرسالية" in c["ar"] for p in SupportProgramme.objects.all() for c in p.other_conditions)
    assert SupportProgramme.objects.get(key="microcredit").other_conditions == []


def test_it_says_on_the_programme_which_rule_comes_from_one_provinces_call(db):
    from programmes.describe import conditions

    load_catalogue()
    indh = SupportProgramme.objects.get(key="indh_ariej")
    assert any("أكادير-إداوتنان" in line and "يجب التحقق" in line for line in conditions(indh, "ar"))
    assert any("Agadir-Ida-Outanane" in line and "À vérifier" in line for line in conditions(indh, "fr"))
