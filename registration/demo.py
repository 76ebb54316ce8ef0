"""The demo caravan's registrations: about 230 invented people of Tanger-Tétouan-Al Hoceïma, no real person.

Every person goes through the real services (`find_or_create_person`, `register`), so each decision and
reason is the rules' own; the loader only chooses facts that make every case of the registration issue show:
mostly accepted; some ineligible (outside the region, cooperative too old, under age, no project idea); some to
review (no CIN, a CIN of unusual shape, not on the loaded members' list of their community, a likely duplicate
of someone already registered). Accepted registrations stay below the capacity (220) so that the demo can
register walk-ins and see them accepted.

The soulaliyate communities are invented and marked "(تجريبي)" / "(démo)"; the cooperatives are invented.
Deterministic (fixed seed) and idempotent: the demo caravan is recreated on each run and the people, found
again by their CIN or identical record, are registered again with the same decisions.
"""

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field, replace

from django.contrib.auth import get_user_model
from django.db import transaction

from people import fakes
from people.models import Channel, PossibleDuplicate, RightHolder, Sex, SoulaliyateCommunity
from people.services import PersonFacts, find_or_create_cooperative, find_or_create_person
from places.models import Province

from .models import Profile
from .services import register

SEED = 7
PEOPLE = 225  # distinct people; the likely duplicates come on top of them
DUPLICATES = 7
# How many people are made to meet each case (the rest are as the fakes come: ~10 % without a CIN…).
CASES = {
    "outside_region": 6,
    "cooperative_too_old": 6,
    "under_age": 3,
    "no_project_idea": 4,
    "cin_unusual": 3,
    "membership_unverified": 4,
}
COOPERATIVE_SHARE = 0.55
WOMEN_SHARE = 0.6
LIST_LOADED_AT = datetime.datetime(2025, 1, 20, 9, 0, tzinfo=datetime.UTC)

# Invented soulaliyate communities, per province of the region: (Arabic, French). Marked as demo data.
COMMUNITIES = {
    "MA-TNG": [("أولاد الحاج", "Ouled El Haj"), ("الحومة العليا", "El Houma El Oulia")],
    "MA-TET": [("أولاد بوعزة", "Ouled Bouazza"), ("دوار الكدية", "Douar El Kodia")],
    "MA-LAR": [("أولاد سيدي مسعود", "Ouled Sidi Messaoud"), ("أولاد الطاهر", "Ouled Tahar")],
    "MA-HOC": [("أيت موسى", "Aït Moussa"), ("أيت بوخلف", "Aït Boukhlef")],
    "MA-CHE": [("أولاد الشيخ", "Ouled Cheikh"), ("دوار تاغزوت", "Douar Taghzout")],
    "MA-OUZ": [("أولاد الحسين", "Ouled El Houcine"), ("أولاد بن عيسى", "Ouled Ben Aissa")],
    "MA-MDF": [("أولاد الرميلة", "Ouled Rmila")],
    "MA-FAH": [("أولاد القصر", "Ouled El Ksar")],
}
# Communities whose members' list (ذوو الحقوق) is loaded: their members are checked against it.
LISTED = [("MA-LAR", "أولاد سيدي مسعود"), ("MA-CHE", "أولاد الشيخ")]
# Just outside the region: people who live there and came anyway.
OUTSIDE = ["MA-KEN", "MA-SIK", "MA-TAO", "MA-TAZ", "MA-NAD", "MA-DRI"]

# (project idea, sector key of sectors.yaml)
IDEAS = [
    ("تربية النحل وإنتاج عسل الزعتر والبلوط", "honey"),
    ("تثمين جبن الماعز البلدي وتعبئته", "goat_cheese"),
    ("عصر زيت الزيتون وتعبئته في قنينات", "olive_oil"),
    ("تجفيف التين وتعبئته للبيع في الأسواق", "figs_dried_fruits"),
    ("تقطير النباتات العطرية والطبية (الزعتر، إكليل الجبل)", "aromatic_medicinal_plants"),
    ("إنتاج الكسكس والعجائن التقليدية", "agrifood"),
    ("نسج الزرابي والمنسوجات الجبلية", "weaving_textile"),
    ("صناعة منتجات الدوم (القفف والحصائر)", "doum_basketry"),
    ("دار ضيافة قروية ومسارات للمشي", "rural_tourism"),
    ("تربية الماعز والأغنام", "livestock"),
    ("صناعة الفخار التقليدي", "pottery"),
    ("زراعة الفطر", "mushrooms"),
    ("صناعة الصابون البلدي ومستحضرات طبيعية", "cosmetics"),
]
NO_IDEA = ["لا يوجد", "néant", "-", ""]

# Invented cooperatives: (name, sector); each founded between March 2022 and November 2024 (eligible).
COOPERATIVES = [
    ("تعاونية النحلة الذهبية", "honey"),
    ("تعاونية جبالة للحليب ومشتقاته", "goat_cheese"),
    ("تعاونية الزيتونة المباركة", "olive_oil"),
    ("تعاونية نساء الجبل للنسيج", "weaving_textile"),
    ("تعاونية الخير للكسكس", "agrifood"),
    ("تعاونية الدوم الأخضر", "doum_basketry"),
    ("تعاونية الأعشاب الطبية", "aromatic_medicinal_plants"),
    ("تعاونية التين الشمالي", "figs_dried_fruits"),
    ("تعاونية الأمل للفخار", "pottery"),
    ("تعاونية الضيافة القروية", "rural_tourism"),
]
# Founded on or before the limit (the first day minus 3 years, 4 February 2022): too old. The first one was
# founded exactly on that day, the edge of the rule.
OLD_COOPERATIVES = [
    ("تعاونية الوفاء الفلاحية", "agriculture", datetime.date(2022, 2, 4)),
    ("تعاونية الفجر لتربية الماعز", "livestock", datetime.date(2019, 6, 12)),
    ("تعاونية السلام للعسل", "honey", datetime.date(2016, 10, 3)),
]


@dataclass
class Entry:
    """One registration to make: the person's facts and the registration's own."""

    fake: fakes.FakePerson
    province: str
    profile: str
    community: tuple | None = None  # (province code, Arabic name) of an invented community
    community_declared: str = ""
    cooperative: tuple | None = None  # (name, sector, founded_on)
    project_idea: str = ""
    sector: str = ""
    channel: str = Channel.IMPORT
    on_members_list: bool = True
    cases: set = field(default_factory=set)


def load_demo_registrations(caravan):
    """Register the demo people to `caravan` (the demo caravan, just loaded); a Counter of the decisions.
    Nothing happens when the caravan already has registrations."""
    if caravan.registrations.exists():
        return Counter(caravan.registrations.values_list("decision", flat=True))
    entries = plan()
    with transaction.atomic():
        actor = get_user_model().objects.filter(username="organiser").first()
        communities = _communities()
        _members_lists(entries, communities)
        provinces = {p.code: p for p in Province.objects.select_related("region")}
        decisions = Counter()
        for entry in entries:
            registration = _register(caravan, entry, provinces, communities, actor)
            decisions[registration.decision] += 1
    return decisions


def plan(seed=SEED):
    """The registrations to make, in the order they are made (duplicates last, as they come in later)."""
    rng = random.Random(seed)
    entries = []
    for fake in _people(seed):
        cooperative_member = rng.random() < COOPERATIVE_SHARE
        entry = Entry(
            fake=fake,
            province=fake.province,
            profile=Profile.COOPERATIVE_MEMBER if cooperative_member else Profile.PROJECT_HOLDER,
            channel=rng.choices(
                [Channel.IMPORT, Channel.STAFF, Channel.SELF, Channel.WALK_IN], weights=[60, 25, 10, 5]
            )[0],
        )
        entry.community = (fake.province, rng.choice(COMMUNITIES[fake.province])[0])
        if cooperative_member:
            name, sector = rng.choice(COOPERATIVES)
            entry.cooperative = (name, sector, _founded(name))
        entry.project_idea, entry.sector = rng.choice(IDEAS)
        entries.append(entry)

    for entry in entries:
        if entry.fake.birth_year == fakes.TODAY.year - 18:  # 18 this year: most are not yet, on the first day
            entry.fake.birth_year -= 1
            if entry.fake.birth_date:
                entry.fake.birth_date = entry.fake.birth_date.replace(year=entry.fake.birth_year)
    chosen = rng.sample(range(len(entries)), sum(CASES.values()))
    for case, count in CASES.items():
        for index in chosen[:count]:
            _make(rng, entries[index], case)
        chosen = chosen[count:]
    _unique_cins(entries)
    return entries + _likely_duplicates(rng, entries)


def _people(seed):
    """PEOPLE fake people, WOMEN_SHARE of them women, in the fakes' own order (whatever their draw gives)."""
    women = round(PEOPLE * WOMEN_SHARE)
    wanted = {"f": women, "m": PEOPLE - women}
    chosen = []
    for fake in fakes.people(PEOPLE * 2, seed):
        if wanted[fake.gender]:
            wanted[fake.gender] -= 1
            chosen.append(fake)
    return chosen


def _make(rng, entry, case):
    """Change one entry's facts so that the rules find `case`."""
    entry.cases.add(case)
    fake = entry.fake
    if case == "outside_region":
        entry.province = rng.choice(OUTSIDE)
        entry.community = None
        entry.community_declared = "الجماعة السلالية أولاد " + rng.choice(
            ["بورحمة", "عمران", "سلامة", "يحيى"]
        )
    elif case == "cooperative_too_old":
        entry.profile = Profile.COOPERATIVE_MEMBER
        entry.cooperative = rng.choice(OLD_COOPERATIVES)
    elif case == "under_age":
        fake.birth_date = datetime.date(2007, rng.randint(3, 12), rng.randint(1, 28))
        fake.birth_year = 2007
    elif case == "no_project_idea":
        entry.profile, entry.cooperative = Profile.PROJECT_HOLDER, None
        entry.project_idea, entry.sector = rng.choice(NO_IDEA), ""
    elif case == "cin_unusual":
        digits = rng.choice([4, 7])
        fake.cin = rng.choice(["K", "LA", "Z"]) + "".join(str(rng.randint(0, 9)) for _ in range(digits))
    elif case == "membership_unverified":
        entry.province, name = rng.choice(LISTED)
        entry.community, entry.on_members_list = (entry.province, name), False
        fake.cin = fake.cin or "LB" + "".join(str(rng.randint(0, 9)) for _ in range(6))  # not on the list


def _founded(name):
    """A fixed founding date per cooperative name (every member of one cooperative gives the same one)."""
    local = random.Random(f"{SEED}:{name}")
    return datetime.date(2022, 3, 1) + datetime.timedelta(days=local.randint(0, 1000))


def _unique_cins(entries):
    """Random CINs may meet by chance; the second holder of one would be taken for the same person."""
    seen = set()
    for entry in entries:
        while entry.fake.cin and entry.fake.cin in seen:
            entry.fake.cin = entry.fake.cin[:-1] + str((int(entry.fake.cin[-1]) + 1) % 10)
        seen.add(entry.fake.cin)


def _likely_duplicates(rng, entries):
    """People already in the list who register again on their phone: their name written otherwise, without
    their CIN, with the same phone and birth date. The registry sees a likely match, never a sure one."""
    candidates = [
        e
        for e in entries
        if not e.cases and e.fake.cin and e.fake.phone and e.fake.birth_date and e.fake.province == e.province
    ]
    doubles = []
    for original in rng.sample(candidates, DUPLICATES):
        fake = original.fake
        first, family = fake.first, fake.family
        latin = f"{first[1][-1]} {family[1][-1]}"  # the rarest spelling, not capitalised as on the list
        arabic = f"{first[0]} {family[0]}".replace("أ", "ا").replace("إ", "ا").replace("ة", "ه")
        double = replace(fake, kind="duplicate", cin="", full_name_ar=arabic, full_name_latin=latin)
        doubles.append(replace(original, fake=double, channel=Channel.SELF, cases={"possible_duplicate"}))
    return doubles


# Invented naibs of the invented communities (one name each, in the order of COMMUNITIES).
NAIBS = [
    "محمد الحداد",
    "فاطمة الزهراء بنعلي",
    "عبد السلام الريفي",
    "أحمد الوزاني",
    "رشيد أمزيان",
    "خديجة البقالي",
]


def _naib(community_name):
    """The invented naib of a demo community: stable, whatever order the communities are made in."""
    return NAIBS[sum(map(ord, community_name)) % len(NAIBS)]


def _communities():
    """The invented communities, by (province code, Arabic name), with the lists of two of them loaded."""
    provinces = {p.code: p for p in Province.objects.filter(code__in=COMMUNITIES)}
    found = {}
    for code, names in COMMUNITIES.items():
        for name_ar, name_fr in names:
            # «الجماعة السلالية …» in full: «جماعة …» alone reads as a commune (Law 62-17 says communauté).
            community, _ = SoulaliyateCommunity.objects.get_or_create(
                province=provinces[code],
                name_ar=f"الجماعة السلالية {name_ar} (تجريبي)",
                defaults={
                    "name_fr": f"Communauté soulaliyate {name_fr} (démo)",
                    "representative": f"{_naib(name_ar)} (مثال)",
                },
            )
            if (code, name_ar) in LISTED and not community.members_list_loaded_at:
                community.members_list_loaded_at = LIST_LOADED_AT
                community.save(update_fields=["members_list_loaded_at"])
            found[code, name_ar] = community
    return found


def _members_lists(entries, communities):
    """The loaded lists hold every demo member of those communities with a CIN, except those made to miss."""
    for entry in entries:
        if entry.community in LISTED and entry.on_members_list and entry.fake.cin:
            RightHolder.objects.get_or_create(
                community=communities[entry.community],
                cin=entry.fake.cin,
                defaults={
                    "full_name_ar": entry.fake.full_name_ar,
                    "full_name_latin": entry.fake.full_name_latin,
                },
            )


def _register(caravan, entry, provinces, communities, actor):
    fake = entry.fake
    province = provinces[entry.province]
    actor = None if entry.channel == Channel.SELF else actor
    facts = PersonFacts(
        full_name_ar=fake.full_name_ar,
        full_name_latin=fake.full_name_latin,
        cin=fake.cin,
        sex=Sex.FEMALE if fake.gender == "f" else Sex.MALE,
        birth_date=fake.birth_date,
        birth_year=fake.birth_date.year if fake.birth_date else fake.birth_year,
        phone=fake.phone or "",
        province=province,
        community=communities.get(entry.community) if entry.community else None,
        community_declared=entry.community_declared,
    )
    # likely duplicates are queued for review by people.services
    person, _outcome, likely = find_or_create_person(facts, actor, entry.channel)
    # Found again on a second run, the person has no new likely match: the pending review still says it.
    suspect = (
        bool(likely)
        or PossibleDuplicate.objects.filter(person=person, status=PossibleDuplicate.Status.PENDING).exists()
    )
    cooperative = None
    if entry.profile == Profile.COOPERATIVE_MEMBER and entry.cooperative:
        name, sector, founded_on = entry.cooperative
        cooperative, created = find_or_create_cooperative(
            name, province=province, founded_on=founded_on, actor=actor
        )
        if created:
            cooperative.sector = sector
            cooperative.save(update_fields=["sector"])
    return register(
        caravan,
        person,
        profile=entry.profile,
        channel=entry.channel,
        actor=actor,
        cooperative=cooperative,
        project_idea=entry.project_idea,
        sector=entry.sector if entry.project_idea else "",
        extra_reasons=["possible_duplicate"] if suspect else [],
        tell=False,  # invented people: their phones may be someone's, never sent anything
    )
