"""Workshop groups (`onsite.groups.grouping.assign`): time and quality on a large day.

1,000 participants and 20 parallel workshops (fixed seed): seats for 110 % of the people, a few workshops
much more popular than the rest (choices drawn with weights 1/rank), one in ten naming nothing, three in five
sex given as a woman, a few not given; half the people come with their cooperative (2 to 6 members) whose
members mostly name the same workshops.
- time of `assign` against `linear_sum_assignment` on the plain problem (one column per seat) measured in
  the same run, for each option: target under 2 s, and a ratio printed for the record;
- share of first choices of the optimum against a greedy first-come assignment (each person in id order takes
  their best choice with a seat left, else the emptiest workshop), and the number of people the greedy
  sends outside their choices;
- what balancing the sexes costs in first choices.
Standalone: `python -m bench.bench_grouping` prints with a plain reporter.
Knobs (environment): BENCH_GROUPING_PEOPLE (1000), BENCH_GROUPING_WORKSHOPS (20), BENCH_GROUPING_SEED (2025).
"""

import os
import random
import time

import numpy as np
from scipy.optimize import linear_sum_assignment

from onsite.groups.grouping import RANK_COSTS, UNRANKED_COST, Options, Participant, Workshop, assign

TIME_LIMIT = 2.0  # seconds for 1,000 people × 20 workshops
ROUNDS = 3


def run(report):
    n_people = int(os.environ.get("BENCH_GROUPING_PEOPLE", "1000"))
    n_shops = int(os.environ.get("BENCH_GROUPING_WORKSHOPS", "20"))
    seed = int(os.environ.get("BENCH_GROUPING_SEED", "2025"))
    people, shops = day(n_people, n_shops, seed)
    report.note(
        f"{n_people:,} people, {n_shops} workshops, {sum(w.capacity for w in shops):,} seats (seed {seed}), "
        f"{sum(p.cooperative_id is not None for p in people)} in cooperatives"
    )
    baseline = _best(lambda: plain_assignment(people, shops))
    greedy_first = _first_share(people, greedy(people, shops))
    for label, options in [
        ("plain", Options()),
        ("balance sexes", Options(balance_sexes=True)),
        ("cooperatives together", Options(keep_cooperatives_together=True)),
        ("cooperatives together + balance", Options(keep_cooperatives_together=True, balance_sexes=True)),
    ]:
        grouping = None

        def solve(options=options):
            nonlocal grouping
            grouping = assign(people, shops, options)

        seconds = _best(solve)
        report(f"assign, {label}", seconds, baseline, "s", higher_is_better=False)
        report.measure(f"assign, {label}: within {TIME_LIMIT:.0f} s", seconds, "s", limit=TIME_LIMIT)
        tally = grouping.tally
        report(f"  first choices, {label}", tally["first_choice"] / n_people, greedy_first, "share")
        note = f"  {_tally_line(tally)}; balance excess {grouping.balance_excess} people"
        if grouping.without_balance:
            unbalanced = grouping.without_balance
            flagged = sum(p.balanced_sexes for p in grouping.placements)
            note += (
                f" (without balancing {unbalanced.balance_excess}); balancing cost "
                f"{unbalanced.tally['first_choice'] - tally['first_choice']} first choices, preference cost "
                f"{unbalanced.preference_cost} → {grouping.preference_cost}; {flagged} people told balance "
                "kept them from a better choice"
            )
        report.note(note)
    greedy_tally = _tally(people, greedy(people, shops))
    report.note(f"greedy first-come: {_tally_line(greedy_tally)}")


def day(n_people, n_shops, seed):
    """A realistic day: popular workshops, cooperatives that mostly agree, some people naming nothing."""
    rnd = random.Random(seed)
    popularity = [1 / (rank + 1) for rank in range(n_shops)]
    rnd.shuffle(popularity)
    seats = round(n_people * 1.1)
    shops = [Workshop(j, seats // n_shops + (1 if j < seats % n_shops else 0)) for j in range(n_shops)]

    def choices():
        wanted = rnd.choices([0, 1, 2, 3], [10, 5, 10, 75])[0]
        picked = []
        while len(picked) < min(wanted, n_shops):
            shop = rnd.choices(range(n_shops), popularity)[0]
            if shop not in picked:
                picked.append(shop)
        return tuple(picked)

    people, cooperative = [], 0
    while len(people) < n_people:
        size = rnd.randint(2, 6) if rnd.random() < 0.2 else 1
        cooperative_id = (cooperative := cooperative + 1) if size > 1 else None
        shared = choices()
        for _ in range(min(size, n_people - len(people))):
            sex = rnd.choices(["female", "male", ""], [60, 37, 3])[0]
            own = shared if size > 1 and rnd.random() < 0.8 else choices()
            people.append(Participant(len(people) + 1, sex, cooperative_id, own))
    return people, shops


def greedy(people, shops):
    """First come, first served: best choice with a seat left, else the emptiest workshop."""
    free = {w.id: w.capacity for w in shops}
    chosen = {}
    for person in sorted(people, key=lambda p: p.id):
        open_choices = [w for w in person.preferences if free[w] > 0]
        shop = open_choices[0] if open_choices else max(free, key=lambda w: (free[w], -w))
        if free[shop] > 0:
            free[shop] -= 1
            chosen[person.id] = shop
    return chosen


def plain_assignment(people, shops):
    """The plain problem (people alone, no balance) as a seat matrix for linear_sum_assignment."""
    seats = np.repeat(np.arange(len(shops)), [w.capacity for w in shops])
    column = {w.id: j for j, w in enumerate(shops)}
    cost = np.zeros((len(people), len(shops)))
    for i, person in enumerate(people):
        if person.preferences:
            cost[i, :] = UNRANKED_COST
        for rank, shop in enumerate(person.preferences):
            cost[i, column[shop]] = RANK_COSTS[rank]
    rows, cols = linear_sum_assignment(cost[:, seats])
    return {people[i].id: shops[seats[c]].id for i, c in zip(rows, cols, strict=True)}


def _tally(people, chosen):
    counts = {"first": 0, "second": 0, "third": 0, "outside": 0, "none named": 0, "left out": 0}
    names = ["first", "second", "third"]
    for person in people:
        shop = chosen.get(person.id)
        if shop is None:
            counts["left out"] += 1
        elif not person.preferences:
            counts["none named"] += 1
        elif shop in person.preferences:
            counts[names[person.preferences.index(shop)]] += 1
        else:
            counts["outside"] += 1
    return counts


def _first_share(people, chosen):
    return _tally(people, chosen)["first"] / len(people)


def _tally_line(tally):
    return ", ".join(f"{name.replace('_', ' ')} {count}" for name, count in tally.items())


def _best(action):
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


if __name__ == "__main__":
    from bench.__main__ import Report

    run(Report())
