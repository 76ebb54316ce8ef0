"""The check-in endpoint under 20 concurrent agents, against a bare Django view served by the same gunicorn.

Every request checks a different badge in (a real first check-in: the look-ups, one insert, the answer), as
agents do in the first hour at the venue; the badges are added to the demo caravan before the runs.
Knobs (environment): BENCH_SECONDS per load run (default 10), BENCH_ROUNDS (default 2; best round counts),
WEB_CONCURRENCY, DATABASE_URL (default: a fresh temporary SQLite file).
"""

import json
import os

from bench import load
from bench.web import demo_server, django_shell

SLUG = "tanger-2025"
CHECKINS = f"/api/v1/caravans/{SLUG}/checkins"
BARE = "/bench/bare"
AGENTS = 20
# Of the bare view's rate: PostgreSQL's round trips to another process cost more than SQLite's calls (issue #15).
SQLITE_RATE_TARGET, POSTGRESQL_RATE_TARGET = 0.30, 0.25
P99_LIMIT_MS = 50

# Accepted registrations with badges, written in bulk (the registration service would take minutes for
# 30,000 and is not what is measured); prints the badge codes and the caravan's days, then an agent's token.
SEED = """
import json
from django.contrib.auth import get_user_model
from caravans.models import Caravan
from core.models import ApiToken
from people.models import Person
from registration.models import Decision, Registration, new_badge_code

caravan = Caravan.objects.get(slug="{slug}")
people = Person.objects.bulk_create(
    [Person(full_name_ar="مشارك {{}}".format(n), full_name_latin="Participant {{}}".format(n)) for n in range({count})],
    batch_size=2000,
)
registrations = Registration.objects.bulk_create(
    [
        Registration(person=person, caravan=caravan, profile="project_holder", channel="import",
                     decision=Decision.ACCEPTED, badge_code=new_badge_code())
        for person in people
    ],
    batch_size=2000,
)
print(json.dumps({{
    "codes": [registration.badge_code for registration in registrations],
    "days": [str(day) for day in caravan.days.values_list("date", flat=True)],
    "token": ApiToken.issue(get_user_model().objects.get(username="agent")),
}}))
"""


def run(report):
    seconds = int(os.environ.get("BENCH_SECONDS", "10"))
    rounds = int(os.environ.get("BENCH_ROUNDS", "2"))
    if load.fallback_reason():
        report.note(load.fallback_reason())
    with demo_server(workers=os.environ.get("WEB_CONCURRENCY")) as (base, env):
        # Enough badges that no request of any round is a repeat: a generous bound on the rate times the time.
        count = 3000 * seconds * (rounds + 1)
        seeded = json.loads(
            django_shell(env, SEED.format(slug=SLUG, count=count), timeout=600).splitlines()[-1]
        )
        days, headers = seeded["days"], {"Authorization": f"Bearer {seeded['token']}"}
        headers["Content-Type"] = "application/json"
        bodies = iter(json.dumps({"code": code, "day": days[0]}) for code in seeded["codes"])
        workers = env.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1
        report.note(
            f"gunicorn sync, {workers} workers, {env['DATABASE_URL'].split(':', 1)[0]}; "
            f"{AGENTS} connections (agents), {seconds} s runs, {count} distinct badges"
        )
        report.note("load average before the runs: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
        load.run(base + BARE, seconds=2, connections=AGENTS)  # warm the workers
        best = {}
        for _ in range(rounds):
            share = [next(bodies) for _ in range(3000 * seconds)]
            runs = {
                "bare view": load.run(base + BARE, seconds=seconds, connections=AGENTS),
                "check-in": load.run(
                    base + CHECKINS, seconds=seconds, connections=AGENTS, headers=headers, bodies=share
                ),
            }
            for name, result in runs.items():
                if result.errors or result.bad_status:
                    report.note(f"{name}: {result.errors} connection errors, {result.bad_status} bad answers")
                if name not in best or result.rate > best[name].rate:
                    best[name] = result
        bare, checkin = best["bare view"], best["check-in"]
        report.note(f"load generator: {bare.tool}; best of {rounds} rounds")
        report("bare view (req/s)", bare.rate, bare.rate, "req/s")
        sqlite = env["DATABASE_URL"].startswith("sqlite")
        target = SQLITE_RATE_TARGET if sqlite else POSTGRESQL_RATE_TARGET
        report("check-in POST (req/s)", checkin.rate, bare.rate, "req/s", target=target)
        report("check-in POST p99", checkin.p99_ms, bare.p99_ms, "ms", higher_is_better=False)
        report.measure("check-in POST p99 (absolute)", checkin.p99_ms, "ms", limit=P99_LIMIT_MS)
        recorded = django_shell(
            env, "from onsite.models import CheckIn; print(CheckIn.objects.active().count())"
        ).split()[-1]
        report.note(f"check-ins recorded: {recorded} (every 201 is one row)")
