"""A national-size invented data set for the dashboard's benchmark: caravans all over Morocco over several years,
their days, people (some coming to several caravans), cooperatives, communities, registrations and check-ins.

Everything is written with bulk_create in large batches inside one transaction: 100,000 registrations take a
minute or so on SQLite. Reproducible from the seed. Seeded rows are marked (caravan slugs `scale-…`, people's
`community_declared` = SEED_MARK) so that `remove()` takes them all away again, and nothing else.
"""

import datetime
import random

from django.db import connection, transaction
from django.utils import timezone

from caravans.models import Caravan, Day
from core.sectors import sectors
from onsite.models import CheckIn
from people import fakes
from people.models import Cooperative, Person, SoulaliyateCommunity
from people.services import name_key
from places.models import Province, Region
from registration.models import BADGE_ALPHABET, Decision, Registration

SEED_MARK = "seed-scale"
SLUG_PREFIX = "scale-"
BATCH = 2000
FIRST_YEAR, LAST_YEAR = 2021, 2026
RETURNING = 0.2  # share of registrations by someone already registered to another caravan
# decision: (share, reasons)
DECISIONS = [
    (Decision.ACCEPTED, 0.74, []),
    (Decision.WAITLISTED, 0.05, ["capacity_full"]),
    (Decision.INELIGIBLE, 0.09, ["outside_region"]),
    (Decision.INELIGIBLE, 0.02, ["cooperative_too_old"]),
    (Decision.NEEDS_REVIEW, 0.08, ["missing_cin"]),
    (Decision.CANCELLED, 0.02, []),
]


def badge(number):
    """A unique badge code of the badge alphabet, from a number."""
    digits = []
    for _ in range(10):
        number, rest = divmod(number, len(BADGE_ALPHABET))
        digits.append(BADGE_ALPHABET[rest])
    return "".join(reversed(digits))


def remove():
    """Delete every seeded row (caravans first: their registrations, days and check-ins go with them)."""
    with transaction.atomic():
        Caravan.objects.filter(slug__startswith=SLUG_PREFIX).delete()
        Person.objects.filter(community_declared=SEED_MARK).delete()
        Cooperative.objects.filter(registration_number=SEED_MARK).delete()
        SoulaliyateCommunity.objects.filter(name_fr__endswith=f"({SEED_MARK})").delete()


@transaction.atomic
def seed(caravans=500, registrations=100_000, *, seed=1):
    """Create the data set; returns {table: rows created}."""
    rng = random.Random(seed)
    regions = list(Region.objects.order_by("code"))
    provinces = {}
    for province in Province.objects.order_by("code"):
        provinces.setdefault(province.region_id, []).append(province)
    if not regions or not provinces:
        raise ValueError("load the places first (regions and provinces)")
    communities = _communities(provinces)
    cooperatives = _cooperatives(rng, provinces)
    made_caravans = _caravans(rng, caravans, [r for r in regions if r.pk in provinces])
    people_by_region = {}
    people_count = int(registrations * (1 - RETURNING)) + 1
    people = _people(rng, people_count, provinces, communities)
    for person in people:
        people_by_region.setdefault(person.province.region_id, []).append(person)
    rows = _registrations(rng, made_caravans, registrations, people_by_region, cooperatives)
    checkins = _checkins(rng, rows, made_caravans)
    with connection.cursor() as cursor:
        # Fresh statistics for the query planner, as PostgreSQL's autovacuum would gather (SQLite never does
        # by itself): without them SQLite may start a filtered query from the wrong index.
        cursor.execute("ANALYZE")
    return {
        "caravans": len(made_caravans),
        "people": len(people),
        "registrations": len(rows),
        "checkins": checkins,
    }


def _communities(provinces):
    made = [
        SoulaliyateCommunity(
            province=p, name_ar=f"جماعة تجريبية {n} {p.code}", name_fr=f"Collectivité {n} ({SEED_MARK})"
        )
        for region in provinces.values()
        for p in region
        for n in range(1, 4)
    ]
    created = SoulaliyateCommunity.objects.bulk_create(made, batch_size=BATCH)
    by_province = {}
    for community in created:
        by_province.setdefault(community.province_id, []).append(community)
    return by_province


def _cooperatives(rng, provinces):
    keys = [sector["key"] for sector in sectors()]
    made = [
        Cooperative(
            name_ar=f"تعاونية تجريبية {n}", sector=rng.choice(keys), province=p, registration_number=SEED_MARK
        )
        for region in provinces.values()
        for p in region
        for n in range(20)
    ]
    created = Cooperative.objects.bulk_create(made, batch_size=BATCH)
    by_province = {}
    for cooperative in created:
        by_province.setdefault(cooperative.province_id, []).append(cooperative)
    return by_province


def _caravans(rng, count, regions):
    days_in_span = (datetime.date(LAST_YEAR, 12, 31) - datetime.date(FIRST_YEAR, 1, 1)).days
    made = []
    for n in range(count):
        start = datetime.date(FIRST_YEAR, 1, 1) + datetime.timedelta(days=rng.randrange(days_in_span - 3))
        region = regions[n % len(regions)]
        made.append(
            Caravan(
                slug=f"{SLUG_PREFIX}{n + 1:04d}",
                title_ar=f"قافلة {region.name_ar} {n + 1}",
                title_fr=f"Caravane {region.name_fr} {n + 1}",
                region=region,
                city_ar=region.name_ar,
                city_fr=region.name_fr,
                start_date=start,
                end_date=start + datetime.timedelta(days=2),
                capacity=250,
                status=Caravan.Status.CLOSED,
            )
        )
    created = Caravan.objects.bulk_create(made, batch_size=BATCH)
    Day.objects.bulk_create(
        [Day(caravan=c, date=c.start_date + datetime.timedelta(days=i)) for c in created for i in range(3)],
        batch_size=BATCH,
    )
    return created


def _people(rng, count, provinces, communities):
    all_provinces = [p for region in provinces.values() for p in region]
    made = []
    for n in range(count):
        woman = rng.random() < 0.6
        first_ar, first_latin = rng.choice(fakes.WOMEN if woman else fakes.MEN)
        family_ar, family_latin = rng.choice(fakes.FAMILIES)
        full_ar, full_latin = f"{first_ar} {family_ar}", f"{first_latin[0]} {family_latin[0]}"
        province = rng.choice(all_provinces)
        roll = rng.random()
        birth_date = birth_year = None
        if roll < 0.92:
            birth_date = datetime.date(rng.randint(1955, 2007), rng.randint(1, 12), rng.randint(1, 28))
        elif roll < 0.97:
            birth_year = rng.randint(1955, 2005)
        made.append(
            Person(
                full_name_ar=full_ar,
                full_name_latin=full_latin,
                name_key=name_key(full_ar, full_latin),
                cin="" if rng.random() < 0.05 else f"ZZ{n:07d}",
                sex="female" if woman else "male",
                birth_date=birth_date,
                birth_year=birth_year,
                province=province,
                community=rng.choice(communities[province.pk]) if rng.random() < 0.85 else None,
                community_declared=SEED_MARK,
            )
        )
    return Person.objects.bulk_create(made, batch_size=BATCH)


def _registrations(rng, caravans, count, people_by_region, cooperatives):
    keys = [sector["key"] for sector in sectors()]
    shares = [share for _d, share, _r in DECISIONS]
    fresh = {region: list(found) for region, found in people_by_region.items()}
    for found in fresh.values():
        rng.shuffle(found)
    seen = {}  # region → people already registered somewhere (who may come back)
    made, badges = [], 0
    per_caravan = [
        count // len(caravans) + (1 if i < count % len(caravans) else 0) for i in range(len(caravans))
    ]
    now = timezone.now()
    for caravan, wanted in zip(caravans, per_caravan, strict=True):
        region = caravan.region_id if caravan.region_id in fresh else rng.choice(sorted(fresh))
        taken = set()
        for _ in range(wanted):
            person = _someone(rng, fresh, seen, region, taken)
            if person is None:
                continue
            taken.add(person.pk)
            seen.setdefault(region, []).append(person)
            decision, _share, reasons = rng.choices(DECISIONS, weights=shares)[0]
            member = rng.random() < 0.55
            coop = rng.choice(cooperatives[person.province_id]) if member else None
            code = None
            if decision == Decision.ACCEPTED:
                badges += 1
                code = badge(badges)
            made.append(
                Registration(
                    person=person,
                    caravan=caravan,
                    profile="cooperative_member" if member else "project_holder",
                    cooperative=coop,
                    project_idea="" if member else "مشروع تجريبي",
                    sector="" if member else rng.choice(keys),
                    channel="import",
                    decision=decision,
                    reasons=list(reasons),
                    badge_code=code,
                    created=now,
                )
            )
    return Registration.objects.bulk_create(made, batch_size=BATCH)


def _someone(rng, fresh, seen, region, taken):
    """Mostly a person of the region never registered yet; sometimes (RETURNING) one coming back; never one of
    `taken` (already registered to this caravan). A region short of people borrows from the others."""
    if fresh[region] and not (seen.get(region) and rng.random() < RETURNING):
        return fresh[region].pop()
    for _attempt in range(10):
        if seen.get(region):
            person = rng.choice(seen[region])
            if person.pk not in taken:
                return person
    other = max(sorted(fresh), key=lambda key: len(fresh[key]))
    if fresh[other]:
        return fresh[other].pop()
    anyone = [found for found in seen.values() if found]
    for _attempt in range(50):
        person = rng.choice(rng.choice(anyone))
        if person.pk not in taken:
            return person
    return None


def _checkins(rng, registrations, caravans):
    starts = {c.pk: c.start_date for c in caravans}
    at = timezone.now()
    made = []
    for registration in registrations:
        if registration.decision != Decision.ACCEPTED:
            continue
        for offset in range(3):
            if rng.random() < (0.85, 0.75, 0.7)[offset]:
                day = starts[registration.caravan_id] + datetime.timedelta(days=offset)
                made.append(CheckIn(registration=registration, day=day, at=at))
    CheckIn.objects.bulk_create(made, batch_size=BATCH)
    return len(made)
