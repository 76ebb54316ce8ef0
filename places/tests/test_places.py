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


def test_it_writes_the_official_hyphenated_arabic_names(places):
    assert Region.objects.get(code="MA-01").name_ar == "طنجة-تطوان-الحسيمة"
    names = dict(
        Province.objects.filter(code__in=["MA-TNG", "MA-MDF", "MA-FAH"]).values_list("code", "name_ar")
    )
    assert names == {"MA-TNG": "طنجة-أصيلة", "MA-MDF": "المضيق-الفنيدق", "MA-FAH": "الفحص-أنجرة"}
    communes = set(
        Commune.objects.filter(name_fr__in=["Teroual", "Mallalienne"]).values_list("name_ar", flat=True)
    )
    assert communes == {"تروال", "الملالين"}


def test_it_pairs_each_communes_latin_and_arabic_names_as_the_communes_write_them(places):
    pairs = dict(Commune.objects.filter(province__region__code="MA-01").values_list("name_fr", "name_ar"))
    assert {name: pairs[name] for name in ["Ain Beida", "Bni Idder", "Chakrane", "Rouadi", "Ksar Sghir"]} == {
        "Ain Beida": "عين البيضاء",
        "Bni Idder": "بني يدر",
        "Chakrane": "شقران",
        "Rouadi": "الرواضي",
        "Ksar Sghir": "القصر الصغير",
    }
    assert pairs["Bni Hadifa"] == "بني حذيفة"


def test_no_arabic_name_stands_for_two_communes_of_one_province(places):
    seen = {}
    for province, name_ar, name_fr in Commune.objects.values_list("province", "name_ar", "name_fr"):
        seen.setdefault((province, name_ar), set()).add(name_fr)
    assert {key: names for key, names in seen.items() if len(names) > 1} == {}
