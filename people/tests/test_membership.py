"""Is a person on their community's list of right-holders: `people.membership`."""


import pytest

from people import fakes
from people.matching import ALIKE_WITH_ONE, cin_key
from people.membership import Members
from people.models import Person, RightHolder, SoulaliyateCommunity
from people.names import name_similarity, read
from places.models import Province

pytestmark = pytest.mark.django_db


@pytest.fixture
def community(places):
    province = Province.objects.get(code="MA-TNG")
    return SoulaliyateCommunity.objects.create(province=province, name_ar="أولاد علي")


def on_list(community, *holders):
    RightHolder.objects.bulk_create(
        RightHolder(community=community, **{"full_name_ar": "", "full_name_latin": "", "cin": "", **h})
        for h in holders
    )


def is_member(person, community):
    return Members(community).contains(person)


def registering(**fields):
    return Person(**{"full_name_ar": "", "full_name_latin": "", "cin": "", **fields})


def test_it_finds_a_member_by_the_same_cin_however_written(community):
    on_list(community, {"full_name_ar": "خديجة بناني", "cin": "kb 123456"})
    assert is_member(registering(full_name_latin="Someone Else", cin="KB123456"), community)


def test_it_finds_a_member_listed_in_arabic_who_registers_in_latin_letters(community):
    on_list(community, {"full_name_ar": "محمد العلمي"})
    for spelling in ["Mohamed El Alami", "Mohammed ALAMI", "Alami Mohamed", "Muhammad Elalami"]:
        assert is_member(registering(full_name_latin=spelling, cin="K445566"), community), spelling


def test_it_finds_a_member_listed_in_latin_letters_who_registers_in_arabic(community):
    on_list(community, {"full_name_latin": "Fatima-Zahra Bennani", "cin": "K100200"})
    assert is_member(registering(full_name_ar="فاطمة الزهراء بناني"), community)


def test_it_does_not_take_a_namesake_with_another_cin_for_a_member(community):
    on_list(community, {"full_name_ar": "محمد العلمي", "cin": "K111111"})
    assert not is_member(registering(full_name_latin="Mohamed El Alami", cin="K222222"), community)


def test_it_keeps_apart_names_that_differ_by_a_feminine_ending(community):
    on_list(community, {"full_name_ar": "كريم بناني"})
    assert not is_member(registering(full_name_ar="كريمة بناني"), community)


def test_it_does_not_take_another_name_for_a_member(community):
    on_list(community, {"full_name_ar": "محمد العلمي"})
    assert not is_member(registering(full_name_latin="Ahmed El Alami"), community)


def test_it_finds_no_one_on_an_empty_list(community):
    assert not is_member(registering(full_name_ar="محمد العلمي", cin="K111111"), community)


def test_it_reads_the_list_in_one_query(community, django_assert_num_queries):
    on_list(community, *({"full_name_ar": f"محمد {n}", "cin": f"K{n:06d}"} for n in range(50)))
    with django_assert_num_queries(1):
        members = Members(community)
    assert members.contains(registering(cin="K000007"))
    assert len(members) == 50


def test_it_answers_as_comparing_every_name_would_on_a_large_list(community):
    listed = fakes.people(3000, seed=7)
    on_list(community, *({"full_name_ar": p.full_name_ar, "cin": p.cin} for p in listed[:1500]))
    on_list(community, *({"full_name_latin": p.full_name_latin, "cin": p.cin} for p in listed[1500:]))
    members = Members(community)
    asking = fakes.population(400, seed=11)
    answers = [members.contains(registering(**_names_and_cin(p))) for p in asking]
    assert answers == [_brute_force(p, listed) for p in asking]
    assert 0 < sum(answers) < len(asking)


def _names_and_cin(fake):
    return {"full_name_ar": fake.full_name_ar, "full_name_latin": fake.full_name_latin, "cin": fake.cin}


def _brute_force(fake, listed):
    """Membership by comparing the person with every right-holder, as `people.matching` compares names."""
    cin = cin_key(fake.cin)
    names = [n for n in (read(fake.full_name_ar), read(fake.full_name_latin)) if n]
    for index, holder in enumerate(listed):
        holder_cin = cin_key(holder.cin)
        if cin and cin == holder_cin:
            return True
        if cin and holder_cin:
            continue
        holder_name = read(holder.full_name_ar if index < 1500 else holder.full_name_latin)
        pairs = sorted(
            ((name_similarity(n, holder_name), n.feminine == holder_name.feminine) for n in names),
            reverse=True,
        )
        if pairs and pairs[0][0] >= ALIKE_WITH_ONE and pairs[0][1]:
            return True
    return False
