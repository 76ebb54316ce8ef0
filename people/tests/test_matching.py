import datetime
from itertools import combinations

from hypothesis import given
from hypothesis import strategies as st

from people.fakes import population
from people.matching import (
    CLOSE_BIRTH_DATE,
    SAME_BIRTH_DATE,
    SAME_PHONE,
    SIMILAR_NAMES,
    Candidate,
    compare,
    likely_pairs,
    sure_match,
    sure_pairs,
)

PHONE = "+212612345678"
BORN = datetime.date(1985, 3, 14)


def person(id, ar="", latin="", cin="", phone=None, born=None, year=None):
    return Candidate(id, ar, latin, cin, phone, born, year)


def test_it_sees_the_same_cin_however_it_is_written():
    assert sure_match(person(1, cin="K123456"), person(2, cin=" k 123-456 "))
    assert sure_match(person(1, cin="LB.234.567"), person(2, cin="LB٢٣٤٥٦٧"))
    assert not sure_match(person(1, cin="K012345"), person(2, cin="K12345"))  # leading zeros count
    assert not sure_match(person(1, cin=""), person(2, cin=""))
    assert not sure_match(person(1, cin="ك123456"), person(2, cin="ك123456"))  # Arabic letters: unusable


def test_it_lists_sure_pairs_by_cin():
    records = [person(1, cin="K123456"), person(2, cin="L1"), person(3, cin="k-123456"), person(4)]
    assert sure_pairs(records) == [(1, 3)]


def test_it_finds_the_same_person_written_in_arabic_then_in_latin_with_the_same_phone():
    first = person(1, ar="فاطمة الزهراء العلمي", cin="K123456", phone=PHONE)
    again = person(2, latin="EL ALAMI Fatimazahra", phone=PHONE, born=BORN)
    assert likely_pairs([first, again]) == [(1, 2, 1.0, [SAME_PHONE, SIMILAR_NAMES])]


def test_it_finds_the_same_person_by_birth_date_across_spellings():
    first = person(1, latin="Ouafae Ben Ali", phone=PHONE, born=BORN)
    again = person(2, ar="وفاء بنعلي", phone="+212700000001", born=BORN)
    assert likely_pairs([first, again]) == [(1, 2, 1.0, [SAME_BIRTH_DATE, SIMILAR_NAMES])]


def test_it_forgives_a_consonant_typo_only_when_phone_and_birth_date_agree():
    first = person(1, latin="Mohamed Khamlichi", phone=PHONE, born=BORN)
    typo = person(2, latin="Mohamed Khamlizhi", phone=PHONE, born=BORN)
    assert compare(first, typo) is not None
    assert compare(first, person(2, latin="Mohamed Khamlizhi", phone=PHONE)) is None


def test_it_accepts_a_birth_date_with_day_and_month_swapped():
    first = person(1, latin="Driss Temsamani", phone=PHONE, born=datetime.date(1980, 4, 7))
    again = person(2, ar="إدريس التمسماني", phone=PHONE, born=datetime.date(1980, 7, 4))
    assert compare(first, again)[1] == [SAME_PHONE, CLOSE_BIRTH_DATE, SIMILAR_NAMES]


def test_it_never_matches_namesakes_with_different_cins():
    first = person(1, ar="محمد العلمي", cin="K123456", phone=PHONE, born=BORN)
    namesake = person(2, ar="محمد العلمي", latin="Mohamed El Alami", cin="L654321", phone=PHONE, born=BORN)
    assert likely_pairs([first, namesake]) == []


def test_it_leaves_the_same_cin_to_the_sure_step():
    first = person(1, ar="محمد العلمي", cin="K123456", phone=PHONE)
    again = person(2, latin="Mohamed Alami", cin="K123456", phone=PHONE)
    assert likely_pairs([first, again]) == []
    assert sure_pairs([first, again]) == [(1, 2)]


def test_it_never_matches_a_mother_and_her_daughter_sharing_the_family_phone():
    mother = person(1, ar="فاطمة العلمي", latin="Fatima El Alami", cin="K123456", phone=PHONE, born=BORN)
    daughter = person(
        2, ar="خديجة العلمي", latin="Khadija El Alami", phone=PHONE, born=datetime.date(2004, 9, 1)
    )
    assert likely_pairs([mother, daughter]) == []
    without_date = person(3, latin="Fatiha El Alami", phone=PHONE)  # close name, no birth date to tell
    assert likely_pairs([mother, without_date]) == []


def test_it_never_matches_relatives_with_the_same_name_and_different_birth_dates():
    father = person(1, latin="Mohamed Bakkali", phone=PHONE, born=datetime.date(1960, 1, 1))
    son = person(2, ar="محمد البقالي", phone=PHONE, born=datetime.date(1990, 5, 17))
    assert likely_pairs([father, son]) == []


def test_it_tells_a_brother_from_a_sister_by_the_feminine_ending():
    brother = person(1, latin="Karim Ahmidouch", phone=PHONE, born=BORN)
    sister = person(2, ar="كريمة أحميدوش", phone=PHONE)
    assert likely_pairs([brother, sister]) == []


def test_it_keeps_a_record_without_cin_with_the_best_of_two_namesakes_only():
    known = person(1, ar="محمد العلمي", cin="K123456", phone=PHONE, born=BORN)
    namesake = person(2, ar="محمد العلمي", cin="L654321", phone="+212700000002", born=BORN)
    again = person(3, latin="Mohammed Alami", phone=PHONE, born=BORN)
    assert [pair[:2] for pair in likely_pairs([known, namesake, again])] == [(1, 3)]


def test_it_needs_a_phone_or_a_birth_date_in_common():
    first = person(1, latin="Youssef Idrissi", phone=PHONE, born=BORN)
    assert likely_pairs([first, person(2, ar="يوسف الإدريسي")]) == []
    assert likely_pairs([first, person(2, ar="يوسف الإدريسي", year=1985)]) == []


def test_it_finds_the_injected_duplicates_of_a_realistic_population():
    """A small guard; bench/bench_matching.py measures the real figures on 20,000 records."""
    records = population(2000, seed=11)
    candidates = [
        person(r.id, r.full_name_ar, r.full_name_latin, r.cin, r.phone, r.birth_date, r.birth_year)
        for r in records
    ]
    by_person = {}
    for record in records:
        by_person.setdefault(record.person, []).append(record.id)
    truth = {frozenset(p) for ids in by_person.values() for p in combinations(ids, 2)}
    truth -= {frozenset(p) for p in sure_pairs(candidates)}
    found = {frozenset(pair[:2]) for pair in likely_pairs(candidates)}
    assert len(found & truth) / len(found) >= 0.95
    assert len(found & truth) / len(truth) >= 0.9


NAMES = st.sampled_from(
    ["محمد العلمي", "Mohamed Alami", "أحمد العلمي", "Fatima Bakkali", "فتيحة البقالي", ""]
)
CANDIDATES = st.builds(
    person,
    id=st.integers(),
    ar=NAMES,
    latin=st.one_of(NAMES, st.text(max_size=20)),
    cin=st.sampled_from(["", "K123456", "L654321", "garbage", "ك1"]),
    phone=st.sampled_from([None, PHONE, "+212700000001"]),
    born=st.sampled_from([None, BORN, datetime.date(1985, 14 % 12, 3), datetime.date(1990, 1, 1)]),
    year=st.sampled_from([None, 1985]),
)


@given(CANDIDATES, CANDIDATES)
def test_it_compares_any_two_records_the_same_both_ways(a, b):
    assert compare(a, b) == compare(b, a)
