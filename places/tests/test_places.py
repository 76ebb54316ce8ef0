from places.models import Commune, Province, Region


def test_it_loads_the_regions_provinces_and_communes_of_morocco(places):
    assert Region.objects.count() == 12
    assert Province.objects.count() == 75
    assert Commune.objects.filter(province__region__code="MA-01").count() >= 146


def test_it_finds_a_province_by_any_common_spelling(places):
    for spelling in [
        "Tanger-Asilah",
        "Tanger Assilah",
        "طنجة أصيلة",
        "طنجة-أصيلة",
        "tanger-assilah",
        "عمالة طنجة أصيلة",
    ]:
        assert [p.code for p in Province.objects.matching(spelling)] == ["MA-TNG"], spelling


def test_it_finds_nothing_for_an_unknown_place(places):
    assert not Province.objects.matching("Atlantis").exists()
    assert not Province.objects.matching("   ").exists()


def test_loading_twice_changes_nothing(places):
    from places.services import load_places

    before = (Region.objects.count(), Province.objects.count(), Commune.objects.count())
    assert load_places() == before


def test_it_finds_a_province_written_with_the_word_province_before_it(places):
    for spelling in ["إقليم القنيطرة", "Province de Kénitra", "province kenitra"]:
        assert [p.code for p in Province.objects.matching(spelling)] == ["MA-KEN"], spelling
