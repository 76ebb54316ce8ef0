"""The sectors' hierarchy: a sector is part of its parent's, up to its root."""

from core.sectors import lineage, sector_label, sectors, within


def test_it_places_goat_cheese_under_livestock_under_agriculture():
    assert lineage("goat_cheese") == ["goat_cheese", "livestock", "agriculture"]
    assert within("goat_cheese", ["agriculture"]) and within("goat_cheese", ["livestock", "tourism"])
    assert not within("agriculture", ["goat_cheese"])  # the parent is not part of its sub-sector
    assert not within("pottery", ["agriculture"]) and not within("", ["agriculture"])


def test_it_gives_every_sector_a_known_parent_or_none_for_a_root():
    keys = {sector["key"] for sector in sectors()}
    assert all(sector.get("parent", "") in keys | {""} for sector in sectors())
    assert {s["key"] for s in sectors() if "parent" not in s} >= {"agriculture", "handicraft", "services"}


def test_it_lists_the_sectors_soulaliyate_projects_needed():
    assert lineage("poultry")[-1] == lineage("rabbits")[-1] == lineage("raw_milk")[-1] == "agriculture"
    assert lineage("carob")[-1] == "agriculture" and lineage("preschool") == ["preschool", "services"]
    assert sector_label("poultry", "ar") == "تربية الدواجن" and sector_label("carob", "ar") == "الخروب"
    assert sector_label("preschool", "fr") == "Enseignement préscolaire"
